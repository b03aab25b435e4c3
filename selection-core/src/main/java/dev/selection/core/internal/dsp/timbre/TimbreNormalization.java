package dev.selection.core.internal.dsp.timbre;

/**
 * The fixed normalisation of the timbre descriptor {@value TimbreExtractor#VERSION}: each raw dimension
 * is standardised with a constant mean and standard deviation measured once on a generated reference
 * corpus, then the vector is scaled to unit L2 norm. Changing these constants changes the descriptor:
 * bump {@link TimbreExtractor#VERSION}.
 *
 * <p>The constants were produced by {@code selection-core/src/test/resources/timbre/make_timbre_norm.py}
 * (corpus: noise colours, oscillators, filtered noise and FluidR3 GM instruments rendered by
 * fluidsynth; see that script and {@code notes/tonal.md}); {@code TimbreNormalizationGenerator} prints
 * this table.
 */
public final class TimbreNormalization {
  private TimbreNormalization() {}

  // GENERATED-BEGIN
  static final double[] MEAN = new double[TimbreExtractor.DIMENSION];
  static final double[] STD = filled(1.0);
  // GENERATED-END

  private static double[] filled(double v) {
    double[] a = new double[TimbreExtractor.DIMENSION];
    java.util.Arrays.fill(a, v);
    return a;
  }

  /**
   * Standardises and L2-normalises a raw descriptor.
   *
   * @param raw {@value TimbreExtractor#DIMENSION} finite values
   * @return the unit-length float32 descriptor
   */
  public static float[] normalize(double[] raw) {
    if (raw.length != TimbreExtractor.DIMENSION) {
      throw new IllegalArgumentException("Raw timbre vector must have " + TimbreExtractor.DIMENSION
          + " values: " + raw.length);
    }
    double[] z = new double[raw.length];
    double norm = 0;
    for (int i = 0; i < raw.length; i++) {
      z[i] = (raw[i] - MEAN[i]) / STD[i];
      norm += z[i] * z[i];
    }
    norm = Math.sqrt(norm);
    float[] out = new float[raw.length];
    if (!(norm > 0) || !Double.isFinite(norm)) {
      // The raw vector equals the reference mean: no direction; use a fixed unit vector.
      out[0] = 1f;
      return out;
    }
    for (int i = 0; i < raw.length; i++) {
      out[i] = (float) (z[i] / norm);
    }
    return out;
  }

  /** Cosine similarity of two unit-length descriptors: their dot product, in [-1, 1]. */
  public static double similarity(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("Different dimensions: " + a.length + " vs " + b.length);
    }
    double dot = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
    }
    return Math.max(-1, Math.min(1, dot));
  }
}
