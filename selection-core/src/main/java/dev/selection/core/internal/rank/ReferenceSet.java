package dev.selection.core.internal.rank;

import dev.selection.api.MusicalKey;
import dev.selection.api.MusicalKey.Mode;
import dev.selection.core.internal.dsp.tonal.Keys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reference set: the songs that candidates are compared against — the liked songs, or the
 * contrast snapshot of disliked songs — packed for the feature builder: vector blocks for each
 * embedding kind, timbre and HPCP, counts of artists and albums, sorted tempo, duration and year
 * values, an inverted index of text terms. (Named {@code LikedSet} before, although it holds the
 * disliked snapshot just as well.) Built once per training fold or per loaded model. Immutable and
 * thread-safe.
 */
public final class ReferenceSet {
  final List<PreparedSong> songs;
  final Map<String, Integer> index;

  /** One block per embedding kind (in the context's order); null where no song has that kind. */
  final VectorBlock[] embedding;

  /** Per kind: the block row of each song, -1 where it has no vector. */
  final int[][] embeddingRow;

  final VectorBlock timbre;
  final int[] timbreRow;
  final VectorBlock hpcp;
  final int[] hpcpRow;

  /**
   * The blocks with their centroid terms precomputed, for every batch (null where the block is).
   */
  final SimilarityKernel.Reference[] embeddingRef;

  final SimilarityKernel.Reference timbreRef;
  final SimilarityKernel.Reference hpcpRef;
  final Map<String, Integer> artistCount = new HashMap<>();
  final Map<String, Integer> albumCount = new HashMap<>();

  /** Inverted index: term id to the liked songs having it, and their weights. */
  final int[][] textSongs;

  final float[][] textWeights;

  /**
   * For terms that at least one liked song in {@value #DENSE_TEXT_FRACTION} has: the weights as a
   * dense row over all liked songs (0 where absent), so that accumulating them is a vectorisable
   * loop instead of scattered adds; null for other terms. The products and their order per liked
   * song are the same as through the postings, so the result is identical.
   */
  final double[][] textDense;

  /** A term is kept dense when its document frequency is at least size / this. */
  static final int DENSE_TEXT_FRACTION = 8;

  final boolean anyText;
  final Map<String, Integer> genreId = new HashMap<>();
  final int artistTotal;
  final double[] bpmSorted;
  final double[] durationSorted;
  final double[] yearSorted;
  final int[] keyCount = new int[24];
  final long[] simhash;
  final boolean[] hasSimhash;

  /** Camelot distance between key indices ({@link #keyIndex}). */
  static final int[][] CAMELOT = new int[24][24];

  /** Semitone distance (+1 for a mode change) between key indices. */
  static final int[][] SEMITONE = new int[24][24];

  static {
    for (int a = 0; a < 24; a++) {
      for (int b = 0; b < 24; b++) {
        MusicalKey ka = new MusicalKey(a / 2, a % 2 == 1 ? Mode.MINOR : Mode.MAJOR);
        MusicalKey kb = new MusicalKey(b / 2, b % 2 == 1 ? Mode.MINOR : Mode.MAJOR);
        CAMELOT[a][b] = Keys.camelotDistance(ka, kb);
        SEMITONE[a][b] = Keys.semitoneDistance(ka, kb);
      }
    }
  }

  final int albumTotal;
  final int[][] genres;

  /** Genre bit sets, when the liked vocabulary has at most 64 genres; else null. */
  final long[] genreMask;

  /** Packs distinct songs (a repeated id is kept once), in their order. */
  public ReferenceSet(List<PreparedSong> members) {
    Map<String, PreparedSong> byId = new LinkedHashMap<>();
    for (PreparedSong s : members) {
      byId.putIfAbsent(s.id, s);
    }
    songs = List.copyOf(byId.values());
    index = new HashMap<>();
    for (int i = 0; i < songs.size(); i++) {
      index.put(songs.get(i).id, i);
    }
    int kinds = songs.isEmpty() ? 0 : songs.get(0).embeddings.length;
    embedding = new VectorBlock[kinds];
    embeddingRow = new int[kinds][];
    embeddingRef = new SimilarityKernel.Reference[kinds];
    for (int k = 0; k < kinds; k++) {
      int kind = k;
      embeddingRow[k] = new int[songs.size()];
      embedding[k] = block(songs, s -> s.embeddings[kind], embeddingRow[k]);
      embeddingRef[k] = embedding[k] == null ? null : SimilarityKernel.Reference.of(embedding[k]);
    }
    timbreRow = new int[songs.size()];
    hpcpRow = new int[songs.size()];
    timbre = block(songs, s -> s.timbre, timbreRow);
    hpcp = block(songs, s -> s.hpcp, hpcpRow);
    timbreRef = timbre == null ? null : SimilarityKernel.Reference.of(timbre);
    hpcpRef = hpcp == null ? null : SimilarityKernel.Reference.of(hpcp);
    genres = new int[songs.size()][];
    for (int i = 0; i < songs.size(); i++) {
      genres[i] = genreIds(songs.get(i).genres, true);
    }
    if (genreId.size() <= 64) {
      genreMask = new long[songs.size()];
      for (int i = 0; i < songs.size(); i++) {
        for (int g : genres[i]) {
          genreMask[i] |= 1L << g;
        }
      }
    } else {
      genreMask = null;
    }
    int maxTerm = -1;
    boolean text = false;
    for (PreparedSong s : songs) {
      text |= s.hasText;
      for (int id : s.textIds) {
        maxTerm = Math.max(maxTerm, id);
      }
    }
    anyText = text;
    int[] df = new int[maxTerm + 1];
    for (PreparedSong s : songs) {
      for (int id : s.textIds) {
        df[id]++;
      }
    }
    textSongs = new int[maxTerm + 1][];
    textWeights = new float[maxTerm + 1][];
    for (int t = 0; t <= maxTerm; t++) {
      textSongs[t] = new int[df[t]];
      textWeights[t] = new float[df[t]];
    }
    textDense = new double[maxTerm + 1][];
    for (int t = 0; t <= maxTerm; t++) {
      if (df[t] > 0 && (long) df[t] * DENSE_TEXT_FRACTION >= songs.size()) {
        textDense[t] = new double[songs.size()];
      }
    }
    int[] fill = new int[maxTerm + 1];
    for (int i = 0; i < songs.size(); i++) {
      PreparedSong s = songs.get(i);
      if (s.artist != null) {
        artistCount.merge(s.artist, 1, Integer::sum);
      }
      if (s.album != null) {
        albumCount.merge(s.album, 1, Integer::sum);
      }
      for (int k = 0; k < s.textIds.length; k++) {
        int t = s.textIds[k];
        textSongs[t][fill[t]] = i;
        textWeights[t][fill[t]++] = s.textWeights[k];
        if (textDense[t] != null) {
          textDense[t][i] = s.textWeights[k];
        }
      }
    }
    bpmSorted = sorted(songs, x -> x.bpm);
    durationSorted = sorted(songs, x -> x.durationSec);
    yearSorted = sorted(songs, x -> x.year);
    simhash = new long[songs.size()];
    hasSimhash = new boolean[songs.size()];
    for (int i = 0; i < songs.size(); i++) {
      PreparedSong s = songs.get(i);
      simhash[i] = s.simhash;
      hasSimhash[i] = s.hasSimhash;
      if (s.key != null) {
        keyCount[keyIndex(s.key)]++;
      }
    }
    artistTotal = artistCount.values().stream().mapToInt(Integer::intValue).sum();
    albumTotal = albumCount.values().stream().mapToInt(Integer::intValue).sum();
  }

  /**
   * Maps genres to sorted ids of this set's genre vocabulary; a genre no liked song has gets a
   * distinct negative id (it counts in the union, never in an intersection).
   */
  int[] genreIds(java.util.Set<String> names, boolean add) {
    int[] ids = new int[names.size()];
    int k = 0;
    int unknown = -1;
    for (String g : names) {
      Integer id = add ? genreId.computeIfAbsent(g, x -> genreId.size()) : genreId.get(g);
      ids[k++] = id == null ? unknown-- : id;
    }
    java.util.Arrays.sort(ids);
    return ids;
  }

  /** Returns the index 0..23 of a key: {@code 2 * pitchClass + (minor ? 1 : 0)}. */
  static int keyIndex(MusicalKey k) {
    return 2 * k.tonicPitchClass() + (k.mode() == Mode.MINOR ? 1 : 0);
  }

  private static double[] sorted(
      List<PreparedSong> songs, java.util.function.ToDoubleFunction<PreparedSong> get) {
    return songs.stream().mapToDouble(get).filter(x -> !Double.isNaN(x)).sorted().toArray();
  }

  /**
   * Returns the smallest {@code |x - s[i]|} over a sorted array, leaving out one element equal to
   * {@code exclude} (NaN: none); NaN when {@code x} is NaN or nothing is left.
   */
  static double nearest(double[] s, double x, double exclude) {
    if (Double.isNaN(x) || s.length == 0) {
      return Double.NaN;
    }
    int i = java.util.Arrays.binarySearch(s, x);
    if (i < 0) {
      i = -i - 1;
    }
    boolean skip = !Double.isNaN(exclude);
    double best = Double.NaN;
    for (int j = i - 1; j >= 0; j--) {
      if (skip && s[j] == exclude) {
        skip = false;
        continue;
      }
      best = x - s[j];
      break;
    }
    for (int j = i; j < s.length; j++) {
      if (skip && s[j] == exclude) {
        skip = false;
        continue;
      }
      double d = s[j] - x;
      best = Double.isNaN(best) ? d : Math.min(best, d);
      break;
    }
    return best;
  }

  /** Returns the block of an embedding kind (by its index in the context), or null. */
  VectorBlock embedding(int kind) {
    return kind < embedding.length ? embedding[kind] : null;
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
      List<PreparedSong> songs,
      java.util.function.Function<PreparedSong, float[]> get,
      int[] rowOf) {
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
    return rows.isEmpty() ? null : VectorBlock.packed(rows, VectorBlock.paddedDim(dim));
  }
}
