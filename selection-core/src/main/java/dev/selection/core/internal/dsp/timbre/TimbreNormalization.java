package dev.selection.core.internal.dsp.timbre;

/**
 * The fixed normalisation of the timbre descriptor {@value TimbreExtractor#VERSION}: each raw
 * dimension is standardised with a constant mean and standard deviation measured once on a
 * generated reference corpus, then the vector is scaled to unit L2 norm. Changing these constants
 * changes the descriptor: bump {@link TimbreExtractor#VERSION}.
 *
 * <p>The constants were produced by {@code selection-core/src/test/eval/make_timbre_norm.sh} (it
 * runs {@code tonal_eval.py timbre-corpus}, then {@code TimbreNormalizationGenerator}; corpus:
 * noise colours, oscillators, filtered noise and FluidR3 GM instruments rendered by fluidsynth, 91
 * files, repeatable; see {@code notes/tonal.md}).
 */
public final class TimbreNormalization {
  private TimbreNormalization() {}

  // GENERATED-BEGIN by TimbreNormalizationGenerator from 91 corpus files
  static final double[] MEAN = {
    -196.999, 43.3631, -5.87986, 9.44684,
    -1.83952, -0.0345950, -1.30191, -1.18078,
    -2.17858, 1.24751, -1.03720, -1.30571,
    -2.22342, -0.406495, -1.04754, 0.873001,
    1.75117, 4.72746, 0.208189, -0.181461,
    24.3222, 21.2197, 28.1660, 28.8279,
    29.3320, 25.2397, 24.9824, 1902.48,
    1683.30, 0.0101494, 3586.40, 0.0891493,
    52.8634, 17.3747, 10.2684, 5.88509,
    4.89833, 4.32185, 4.43170, 4.05182,
    4.29881, 4.07478, 3.91175, 3.69248,
    3.93669, 4.15702, 4.35099, 3.82895,
    3.68610, 3.90820, 4.05963, 4.46906,
    5.38348, 4.71621, 4.94488, 4.41674,
    4.40309, 3.97440, 3.15015, 439.945,
    388.841, 0.00827251, 1089.13, 0.0223948
  };
  static final double[] STD = {
    78.0339, 64.1274, 45.1031, 22.8739,
    19.9069, 14.4895, 14.5782, 14.6061,
    16.9765, 13.5302, 7.75737, 11.3431,
    12.6687, 11.2626, 10.0644, 13.9906,
    17.9771, 14.5929, 6.82127, 8.95728,
    8.41258, 7.95743, 10.0621, 11.3602,
    12.4220, 11.2536, 11.1753, 1279.70,
    862.475, 0.0436496, 2371.44, 0.103187,
    51.4128, 18.1285, 10.7638, 5.58919,
    4.65576, 4.02227, 4.42159, 4.13924,
    4.25658, 4.23885, 4.01354, 3.82676,
    4.30271, 4.76521, 5.11886, 4.10352,
    3.91671, 4.12159, 4.50477, 5.17569,
    2.70447, 2.69068, 2.48329, 2.71086,
    2.80838, 3.23051, 2.46389, 477.494,
    411.859, 0.0145227, 1175.31, 0.0248826
  };

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
      throw new IllegalArgumentException(
          "Raw timbre vector must have " + TimbreExtractor.DIMENSION + " values: " + raw.length);
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
