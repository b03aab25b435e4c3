package dev.selection.core.internal.dsp.timbre;

/**
 * The fixed normalisation of the timbre descriptor {@value TimbreExtractor#VERSION}: each raw dimension
 * is standardised with a constant mean and standard deviation measured once on a generated reference
 * corpus, then the vector is scaled to unit L2 norm. Changing these constants changes the descriptor:
 * bump {@link TimbreExtractor#VERSION}.
 *
 * <p>The constants were produced by {@code selection-core/src/test/eval/make_timbre_norm.sh} (it runs
 * {@code tonal_eval.py timbre-corpus}, then {@code TimbreNormalizationGenerator}; corpus: noise colours, oscillators, filtered noise and FluidR3 GM instruments rendered by
 * fluidsynth, 91 files; see {@code notes/tonal.md}).
 */
public final class TimbreNormalization {
  private TimbreNormalization() {}

  // GENERATED-BEGIN by TimbreNormalizationGenerator from 91 corpus files
  static final double[] MEAN = {
    -196.847, 43.5375, -5.87071, 9.42913,
    -1.78351, -0.0338048, -1.34271, -1.24207,
    -2.14771, 1.24818, -1.04735, -1.29628,
    -2.20489, -0.418855, -1.08532, 0.884135,
    1.78473, 4.71290, 0.218739, -0.177386,
    24.2808, 21.2496, 28.1541, 30.5749,
    29.3007, 25.2446, 24.9349, 1903.35,
    1683.42, 0.0101694, 3587.88, 0.0892948,
    52.9199, 17.4251, 10.2849, 5.89133,
    4.92158, 4.33644, 4.43347, 4.06434,
    4.30686, 4.09917, 3.91046, 3.67564,
    3.94073, 4.15770, 4.36287, 3.83996,
    3.69806, 3.90879, 4.05807, 4.46412,
    5.41971, 4.72587, 4.96691, 5.06480,
    4.39874, 3.97928, 3.16027, 440.376,
    388.796, 0.00834604, 1089.32, 0.0223419
  };
  static final double[] STD = {
    77.9514, 63.4932, 45.1619, 22.6800,
    19.7744, 14.4820, 14.5476, 14.5905,
    16.9085, 13.5455, 7.75663, 11.3523,
    12.6518, 11.2538, 10.0710, 13.9941,
    17.9656, 14.5810, 6.80184, 8.96141,
    8.48312, 7.93210, 10.0602, 11.4737,
    12.3813, 11.2977, 11.1236, 1280.84,
    863.054, 0.0435621, 2373.72, 0.103417,
    51.3849, 18.1271, 10.7489, 5.59718,
    4.64453, 4.01250, 4.42013, 4.13187,
    4.25270, 4.22278, 4.01441, 3.83569,
    4.30004, 4.76396, 5.11180, 4.09566,
    3.90995, 4.12192, 4.50583, 5.17899,
    2.68282, 2.69194, 2.50149, 2.51282,
    2.81626, 3.23081, 2.47301, 477.488,
    411.788, 0.0147351, 1175.43, 0.0248519
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
