package dev.selection.bench;

import java.util.SplittableRandom;

/** Synthetic music-like audio at 48 kHz for benchmarks. */
final class BenchAudio {
  private BenchAudio() {}

  /**
   * Returns {@code seconds} of chords with a moving melody, a pulse and noise, loudness varying.
   */
  static float[] music(double seconds, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int n = (int) Math.round(seconds * 48_000);
    float[] out = new float[n];
    double[] chord = {110, 138.6, 164.8, 220};
    double phase = 0;
    for (int i = 0; i < n; i++) {
      double t = i / 48_000.0;
      double loud = 0.3 + 0.7 * Math.abs(Math.sin(0.31 * t + seed));
      double v = 0;
      for (double f : chord) {
        v += 0.08 * Math.sin(2 * Math.PI * f * t * (1 + 0.2 * Math.floor(t / 4) % 3));
      }
      double melody = 440 * Math.pow(2, ((int) (t * 4) * 7 % 12) / 12.0);
      phase += 2 * Math.PI * melody / 48_000;
      v += 0.1 * Math.sin(phase);
      v += 0.3 * Math.exp(-25 * ((t * 2) % 1.0)) * (rnd.nextDouble() - 0.5);
      v += 0.01 * (rnd.nextDouble() - 0.5);
      out[i] = (float) (loud * v);
    }
    return out;
  }
}
