package dev.selection.core.internal.dsp.tonal;

import dev.selection.api.MusicalKey;
import dev.selection.api.MusicalKey.Mode;
import java.util.Random;

/** Synthesises chord cadences with harmonic tones for key tests (an independent, known truth). */
final class Cadences {
  private Cadences() {}

  /**
   * Renders I–IV–V–I (major) or i–iv–V–i (minor, harmonic-minor dominant) in {@code key}: each
   * chord {@code chordSec} long, root-position triads around middle C plus the root an octave
   * lower, every note a tone of 8 harmonics with 1/k amplitudes and a short decay, plus a little
   * noise.
   */
  static float[] cadence(MusicalKey key, int sampleRateHz, double chordSec, long seed) {
    return cadence(key, sampleRateHz, chordSec, seed, 0.0);
  }

  /** As {@link #cadence(MusicalKey, int, double, long)}, tuned {@code detuneCents} off 440 Hz. */
  static float[] cadence(
      MusicalKey key, int sampleRateHz, double chordSec, long seed, double detuneCents) {
    boolean minor = key.mode() == Mode.MINOR;
    int third = minor ? 3 : 4;
    int[][] chords = {{0, third, 7}, {5, 5 + (minor ? 3 : 4), 12}, {7, 11, 14}, {0, third, 7}};
    int base = 48 + key.tonicPitchClass(); // tonic in octave 3
    if (base > 54) {
      base -= 12;
    }
    int chordSamples = (int) (chordSec * sampleRateHz);
    float[] out = new float[chordSamples * chords.length];
    Random rnd = new Random(seed);
    for (int c = 0; c < chords.length; c++) {
      int[] notes = chords[c];
      for (int k = 0; k < notes.length + 1; k++) {
        int midi = k < notes.length ? base + 12 + notes[k] : base + notes[0];
        double f0 = 440.0 * Math.pow(2, (midi - 69) / 12.0 + detuneCents / 1200.0);
        for (int h = 1; h <= 8; h++) {
          double f = f0 * h;
          if (f > sampleRateHz / 2.0 - 100) {
            break;
          }
          double amp = 0.06 / h;
          double phase = rnd.nextDouble() * 2 * Math.PI;
          double w = 2 * Math.PI * f / sampleRateHz;
          // sin(w·i + phase) by the two-term recurrence, exp decay by a constant factor: no
          // transcendental call per sample.
          double twoCos = 2 * Math.cos(w);
          double s1 = Math.sin(phase - w);
          double s0 = Math.sin(phase - 2 * w);
          double decay = Math.exp(-1.2 / sampleRateHz);
          double env = 1.0;
          for (int i = 0; i < chordSamples; i++) {
            double s = twoCos * s1 - s0;
            s0 = s1;
            s1 = s;
            out[c * chordSamples + i] += (float) (amp * env * Math.min(1.0, i / 200.0) * s);
            env *= decay;
          }
        }
      }
    }
    for (int i = 0; i < out.length; i++) {
      out[i] += (float) (0.001 * rnd.nextGaussian());
    }
    return out;
  }
}
