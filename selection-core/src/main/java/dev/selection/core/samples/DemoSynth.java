package dev.selection.core.samples;

import java.util.SplittableRandom;

/**
 * Renders one synthetic track of a {@link DemoStyle}: simple drum, bass, pad, pluck and chip voices
 * mixed to mono. Deterministic for a given seed. Not thread-safe (one instance per track).
 */
public final class DemoSynth {
  private static final double TWO_PI = 2 * Math.PI;

  private final int sampleRateHz;
  private final SplittableRandom random;
  private final float[] out;
  private final double beatSec;
  private final DemoStyle style;

  /**
   * Prepares a track.
   *
   * @param style the style
   * @param sampleRateHz output rate
   * @param durationSec length in seconds
   * @param seed the variation seed
   */
  public DemoSynth(DemoStyle style, int sampleRateHz, double durationSec, long seed) {
    this.style = style;
    this.sampleRateHz = sampleRateHz;
    this.random = new SplittableRandom(seed);
    this.out = new float[(int) Math.round(durationSec * sampleRateHz)];
    double bpm = style.bpm() * (1 + (random.nextDouble() - 0.5) * 0.03);
    this.beatSec = 60.0 / bpm;
  }

  /** Renders the track, normalised to a peak between 0.5 and 0.9. */
  public float[] render() {
    switch (style) {
      case TECHNO -> techno();
      case AMBIENT -> ambient();
      case DRUM_AND_BASS -> drumAndBass();
      case FOLK -> folk();
      case CHIPTUNE -> chiptune();
      default -> throw new IllegalStateException(style.name());
    }
    normalise(0.5 + 0.4 * random.nextDouble());
    return out;
  }

  // ------------------------------------------------------------------ styles

  private void techno() {
    int[] bassDegrees = scale(false);
    int[] pattern = {0, 0, 2, 0, 4, 0, 6, 0};
    shuffleTail(pattern);
    for (double t = 0, beat = 0; t < seconds(); t += beatSec, beat++) {
      kick(t, 0.9);
      hat(t + beatSec / 2, 0.25, 70);
      if (((int) beat) % 4 == 3) {
        hat(t + beatSec * 0.75, 0.15, 90);
      }
      for (int e = 0; e < 2; e++) {
        int degree = pattern[(int) ((beat * 2 + e) % pattern.length)];
        double f = midiToHz(24 + style.keyRootSemitone() % 12 + bassDegrees[degree % 7]);
        saw(t + e * beatSec / 2, beatSec * 0.45, f, 0.35, 0.08);
      }
    }
  }

  private void ambient() {
    int[][] chords = {{0, 4, 7}, {9, 12, 16}, {5, 9, 12}, {7, 11, 14}};
    double chordSec = beatSec * 4;
    int i = random.nextInt(4);
    for (double t = 0; t < seconds(); t += chordSec, i++) {
      int[] c = chords[i % chords.length];
      for (int n : c) {
        double f = midiToHz(48 + style.keyRootSemitone() % 12 + n);
        pad(t, chordSec * 1.3, f, 0.12);
      }
    }
    noiseWash(0.015);
  }

  private void drumAndBass() {
    double sixteenth = beatSec / 4;
    int[] kicks = {0, 10};
    int[] snares = {4, 12};
    for (double bar = 0; bar < seconds(); bar += beatSec * 4) {
      for (int k : kicks) {
        kick(bar + k * sixteenth, 0.8);
        kick(bar + beatSec * 2 + k * sixteenth, 0.8);
      }
      for (int s : snares) {
        snare(bar + s * sixteenth, 0.6);
        snare(bar + beatSec * 2 + s * sixteenth, 0.6);
      }
      for (int h = 0; h < 8; h++) {
        hat(bar + h * beatSec / 2, 0.12 + 0.08 * random.nextDouble(), 60);
      }
      double f = midiToHz(24 + style.keyRootSemitone() % 12 + (random.nextBoolean() ? 0 : 3));
      reese(bar, beatSec * 4, f, 0.3);
    }
  }

  private void folk() {
    int[][] chords = {{0, 4, 7, 12}, {5, 9, 12, 17}, {7, 11, 14, 19}, {-3, 4, 9, 12}};
    double eighth = beatSec / 2;
    int c = 0;
    for (double bar = 0; bar < seconds(); bar += beatSec * 4, c++) {
      int[] chord = chords[(c + random.nextInt(2)) % chords.length];
      for (int e = 0; e < 8; e++) {
        int note = chord[(e % 2 == 0) ? e / 2 % 4 : 3 - (e / 2 % 4)];
        pluck(bar + e * eighth, midiToHz(48 + style.keyRootSemitone() % 12 + note), 0.45);
      }
      pluck(bar, midiToHz(36 + style.keyRootSemitone() % 12 + chord[0]), 0.5);
    }
  }

  private void chiptune() {
    int[] penta = {0, 2, 4, 7, 9, 12, 14, 16};
    double sixteenth = beatSec / 4;
    int idx = random.nextInt(penta.length);
    for (double t = 0; t < seconds(); t += sixteenth) {
      idx = Math.max(0, Math.min(penta.length - 1, idx + random.nextInt(3) - 1));
      square(t, sixteenth * 0.9, midiToHz(72 + style.keyRootSemitone() + penta[idx]), 0.5, 0.18);
    }
    int[] roots = {0, 5, 7, 0};
    int b = 0;
    for (double bar = 0; bar < seconds(); bar += beatSec * 4, b++) {
      for (int q = 0; q < 4; q++) {
        square(
            bar + q * beatSec,
            beatSec * 0.5,
            midiToHz(36 + style.keyRootSemitone() + roots[b % 4]),
            0.25,
            0.25);
        if (q % 2 == 1) {
          noiseHit(bar + q * beatSec, 0.08, 0.3);
        }
      }
    }
  }

  // ------------------------------------------------------------------ voices

  private void kick(double at, double amp) {
    int start = idx(at);
    int len = (int) (0.35 * sampleRateHz);
    double phase = 0;
    for (int i = 0; i < len && start + i < out.length; i++) {
      double t = (double) i / sampleRateHz;
      double f = 48 + 110 * Math.exp(-t * 28);
      phase += TWO_PI * f / sampleRateHz;
      out[start + i] += (float) (amp * Math.sin(phase) * Math.exp(-t * 7));
    }
  }

  private void hat(double at, double amp, double decayPerSec) {
    int start = idx(at);
    int len = (int) (0.08 * sampleRateHz);
    double prev = 0;
    for (int i = 0; i < len && start + i < out.length; i++) {
      double n = random.nextDouble() * 2 - 1;
      double hp = n - prev;
      prev = n;
      out[start + i] +=
          (float) (amp * 0.5 * hp * Math.exp(-i / (double) sampleRateHz * decayPerSec));
    }
  }

  private void snare(double at, double amp) {
    int start = idx(at);
    int len = (int) (0.2 * sampleRateHz);
    double lp = 0;
    for (int i = 0; i < len && start + i < out.length; i++) {
      double t = (double) i / sampleRateHz;
      double n = random.nextDouble() * 2 - 1;
      lp += 0.5 * (n - lp);
      double tone = Math.sin(TWO_PI * 185 * t);
      out[start + i] += (float) (amp * (0.7 * lp + 0.4 * tone) * Math.exp(-t * 18));
    }
  }

  private void noiseHit(double at, double lenSec, double amp) {
    int start = idx(at);
    int len = (int) (lenSec * sampleRateHz);
    for (int i = 0; i < len && start + i < out.length; i++) {
      out[start + i] += (float) (amp * (random.nextDouble() * 2 - 1) * (1 - (double) i / len));
    }
  }

  private void saw(double at, double lenSec, double f, double amp, double cutoffFraction) {
    int start = idx(at);
    int len = (int) (lenSec * sampleRateHz);
    double lp = 0;
    double a = cutoffFraction;
    for (int i = 0; i < len && start + i < out.length; i++) {
      double ph = (i * f / sampleRateHz) % 1.0;
      double s = 2 * ph - 1;
      lp += a * (s - lp);
      double env =
          Math.min(1, i / (0.005 * sampleRateHz)) * Math.exp(-(double) i / sampleRateHz * 4);
      out[start + i] += (float) (amp * lp * env);
    }
  }

  private void reese(double at, double lenSec, double f, double amp) {
    int start = idx(at);
    int len = (int) (lenSec * sampleRateHz);
    double lp = 0;
    for (int i = 0; i < len && start + i < out.length; i++) {
      double p1 = (i * f * 0.993 / sampleRateHz) % 1.0;
      double p2 = (i * f * 1.007 / sampleRateHz) % 1.0;
      double s = (2 * p1 - 1) + (2 * p2 - 1);
      lp += 0.04 * (s - lp);
      double env =
          Math.min(1, i / (0.02 * sampleRateHz)) * Math.min(1, (len - i) / (0.02 * sampleRateHz));
      out[start + i] += (float) (amp * 0.5 * lp * env);
    }
  }

  private void pad(double at, double lenSec, double f, double amp) {
    int start = idx(at);
    int len = (int) (lenSec * sampleRateHz);
    double detune = Math.pow(2, 4 / 1200.0);
    double attack = 0.35 * len;
    for (int i = 0; i < len && start + i < out.length; i++) {
      double t = (double) i / sampleRateHz;
      double env = Math.min(1, i / attack) * Math.min(1, (len - i) / (0.3 * len));
      double s =
          Math.sin(TWO_PI * f * t)
              + Math.sin(TWO_PI * f * detune * t)
              + 0.3 * Math.sin(TWO_PI * 2 * f * t);
      out[start + i] += (float) (amp * 0.4 * s * env);
    }
  }

  private void pluck(double at, double f, double amp) {
    int start = idx(at);
    int period = Math.max(2, (int) Math.round(sampleRateHz / f));
    double[] ring = new double[period];
    for (int i = 0; i < period; i++) {
      ring[i] = random.nextDouble() * 2 - 1;
    }
    int len = (int) (1.5 * sampleRateHz);
    int p = 0;
    for (int i = 0; i < len && start + i < out.length; i++) {
      int next = (p + 1) % period;
      double v = ring[p];
      ring[p] = 0.996 * 0.5 * (ring[p] + ring[next]);
      p = next;
      out[start + i] += (float) (amp * v);
    }
  }

  private void square(double at, double lenSec, double f, double duty, double amp) {
    int start = idx(at);
    int len = (int) (lenSec * sampleRateHz);
    for (int i = 0; i < len && start + i < out.length; i++) {
      double ph = (i * f / sampleRateHz) % 1.0;
      out[start + i] += (float) (amp * (ph < duty ? 1 : -1));
    }
  }

  private void noiseWash(double amp) {
    double lp = 0;
    for (int i = 0; i < out.length; i++) {
      lp += 0.02 * ((random.nextDouble() * 2 - 1) - lp);
      out[i] += (float) (amp * 8 * lp);
    }
  }

  // ------------------------------------------------------------------ helpers

  private double seconds() {
    return (double) out.length / sampleRateHz;
  }

  private int idx(double sec) {
    return (int) Math.max(0, Math.round(sec * sampleRateHz));
  }

  private static double midiToHz(int midi) {
    return 440 * Math.pow(2, (midi - 69) / 12.0);
  }

  private static int[] scale(boolean major) {
    return major ? new int[] {0, 2, 4, 5, 7, 9, 11} : new int[] {0, 2, 3, 5, 7, 8, 10};
  }

  private void shuffleTail(int[] pattern) {
    for (int i = pattern.length - 1; i > 1; i--) {
      int j = 1 + random.nextInt(i);
      int tmp = pattern[i];
      pattern[i] = pattern[j];
      pattern[j] = tmp;
    }
  }

  private void normalise(double peak) {
    float max = 0;
    for (float v : out) {
      max = Math.max(max, Math.abs(v));
    }
    if (max == 0) {
      return;
    }
    float g = (float) (peak / max);
    for (int i = 0; i < out.length; i++) {
      out[i] *= g;
    }
  }
}
