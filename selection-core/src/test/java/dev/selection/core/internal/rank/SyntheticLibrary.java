package dev.selection.core.internal.rank;

import dev.selection.api.SongFeatures;
import dev.selection.api.SongMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A seeded synthetic library with a learnable taste: songs belong to clusters with their own OpenL3
 * and timbre centroids, tempo, genres and artists; the user likes two of the clusters (so the liked
 * centroid lies between them and a nearest-neighbour model can beat it). About 10% of songs lack an
 * OpenL3 vector and some lack BPM, to exercise the {@code has_*} flags.
 */
public final class SyntheticLibrary {
  /** All songs, in generation order. */
  public final List<SongFeatures> songs = new ArrayList<>();

  /** Cluster of each song. */
  public final Map<String, Integer> cluster = new HashMap<>();

  /** Songs the synthetic user likes. */
  public final List<String> liked = new ArrayList<>();

  /** Songs the synthetic user dislikes. */
  public final List<String> disliked = new ArrayList<>();

  /** Songs without a label. */
  public final List<String> neutral = new ArrayList<>();

  private static final String[] GENRES = {
    "techno", "house", "ambient", "jazz", "rock", "pop", "metal", "folk", "hip hop", "classical"
  };

  /**
   * Generates a library.
   *
   * @param seed random seed
   * @param size number of songs
   * @param openl3Dim OpenL3 length (512 for real features)
   * @param timbreDim timbre length
   */
  public SyntheticLibrary(long seed, int size, int openl3Dim, int timbreDim) {
    Random r = new Random(seed);
    int clusters = 8;
    float[][] oc = new float[clusters][];
    float[][] tc = new float[clusters][];
    for (int c = 0; c < clusters; c++) {
      oc[c] = gaussian(r, openl3Dim, 1);
      tc[c] = gaussian(r, timbreDim, 3);
    }
    for (int i = 0; i < size; i++) {
      int c = r.nextInt(clusters);
      String id = id(seed, i);
      float[] o = add(oc[c], gaussian(r, openl3Dim, 1.1));
      float[] t = add(tc[c], gaussian(r, timbreDim, 3.5));
      for (int d = 0; d < timbreDim; d++) {
        t[d] = t[d] * (d == 0 ? 50 : 1) + (d == 0 ? -200 : 0); // MFCC0-like scale
      }
      List<String> genres = List.of(GENRES[c % GENRES.length], GENRES[r.nextInt(GENRES.length)]);
      SongMetadata md =
          new SongMetadata(
              "Track " + word(r) + " " + word(r),
              "artist " + c + "-" + r.nextInt(6),
              r.nextInt(3) == 0 ? null : "album " + c + word(r),
              genres,
              1970 + c * 5 + r.nextInt(8),
              r.nextInt(4) == 0 ? "mood " + (c < 2 ? "dark" : word(r)) : null);
      SongFeatures.Builder b =
          SongFeatures.builder(id)
              .fileHash("f" + i)
              .timbre(t)
              .chromaprintSimhash(r.nextLong())
              .rmsMean(0.05 + 0.2 * r.nextDouble())
              .hpcp(positive(gaussian(r, 12, 1)))
              .key(
                  new String[] {"C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"}
                          [r.nextInt(12)]
                      + (r.nextBoolean() ? " major" : " minor"))
              .durationSec(120 + 300 * r.nextDouble())
              .bitrateKbps(r.nextBoolean() ? 320.0 : 192.0)
              .metadata(md);
      if (r.nextInt(10) != 0) {
        b.openl3Vector(o).modelVersion("openl3-test");
      }
      if (r.nextInt(8) != 0) {
        b.bpm(90 + c * 8 + 4 * r.nextGaussian());
      }
      songs.add(b.build());
      cluster.put(id, c);
      double pLike = c < 2 ? 0.65 : 0.02;
      double u = r.nextDouble();
      if (r.nextInt(3) == 0) {
        neutral.add(id);
      } else if (u < pLike) {
        liked.add(id);
      } else {
        disliked.add(id);
      }
    }
  }

  /**
   * Returns copies of the songs with an EfficientAT-like embedding as well: non-negative
   * activations (a large component shared by every song, plus each cluster's own pattern and noise,
   * clipped at 0) of {@code dim} values, missing for about one song in twelve.
   */
  public List<SongFeatures> withEfficientAt(long seed, int dim) {
    Random r = new Random(seed ^ 0x3c6ef372L);
    float[] common = positive(gaussian(r, dim, 2));
    Map<Integer, float[]> centre = new HashMap<>();
    List<SongFeatures> out = new ArrayList<>();
    for (SongFeatures f : songs) {
      int c = cluster.get(f.songId());
      float[] pattern = centre.computeIfAbsent(c, k -> gaussian(r, dim, 0.6));
      float[] v = add(add(common, pattern), gaussian(r, dim, 0.5));
      for (int d = 0; d < dim; d++) {
        v[d] = Math.max(0, v[d]);
      }
      out.add(
          r.nextInt(12) == 0
              ? f
              : f.toBuilder()
                  .embedding(
                      SongFeatures.EFFICIENTAT,
                      new dev.selection.api.Embedding(v, 4, "efficientat-test"))
                  .build());
    }
    return out;
  }

  /** Returns the songs as a feature source. */
  public FeatureSource source() {
    Map<String, SongFeatures> byId = new HashMap<>();
    for (SongFeatures f : songs) {
      byId.put(f.songId(), f);
    }
    return ids -> {
      Map<String, SongFeatures> out = new HashMap<>();
      for (String id : ids) {
        SongFeatures f = byId.get(id);
        if (f != null) {
          out.put(id, f);
        }
      }
      return out;
    };
  }

  /** Returns a deterministic valid song id. */
  public static String id(long seed, int i) {
    return String.format(Locale.ROOT, "%016x%016x%016x%016x", seed, i, seed ^ 0x5bd1e995L, i * 31L);
  }

  private static String word(Random r) {
    String[] w = {
      "night", "sun", "river", "echo", "glass", "fire", "dream", "stone", "blue", "wave"
    };
    return w[r.nextInt(w.length)];
  }

  private static float[] gaussian(Random r, int dim, double sd) {
    float[] v = new float[dim];
    for (int d = 0; d < dim; d++) {
      v[d] = (float) (r.nextGaussian() * sd / Math.sqrt(dim) * Math.sqrt(dim));
    }
    return v;
  }

  private static float[] positive(float[] v) {
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.abs(v[i]);
    }
    return v;
  }

  private static float[] add(float[] a, float[] b) {
    float[] o = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      o[i] = a[i] + b[i];
    }
    return o;
  }
}
