package dev.selection.core.internal.dsp.tempo;

import java.util.SplittableRandom;

/** Synthetic rhythmic test signals with a known tempo. */
final class Synth {
  private Synth() {}

  /** Adds a decaying sine burst (a click when short and high, a kick when low and swept). */
  static void addHit(
      float[] x, int rate, double atSec, double f0, double f1, double decaySec, double amp) {
    int start = (int) Math.round(atSec * rate);
    int len = (int) (decaySec * 6 * rate);
    double phase = 0;
    for (int i = 0; i < len && start + i < x.length; i++) {
      double t = (double) i / rate;
      double f = f1 + (f0 - f1) * Math.exp(-t / (decaySec * 0.5));
      phase += 2 * Math.PI * f / rate;
      x[start + i] += (float) (amp * Math.exp(-t / decaySec) * Math.sin(phase));
    }
  }

  /** Adds a burst of white noise (hat or snare). */
  static void addNoise(
      float[] x,
      int rate,
      double atSec,
      double decaySec,
      double amp,
      SplittableRandom random,
      boolean highPass) {
    int start = (int) Math.round(atSec * rate);
    int len = (int) (decaySec * 6 * rate);
    double prev = 0;
    for (int i = 0; i < len && start + i < x.length; i++) {
      double t = (double) i / rate;
      double n = random.nextDouble() * 2 - 1;
      double v = highPass ? n - prev : n;
      prev = n;
      x[start + i] += (float) (amp * Math.exp(-t / decaySec) * v);
    }
  }

  /** A metronome: clicks on every beat, accent on each bar's first beat. */
  static float[] clicks(int rate, double bpm, double secs) {
    float[] x = new float[(int) (secs * rate)];
    double beat = 60 / bpm;
    int k = 0;
    for (double t = 0.05; t < secs; t += beat, k++) {
      addHit(
          x,
          rate,
          t,
          k % 4 == 0 ? 1500 : 1000,
          k % 4 == 0 ? 1500 : 1000,
          0.01,
          k % 4 == 0 ? 0.8 : 0.5);
    }
    return x;
  }

  /** A four-on-the-floor or backbeat drum loop with eighth-note hats, swing and noise. */
  static float[] drums(
      int rate,
      double bpm,
      double secs,
      double swing,
      double noise,
      long seed,
      boolean fourOnFloor) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[(int) (secs * rate)];
    double beat = 60 / bpm;
    int k = 0;
    for (double t = 0.05; t < secs; t += beat, k++) {
      if (fourOnFloor || k % 2 == 0) {
        addHit(x, rate, t, 150, 50, 0.06, 0.9);
      }
      if (!fourOnFloor && k % 4 == 2) {
        addHit(x, rate, t + beat / 2, 150, 50, 0.06, 0.6);
      }
      if (k % 2 == 1) {
        addNoise(x, rate, t, 0.04, 0.5, random, false);
      }
      addNoise(x, rate, t, 0.015, 0.25, random, true);
      addNoise(x, rate, t + beat * (0.5 + swing), 0.015, 0.18, random, true);
    }
    for (int i = 0; i < x.length; i++) {
      x[i] += (float) (noise * (random.nextDouble() * 2 - 1));
    }
    return x;
  }

  /** The beat times of {@link #clicks} and {@link #drums}: every beat from 0.05 s. */
  static double[] beatTimes(double bpm, double secs) {
    double beat = 60 / bpm;
    int n = (int) Math.floor((secs - 0.05) / beat) + 1;
    double[] out = new double[n];
    for (int k = 0; k < n; k++) {
      out[k] = 0.05 + k * beat;
    }
    return out;
  }

  /**
   * Music without a pulse: soft piano-like notes (slow attack, long decay) at random times (a
   * Poisson process, 1.5 notes per second on average) and random pitches.
   */
  static float[] rubato(int rate, double secs, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[(int) (secs * rate)];
    double t = random.nextDouble();
    while (t < secs) {
      double f = 110 * Math.pow(2, random.nextInt(36) / 12.0);
      int start = (int) (t * rate);
      int len = (int) (2.5 * rate);
      for (int i = 0; i < len && start + i < x.length; i++) {
        double s = (double) i / rate;
        double env = Math.min(1, s / 0.08) * Math.exp(-s / 0.8);
        x[start + i] += (float) (0.2 * env * Math.sin(2 * Math.PI * f * s));
      }
      t += -Math.log(1 - random.nextDouble()) / 1.5;
    }
    return x;
  }
}
