package dev.selection.onnx;

import java.util.SplittableRandom;

/** Synthetic music-like test audio at 48 kHz. */
final class TestAudio {
  private TestAudio() {}

  /**
   * Returns {@code seconds} of chords, a drum-like pulse and noise, with loudness changing per
   * second.
   */
  static float[] music(double seconds, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int n = (int) Math.round(seconds * 48_000);
    float[] out = new float[n];
    double[] freqs = {110 * (1 + rnd.nextInt(4)), 220 * 1.26, 330 * 1.12, 440 * 1.5};
    for (int i = 0; i < n; i++) {
      double t = i / 48_000.0;
      double loud = 0.2 + 0.8 * Math.abs(Math.sin(0.7 * t + seed));
      double v = 0;
      for (double f : freqs) {
        v += 0.1 * Math.sin(2 * Math.PI * f * t * (1 + 0.01 * Math.sin(t)));
      }
      double beat = (t * 2) % 1.0;
      v += 0.3 * Math.exp(-30 * beat) * (rnd.nextDouble() - 0.5);
      v += 0.01 * (rnd.nextDouble() - 0.5);
      out[i] = (float) (loud * v);
    }
    return out;
  }
}
