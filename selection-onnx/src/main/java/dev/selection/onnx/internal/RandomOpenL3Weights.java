package dev.selection.onnx.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded random OpenL3 weights with the real layer layout, for tests and benchmarks (the published
 * weights cannot be downloaded at build time). Convolutions are He-normal like Keras' initialiser;
 * batch-norm statistics are plausible (the input norm centres log-mel values around −40 dB).
 */
public final class RandomOpenL3Weights {
  /** The published model's block widths. */
  public static final int[] FULL_WIDTHS = {64, 128, 256, 512};

  private RandomOpenL3Weights() {}

  /** Returns random weights for block widths {@code widths} (4 values), from {@code seed}. */
  public static OpenL3Weights generate(int[] widths, long seed) {
    if (widths.length != 4) {
      throw new IllegalArgumentException("need 4 block widths");
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    OpenL3Weights.BatchNorm input =
        new OpenL3Weights.BatchNorm(
            new float[] {1.0f}, new float[] {0.0f}, new float[] {-40f}, new float[] {225f});
    List<OpenL3Weights.Conv> convs = new ArrayList<>();
    List<OpenL3Weights.BatchNorm> norms = new ArrayList<>();
    int in = 1;
    for (int i = 0; i < 8; i++) {
      int out = widths[i / 2];
      float[] kernel = new float[9 * in * out];
      double std = Math.sqrt(2.0 / (9 * in));
      for (int k = 0; k < kernel.length; k++) {
        kernel[k] = (float) (gaussian(rnd) * std);
      }
      float[] bias = new float[out];
      for (int k = 0; k < out; k++) {
        bias[k] = (float) (0.05 * gaussian(rnd));
      }
      convs.add(new OpenL3Weights.Conv(kernel, 3, 3, in, out, bias));
      if (i < 7) {
        float[] gamma = new float[out];
        float[] beta = new float[out];
        float[] mean = new float[out];
        float[] var = new float[out];
        for (int k = 0; k < out; k++) {
          gamma[k] = (float) (1 + 0.2 * gaussian(rnd));
          beta[k] = (float) (0.1 * gaussian(rnd));
          mean[k] = (float) (0.1 * gaussian(rnd));
          var[k] = (float) (0.5 + rnd.nextDouble());
        }
        norms.add(new OpenL3Weights.BatchNorm(gamma, beta, mean, var));
      }
      in = out;
    }
    return new OpenL3Weights(input, convs, norms);
  }

  private static double gaussian(SplittableRandom rnd) {
    // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
    double u = 1.0 - rnd.nextDouble();
    double v = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
