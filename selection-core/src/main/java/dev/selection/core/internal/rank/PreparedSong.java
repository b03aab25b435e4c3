package dev.selection.core.internal.rank;

import dev.selection.api.MusicalKey;
import dev.selection.api.SongFeatures;
import dev.selection.api.SongMetadata;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One song's inputs, validated and put in the form the feature builder needs. Invalid stored values
 * (NaN or infinite numbers, vectors of the wrong length or with non-finite entries, zero vectors,
 * unparsable keys) become "missing" — the {@code has_*} flag is false and the feature NaN — and the
 * reason is kept in {@link #issues()}. Vectors are kept L2-normalised (timbre and standardised
 * embedding kinds after per-dimension standardisation; HPCP folded to 12 bins and centred).
 * Immutable.
 */
public final class PreparedSong {
  final String id;

  /** One vector per embedding kind of the context, in its order; null where missing. */
  final float[][] embeddings;

  final float[] timbre;
  final long simhash;
  final boolean hasSimhash;
  final float[] hpcp;
  final double bpm;
  final MusicalKey key;
  final double durationSec;
  final double bitrateKbps;
  final double rmsMean;
  final String artist;
  final String album;
  final Set<String> genres;
  final double year;
  final boolean hasText;
  final int[] textIds;
  final float[] textWeights;
  private final List<String> issues;

  private PreparedSong(SongFeatures f, FeatureContext ctx) {
    List<String> why = new ArrayList<>();
    id = f.songId();
    // The accessors return copies, so the vectors are normalised in place.
    List<FeatureContext.KindStats> kinds = ctx.embeddings();
    embeddings = new float[kinds.size()][];
    for (int k = 0; k < kinds.size(); k++) {
      FeatureContext.KindStats ks = kinds.get(k);
      dev.selection.api.Embedding e = f.embeddings().get(ks.kind());
      float[] v = e == null ? null : e.vector();
      if (v != null && ks.standardised() && v.length == ks.dim()) {
        float[] mean = ks.mean();
        float[] std = ks.std();
        for (int d = 0; d < v.length; d++) {
          v[d] = (v[d] - mean[d]) / std[d];
        }
      }
      // One norm per vector: it validates the values and normalises them.
      double n = v == null ? 0 : VectorBlock.norm(v);
      v = vector(v, n, ks.dim(), ks.kind(), why);
      embeddings[k] = v == null ? null : VectorBlock.scaleInPlace(v, n);
    }
    float[] t = f.timbre();
    t = vector(t, t == null ? 0 : VectorBlock.norm(t), ctx.timbreDim(), "timbre", why);
    if (t != null) {
      float[] mean = ctx.timbreMean();
      float[] std = ctx.timbreStd();
      for (int d = 0; d < t.length; d++) {
        t[d] = (t[d] - mean[d]) / std[d];
      }
      t = VectorBlock.unitInPlace(t);
    }
    timbre = t;
    hasSimhash = f.chromaprintSimhash() != null;
    simhash = hasSimhash ? f.chromaprintSimhash() : 0L;
    hpcp = hpcp(f.hpcp(), why);
    bpm = positive(f.bpm(), 1000, "bpm", why);
    key = key(f.key(), why);
    durationSec = positive(f.durationSec(), 1e7, "durationSec", why);
    bitrateKbps = positive(f.bitrateKbps(), 1e5, "bitrateKbps", why);
    double rms = f.rmsMean() == null ? Double.NaN : f.rmsMean();
    if (f.rmsMean() != null && !(Double.isFinite(rms) && rms >= 0)) {
      why.add("rmsMean " + rms + " ignored");
      rms = Double.NaN;
    }
    rmsMean = rms;
    SongMetadata md = f.metadata() == null ? SongMetadata.EMPTY : f.metadata();
    artist = norm(md.artist());
    album = norm(md.album());
    Set<String> g = new LinkedHashSet<>();
    for (String s : md.genres()) {
      g.add(s.toLowerCase(Locale.ROOT));
    }
    genres = Collections.unmodifiableSet(g);
    year = md.year() == null ? Double.NaN : md.year();
    Map<String, Float> tv = TextVectors.tfidf(TextVectors.tokens(md), ctx.idf(), ctx.unknownIdf());
    hasText = !tv.isEmpty();
    int[] ids = new int[tv.size()];
    float[] ws = new float[tv.size()];
    int k = 0;
    for (Map.Entry<String, Float> e : tv.entrySet()) {
      int id = ctx.termId(e.getKey());
      if (id >= 0) { // a term outside the vocabulary cannot match a liked song's term
        ids[k] = id;
        ws[k++] = e.getValue();
      }
    }
    textIds = java.util.Arrays.copyOf(ids, k);
    textWeights = java.util.Arrays.copyOf(ws, k);
    issues = List.copyOf(why);
  }

  /** Validates and prepares one song's stored features under a feature context. */
  public static PreparedSong of(SongFeatures features, FeatureContext ctx) {
    return new PreparedSong(features, ctx);
  }

  /** Returns the song id. */
  public String id() {
    return id;
  }

  /** Returns why stored values were ignored (empty when all were usable). */
  public List<String> issues() {
    return issues;
  }

  /** Returns {@code v} when usable, given its norm {@code n}; else null with the reason noted. */
  private static float[] vector(float[] v, double n, int dim, String what, List<String> why) {
    if (v == null) {
      return null;
    }
    if (v.length != dim) {
      why.add(what + " has " + v.length + " values, expected " + dim + ": ignored");
      return null;
    }
    if (Double.isNaN(n) || Double.isInfinite(n)) {
      why.add(what + " has non-finite values: ignored");
      return null;
    }
    if (n == 0) {
      why.add(what + " is all zeros: ignored");
      return null;
    }
    return v;
  }

  /**
   * Folds 36-bin HPCP to 12 bins, then centres and unit-normalises (so Pearson r is a dot product).
   */
  private static float[] hpcp(float[] v, List<String> why) {
    if (v == null) {
      return null;
    }
    if (v.length != 12 && v.length != 36) {
      why.add("hpcp has " + v.length + " bins, expected 12 or 36: ignored");
      return null;
    }
    if (!Double.isFinite(VectorBlock.norm(v))) {
      why.add("hpcp has non-finite values: ignored");
      return null;
    }
    double[] b = new double[12];
    if (v.length == 12) {
      for (int i = 0; i < 12; i++) {
        b[i] = v[i];
      }
    } else {
      // Bin 3k is the centre of semitone k (Essentia's HPCP with size 36): sum the bins around it.
      for (int i = 0; i < 12; i++) {
        b[i] = v[Math.floorMod(3 * i - 1, 36)] + v[3 * i] + v[3 * i + 1];
      }
    }
    double mean = 0;
    for (double x : b) {
      mean += x / 12;
    }
    double ss = 0;
    for (int i = 0; i < 12; i++) {
      b[i] -= mean;
      ss += b[i] * b[i];
    }
    if (!(ss > 1e-20)) {
      why.add("hpcp is flat: ignored");
      return null;
    }
    float[] out = new float[12];
    double inv = 1 / Math.sqrt(ss);
    for (int i = 0; i < 12; i++) {
      out[i] = (float) (b[i] * inv);
    }
    return out;
  }

  private static double positive(Double v, double max, String what, List<String> why) {
    if (v == null) {
      return Double.NaN;
    }
    if (!(v > 0 && v <= max)) {
      why.add(what + " " + v + " ignored");
      return Double.NaN;
    }
    return v;
  }

  private static MusicalKey key(String k, List<String> why) {
    if (k == null || k.isBlank()) {
      return null;
    }
    return MusicalKey.parseLenient(k)
        .orElseGet(
            () -> {
              why.add("key '" + k + "' not understood: ignored");
              return null;
            });
  }

  private static String norm(String s) {
    return s == null ? null : s.strip().toLowerCase(Locale.ROOT);
  }
}
