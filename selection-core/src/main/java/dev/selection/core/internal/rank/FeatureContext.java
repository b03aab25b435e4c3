package dev.selection.core.internal.rank;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selection.api.Embedding;
import dev.selection.api.SongFeatures;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Library statistics the features depend on, fixed at training time and stored inside the booster
 * (as an attribute, so the model's checksum covers it) so that prediction computes features exactly
 * as training did: the timbre descriptor's length and per-dimension mean/std (timbre statistics mix
 * MFCCs and spectral shape of very different scales, so each dimension is standardised before
 * cosine), the learned-embedding kinds of the model with their own statistics ({@link KindStats}),
 * and the text IDF table. None of it uses labels: it is computed over the library's stored
 * features.
 *
 * <p>Terms of the IDF table get dense ids (in sorted term order) so that text vectors are int/float
 * arrays and the liked set's inverted index is an array. Immutable and thread-safe.
 */
public final class FeatureContext {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Most terms kept in the IDF table (the most frequent ones). */
  static final int MAX_TERMS = 50_000;

  /**
   * One learned-embedding kind of the model: its dimension and how its vectors are put in shape
   * before the cosine. OpenL3 vectors are used as they are (they are L2-normalised means of
   * windows); other kinds (EfficientAT's pooled activations, a host's) are standardised per
   * dimension with the library's mean and a floored standard deviation ({@link #flooredStd}): raw
   * activations are non-negative and share a large common component, so raw cosines crowd near 1,
   * and the floor keeps dimensions that barely vary in the library from being blown up
   * (docs/efficientat.md measures raw, centred, standardised and floored).
   *
   * @param kind the embedding kind
   * @param dim the vector length the model expects
   * @param mean per-dimension mean, or null to use vectors as they are
   * @param std per-dimension standard deviation (never 0), or null to use vectors as they are
   */
  public record KindStats(String kind, int dim, float[] mean, float[] std) {
    /** Validates the shapes. */
    public KindStats {
      Objects.requireNonNull(kind, "kind");
      if (dim < 1
          || (mean == null) != (std == null)
          || (mean != null && (mean.length != dim || std.length != dim))) {
        throw new IllegalArgumentException("Bad statistics of embedding kind " + kind);
      }
    }

    /** Returns whether the vectors are standardised. */
    public boolean standardised() {
      return mean != null;
    }
  }

  /** The variance floor of standardised embedding kinds, as a fraction of the mean variance. */
  static final double VARIANCE_FLOOR = 0.1;

  /**
   * Returns {@code sqrt(var[d] + VARIANCE_FLOOR * mean(var))} per dimension (1 where that is 0):
   * the scale of a standardised embedding kind.
   */
  static float[] flooredStd(double[] variance) {
    double mean = 0;
    for (double v : variance) {
      mean += v / variance.length;
    }
    float[] std = new float[variance.length];
    for (int d = 0; d < std.length; d++) {
      double s = Math.sqrt(Math.max(0, variance[d]) + VARIANCE_FLOOR * mean);
      std[d] = s > 1e-12 ? (float) s : 1f;
    }
    return std;
  }

  /** Kinds used as stored (already unit-length pooled vectors). */
  static final Set<String> UNSTANDARDISED_KINDS = Set.of(SongFeatures.OPENL3);

  private final int timbreDim;
  private final List<KindStats> embeddings;
  private final float[] timbreMean;
  private final float[] timbreStd;
  private final Map<String, Float> idf;
  private final float unknownIdf;
  private final Map<String, Integer> termId = new HashMap<>();
  private final float[] idfById;

  /**
   * Creates a context.
   *
   * @param timbreDim expected timbre length, 0 when no song had one
   * @param timbreMean per-dimension mean
   * @param timbreStd per-dimension standard deviation (never 0)
   * @param idf term to inverse document frequency
   * @param unknownIdf IDF of a term missing from {@code idf}
   * @param embeddings the model's embedding kinds in column order, with their statistics
   */
  public FeatureContext(
      int timbreDim,
      float[] timbreMean,
      float[] timbreStd,
      Map<String, Float> idf,
      float unknownIdf,
      List<KindStats> embeddings) {
    Objects.requireNonNull(timbreMean, "timbreMean");
    Objects.requireNonNull(timbreStd, "timbreStd");
    if (timbreMean.length != timbreDim || timbreStd.length != timbreDim) {
      throw new IllegalArgumentException("timbre statistics must have timbreDim entries");
    }
    this.timbreDim = timbreDim;
    this.timbreMean = timbreMean.clone();
    this.timbreStd = timbreStd.clone();
    this.idf = Map.copyOf(idf);
    this.unknownIdf = unknownIdf;
    this.embeddings = List.copyOf(embeddings);
    List<String> terms = new ArrayList<>(idf.keySet());
    java.util.Collections.sort(terms);
    idfById = new float[terms.size()];
    for (int i = 0; i < terms.size(); i++) {
      termId.put(terms.get(i), i);
      idfById[i] = idf.get(terms.get(i));
    }
  }

  /** Returns the model's embedding kinds with their statistics, in column order. */
  public List<KindStats> embeddings() {
    return embeddings;
  }

  /** Returns the feature schema of a model with this context: a column group per embedding kind. */
  public FeatureSchema schema() {
    return FeatureSchema.of(embeddings.stream().map(KindStats::kind).toList());
  }

  /** Returns the expected timbre length (0 when no song had one). */
  public int timbreDim() {
    return timbreDim;
  }

  /** Returns the per-dimension timbre mean (shared, do not modify). */
  float[] timbreMean() {
    return timbreMean;
  }

  /** Returns the per-dimension timbre standard deviation (shared, do not modify). */
  float[] timbreStd() {
    return timbreStd;
  }

  /** Returns the IDF table. */
  public Map<String, Float> idf() {
    return idf;
  }

  /** Returns the IDF of unknown terms. */
  public float unknownIdf() {
    return unknownIdf;
  }

  /** Returns the dense id of a term, or -1 when it is not in the table. */
  int termId(String term) {
    Integer id = termId.get(term);
    return id == null ? -1 : id;
  }

  /** Returns the number of terms in the table. */
  int terms() {
    return idfById.length;
  }

  /**
   * Computes the context from a library (at least the training samples; the whole library when the
   * caller has it). The timbre length is the most common valid one.
   */
  public static FeatureContext fit(Collection<SongFeatures> songs) {
    // A fixed order makes the floating-point sums, and so the model bytes, independent of call
    // order.
    List<SongFeatures> library = new ArrayList<>(songs);
    library.sort(java.util.Comparator.comparing(SongFeatures::songId));
    Map<Integer, Integer> dims = new HashMap<>();
    for (SongFeatures f : library) {
      float[] t = f.timbre();
      if (t != null && t.length > 0 && Double.isFinite(VectorBlock.norm(t))) {
        dims.merge(t.length, 1, Integer::sum);
      }
    }
    int dim =
        dims.entrySet().stream()
            .max(
                Map.Entry.<Integer, Integer>comparingByValue()
                    .thenComparing(Map.Entry.comparingByKey()))
            .map(Map.Entry::getKey)
            .orElse(0);
    double[] sum = new double[dim];
    double[] sq = new double[dim];
    int n = 0;
    Map<String, Integer> df = new HashMap<>();
    int docs = 0;
    for (SongFeatures f : library) {
      float[] t = f.timbre();
      if (t != null && t.length == dim && dim > 0 && Double.isFinite(VectorBlock.norm(t))) {
        for (int d = 0; d < dim; d++) {
          sum[d] += t[d];
          sq[d] += (double) t[d] * t[d];
        }
        n++;
      }
      List<String> tokens = TextVectors.tokens(f.metadata());
      if (!tokens.isEmpty()) {
        docs++;
        for (String tok : new HashSet<>(tokens)) {
          df.merge(tok, 1, Integer::sum);
        }
      }
    }
    float[] mean = new float[dim];
    float[] std = new float[dim];
    for (int d = 0; d < dim; d++) {
      double m = n == 0 ? 0 : sum[d] / n;
      double v = n == 0 ? 1 : Math.max(0, sq[d] / n - m * m);
      mean[d] = (float) m;
      std[d] = (float) (v > 1e-12 ? Math.sqrt(v) : 1.0);
    }
    List<KindStats> kinds = embeddingStats(library);
    List<Map.Entry<String, Integer>> terms = new ArrayList<>(df.entrySet());
    terms.sort(
        Map.Entry.<String, Integer>comparingByValue()
            .reversed()
            .thenComparing(Map.Entry.comparingByKey()));
    Map<String, Float> idf = new HashMap<>();
    for (int i = 0; i < Math.min(MAX_TERMS, terms.size()); i++) {
      idf.put(terms.get(i).getKey(), TextVectors.idf(terms.get(i).getValue(), docs));
    }
    return new FeatureContext(dim, mean, std, idf, TextVectors.idf(0, docs), kinds);
  }

  /**
   * The embedding kinds of a library, sorted by name: every kind some song has a usable vector of,
   * with the most common length, and (but for {@link #UNSTANDARDISED_KINDS}) the per-dimension mean
   * and standard deviation over the songs with a vector of that length.
   */
  private static List<KindStats> embeddingStats(List<SongFeatures> library) {
    Map<String, Map<Integer, Integer>> dims = new java.util.TreeMap<>();
    for (SongFeatures f : library) {
      for (Map.Entry<String, Embedding> e : f.embeddings().entrySet()) {
        float[] v = e.getValue().vector();
        if (v.length > 0) {
          dims.computeIfAbsent(e.getKey(), k -> new HashMap<>()).merge(v.length, 1, Integer::sum);
        }
      }
    }
    List<KindStats> out = new ArrayList<>();
    for (Map.Entry<String, Map<Integer, Integer>> k : dims.entrySet()) {
      String kind = k.getKey();
      int dim =
          k.getValue().entrySet().stream()
              .max(
                  Map.Entry.<Integer, Integer>comparingByValue()
                      .thenComparing(Map.Entry.comparingByKey()))
              .orElseThrow()
              .getKey();
      if (UNSTANDARDISED_KINDS.contains(kind)) {
        out.add(new KindStats(kind, dim, null, null));
        continue;
      }
      double[] sum = new double[dim];
      double[] sq = new double[dim];
      int n = 0;
      for (SongFeatures f : library) {
        Embedding e = f.embeddings().get(kind);
        if (e != null && e.dimension() == dim) {
          float[] v = e.vector();
          for (int d = 0; d < dim; d++) {
            sum[d] += v[d];
            sq[d] += (double) v[d] * v[d];
          }
          n++;
        }
      }
      float[] mean = new float[dim];
      double[] var = new double[dim];
      for (int d = 0; d < dim; d++) {
        double m = sum[d] / n;
        var[d] = n < 2 ? 1 : Math.max(0, sq[d] / n - m * m);
        mean[d] = n < 2 ? 0f : (float) m;
      }
      out.add(new KindStats(kind, dim, mean, flooredStd(var)));
    }
    return out;
  }

  /** Serialises to JSON (sorted IDF keys, so equal contexts give equal bytes). */
  public String toJson() {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("timbreDim", timbreDim);
    m.put("timbreMean", timbreMean);
    m.put("timbreStd", timbreStd);
    m.put("idf", new java.util.TreeMap<>(idf));
    m.put("unknownIdf", unknownIdf);
    List<Map<String, Object>> kinds = new ArrayList<>();
    for (KindStats k : embeddings) {
      Map<String, Object> e = new java.util.LinkedHashMap<>();
      e.put("kind", k.kind());
      e.put("dim", k.dim());
      if (k.standardised()) {
        e.put("mean", k.mean());
        e.put("std", k.std());
      }
      kinds.add(e);
    }
    m.put("embeddings", kinds);
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialise feature context", e);
    }
  }

  /**
   * Parses {@link #toJson()} output.
   *
   * @throws IllegalArgumentException when malformed
   */
  public static FeatureContext fromJson(String json) {
    try {
      Map<?, ?> m = JSON.readValue(json, Map.class);
      int dim = ((Number) m.get("timbreDim")).intValue();
      Map<String, Float> idf = new HashMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) m.get("idf")).entrySet()) {
        idf.put((String) e.getKey(), ((Number) e.getValue()).floatValue());
      }
      List<KindStats> kinds = new ArrayList<>();
      Object list = m.get("embeddings");
      if (list != null) {
        for (Object o : (List<?>) list) {
          Map<?, ?> e = (Map<?, ?>) o;
          kinds.add(
              new KindStats(
                  (String) e.get("kind"),
                  ((Number) e.get("dim")).intValue(),
                  e.get("mean") == null ? null : floats(e.get("mean")),
                  e.get("std") == null ? null : floats(e.get("std"))));
        }
      }
      return new FeatureContext(
          dim,
          floats(m.get("timbreMean")),
          floats(m.get("timbreStd")),
          idf,
          ((Number) m.get("unknownIdf")).floatValue(),
          kinds);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new IllegalArgumentException("Malformed feature context: " + e.getMessage(), e);
    }
  }

  private static float[] floats(Object o) {
    List<?> l = (List<?>) o;
    float[] out = new float[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) l.get(i)).floatValue();
    }
    return out;
  }
}
