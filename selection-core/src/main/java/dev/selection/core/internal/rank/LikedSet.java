package dev.selection.core.internal.rank;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The liked songs that candidates are compared against, packed for the feature builder: vector blocks
 * for OpenL3, timbre and HPCP, counts of artists and albums, an inverted index of text terms. Built once
 * per training fold or per loaded model. Immutable and thread-safe.
 */
public final class LikedSet {
  final List<PreparedSong> songs;
  final Map<String, Integer> index;
  final VectorBlock openl3;
  final int[] openl3Row;
  final VectorBlock timbre;
  final int[] timbreRow;
  final VectorBlock hpcp;
  final int[] hpcpRow;
  final Map<String, Integer> artistCount = new HashMap<>();
  final Map<String, Integer> albumCount = new HashMap<>();
  final Map<String, int[]> textSongs = new HashMap<>();
  final Map<String, float[]> textWeights = new HashMap<>();

  /** Packs distinct liked songs (a repeated id is kept once). */
  public LikedSet(List<PreparedSong> liked) {
    Map<String, PreparedSong> byId = new LinkedHashMap<>();
    for (PreparedSong s : liked) {
      byId.putIfAbsent(s.id, s);
    }
    songs = List.copyOf(byId.values());
    index = new HashMap<>();
    for (int i = 0; i < songs.size(); i++) {
      index.put(songs.get(i).id, i);
    }
    openl3Row = new int[songs.size()];
    timbreRow = new int[songs.size()];
    hpcpRow = new int[songs.size()];
    openl3 = block(songs, s -> s.openl3, openl3Row);
    timbre = block(songs, s -> s.timbre, timbreRow);
    hpcp = block(songs, s -> s.hpcp, hpcpRow);
    Map<String, List<Integer>> ts = new HashMap<>();
    Map<String, List<Float>> tw = new HashMap<>();
    for (int i = 0; i < songs.size(); i++) {
      PreparedSong s = songs.get(i);
      if (s.artist != null) {
        artistCount.merge(s.artist, 1, Integer::sum);
      }
      if (s.album != null) {
        albumCount.merge(s.album, 1, Integer::sum);
      }
      for (Map.Entry<String, Float> e : s.text.entrySet()) {
        ts.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(i);
        tw.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
      }
    }
    for (Map.Entry<String, List<Integer>> e : ts.entrySet()) {
      List<Float> w = tw.get(e.getKey());
      int[] ids = new int[w.size()];
      float[] ws = new float[w.size()];
      for (int k = 0; k < ids.length; k++) {
        ids[k] = e.getValue().get(k);
        ws[k] = w.get(k);
      }
      textSongs.put(e.getKey(), ids);
      textWeights.put(e.getKey(), ws);
    }
  }

  /** Returns the number of distinct liked songs. */
  public int size() {
    return songs.size();
  }

  /** Returns the liked song ids in order. */
  public List<String> ids() {
    return songs.stream().map(PreparedSong::id).toList();
  }

  /** Returns the index of a liked song, or -1. */
  public int indexOf(String id) {
    return index.getOrDefault(id, -1);
  }

  private static VectorBlock block(
      List<PreparedSong> songs, java.util.function.Function<PreparedSong, float[]> get, int[] rowOf) {
    List<float[]> rows = new ArrayList<>();
    int dim = 0;
    for (int i = 0; i < songs.size(); i++) {
      float[] v = get.apply(songs.get(i));
      rowOf[i] = v == null ? -1 : rows.size();
      if (v != null) {
        rows.add(v);
        dim = v.length;
      }
    }
    return rows.isEmpty() ? null : VectorBlock.normalized(rows, dim);
  }
}
