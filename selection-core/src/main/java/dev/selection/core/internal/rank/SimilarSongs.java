package dev.selection.core.internal.rank;

import dev.selection.api.Embedding;
import dev.selection.api.SimilarResult;
import dev.selection.api.SimilarSong;
import dev.selection.api.SongFeatures;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * "More like these" (no model, no dislikes): ranks a library by similarity to seed songs. The
 * descriptor is the first of the preferred embedding kinds ({@link FeatureSchema#PREFERRED}, then
 * other kinds by name) that a seed and some other song have, else the timbre descriptor. Vectors
 * are put in the ranker's shape (standardised per dimension with the library's mean and standard
 * deviation where the ranker does so — with the ranker's variance floor for embedding kinds —, then
 * unit length), and each song is scored by {@link Scorer}.
 *
 * <p>Two streaming passes over the library: the first gathers the statistics and the seeds'
 * vectors, the second scores every song and keeps the best {@code k} in a heap, so memory does not
 * grow with the library.
 */
public final class SimilarSongs {
  /** How a song is scored against the seeds. */
  public enum Scorer {
    /** Cosine to the centroid of the seeds' unit vectors (the default, see docs/efficientat.md). */
    CENTROID,
    /** Mean of the cosines to the (up to) five nearest seeds. */
    NEAREST5
  }

  private SimilarSongs() {}

  /**
   * Ranks the library.
   *
   * @param seedIds the seeds
   * @param k how many songs to return, 0 for all
   * @param library walks every stored song (called twice)
   * @param scorer how songs are scored
   */
  public static SimilarResult rank(
      Collection<String> seedIds, int k, Consumer<Consumer<SongFeatures>> library, Scorer scorer) {
    Objects.requireNonNull(seedIds, "seedIds");
    if (k < 0) {
      throw new IllegalArgumentException("k must be >= 0: " + k);
    }
    Set<String> seeds = new LinkedHashSet<>(seedIds);
    // Pass 1: which kinds the seeds have, the library's statistics of each, the seeds' features.
    Map<String, SongFeatures> seedFeatures = new java.util.HashMap<>();
    Set<String> kinds = new TreeSet<>();
    Set<String> otherKinds = new java.util.HashSet<>();
    Stats timbre = new Stats();
    Map<String, Stats> stats = new java.util.HashMap<>();
    library.accept(
        f -> {
          if (seeds.contains(f.songId())) {
            seedFeatures.put(f.songId(), f);
            kinds.addAll(f.embeddings().keySet());
          } else {
            otherKinds.addAll(f.embeddings().keySet());
          }
          for (Map.Entry<String, Embedding> e : f.embeddings().entrySet()) {
            stats.computeIfAbsent(e.getKey(), x -> new Stats()).add(e.getValue().vector());
          }
          float[] t = f.timbre();
          if (t != null) {
            timbre.add(t);
          }
        });
    kinds.retainAll(otherKinds);
    String descriptor = null;
    for (String p : FeatureSchema.PREFERRED) {
      if (kinds.contains(p)) {
        descriptor = p;
        break;
      }
    }
    if (descriptor == null && !kinds.isEmpty()) {
      descriptor = kinds.iterator().next();
    }
    if (descriptor == null) {
      descriptor = SongFeatures.TIMBRE;
    }
    String kind = descriptor;
    Stats st = kind.equals(SongFeatures.TIMBRE) ? timbre : stats.get(kind);
    boolean standardise =
        kind.equals(SongFeatures.TIMBRE) || !FeatureContext.UNSTANDARDISED_KINDS.contains(kind);
    Shape shape = st == null ? null : st.shape(standardise, !kind.equals(SongFeatures.TIMBRE));
    List<float[]> seedVectors = new ArrayList<>();
    List<String> without = new ArrayList<>();
    for (String id : seeds) {
      SongFeatures f = seedFeatures.get(id);
      float[] v = f == null || shape == null ? null : shape.apply(vector(f, kind));
      if (v == null) {
        without.add(id);
      } else {
        seedVectors.add(v);
      }
    }
    if (seedVectors.isEmpty()) {
      return new SimilarResult(
          "", List.of(), without, "No seed has stored features to compare: scan the seeds first");
    }
    float[] centroid = new float[shape.dim];
    for (float[] v : seedVectors) {
      for (int d = 0; d < v.length; d++) {
        centroid[d] += v[d];
      }
    }
    float[] unitCentroid = VectorBlock.unitInPlace(centroid);
    // Pass 2: score every other song, keep the best k.
    PriorityQueue<Scored> best =
        new PriorityQueue<>(
            Comparator.comparingDouble(Scored::score)
                .thenComparing(Scored::id, Comparator.reverseOrder()));
    int[] scored = {0};
    library.accept(
        f -> {
          if (seeds.contains(f.songId())) {
            return;
          }
          float[] v = shape.apply(vector(f, kind));
          if (v == null) {
            return;
          }
          double s = scorer == Scorer.CENTROID ? dot(v, unitCentroid) : nearest(v, seedVectors, 5);
          scored[0]++;
          best.add(new Scored(f.songId(), s));
          if (k > 0 && best.size() > k) {
            best.poll();
          }
        });
    List<Scored> top = new ArrayList<>(best);
    top.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparing(Scored::id));
    List<SimilarSong> items = new ArrayList<>(top.size());
    for (int i = 0; i < top.size(); i++) {
      items.add(new SimilarSong(top.get(i).id, Math.max(-1, Math.min(1, top.get(i).score)), i + 1));
    }
    return new SimilarResult(
        kind,
        items,
        without,
        scored[0]
            + " songs compared with "
            + seedVectors.size()
            + " seeds on "
            + kind
            + (without.isEmpty()
                ? ""
                : "; " + without.size() + " seeds without that vector left out"));
  }

  private record Scored(String id, double score) {}

  private static float[] vector(SongFeatures f, String kind) {
    if (kind.equals(SongFeatures.TIMBRE)) {
      return f.timbre();
    }
    Embedding e = f.embeddings().get(kind);
    return e == null ? null : e.vector();
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }

  private static double nearest(float[] v, List<float[]> seeds, int n) {
    double[] sims = new double[seeds.size()];
    for (int i = 0; i < sims.length; i++) {
      sims[i] = dot(v, seeds.get(i));
    }
    java.util.Arrays.sort(sims);
    int m = Math.min(n, sims.length);
    double s = 0;
    for (int i = 0; i < m; i++) {
      s += sims[sims.length - 1 - i];
    }
    return s / m;
  }

  /** Running per-dimension sums of one vector kind, for its most common length. */
  private static final class Stats {
    private final Map<Integer, double[][]> byDim = new java.util.HashMap<>();
    private final Map<Integer, Integer> counts = new java.util.HashMap<>();

    void add(float[] v) {
      if (v.length == 0) {
        return;
      }
      double[][] s = byDim.computeIfAbsent(v.length, d -> new double[2][d]);
      for (int d = 0; d < v.length; d++) {
        if (!Float.isFinite(v[d])) {
          return;
        }
      }
      for (int d = 0; d < v.length; d++) {
        s[0][d] += v[d];
        s[1][d] += (double) v[d] * v[d];
      }
      counts.merge(v.length, 1, Integer::sum);
    }

    Shape shape(boolean standardise, boolean floored) {
      if (counts.isEmpty()) {
        return null;
      }
      int dim =
          counts.entrySet().stream()
              .max(
                  Map.Entry.<Integer, Integer>comparingByValue()
                      .thenComparing(Map.Entry.comparingByKey()))
              .orElseThrow()
              .getKey();
      int n = counts.get(dim);
      double[][] s = byDim.get(dim);
      float[] mean = new float[dim];
      double[] var = new double[dim];
      for (int d = 0; d < dim; d++) {
        double m = s[0][d] / n;
        var[d] = n < 2 ? 1 : Math.max(0, s[1][d] / n - m * m);
        mean[d] = standardise && n >= 2 ? (float) m : 0f;
      }
      float[] std = new float[dim];
      if (!standardise) {
        java.util.Arrays.fill(std, 1f);
      } else if (floored) {
        std = FeatureContext.flooredStd(var);
      } else {
        for (int d = 0; d < dim; d++) {
          std[d] = var[d] > 1e-12 ? (float) Math.sqrt(var[d]) : 1f;
        }
      }
      return new Shape(dim, mean, std);
    }
  }

  /** Standardises (when mean/std are not 0/1) and normalises a vector; null when unusable. */
  private record Shape(int dim, float[] mean, float[] std) {
    float[] apply(float[] v) {
      if (v == null || v.length != dim) {
        return null;
      }
      float[] out = new float[dim];
      for (int d = 0; d < dim; d++) {
        out[d] = (v[d] - mean[d]) / std[d];
      }
      double n = VectorBlock.norm(out);
      return Double.isFinite(n) && n > 0 ? VectorBlock.scaleInPlace(out, n) : null;
    }
  }
}
