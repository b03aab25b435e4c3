package dev.selection.core.internal.chromaprint;

import dev.selection.api.testing.AudioFixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Synthetic test signals (int16, deterministic) and a minimal 16-bit PCM WAV writer. */
final class TestAudio {
  static final int RATE = ChromaprintFingerprinter.SAMPLE_RATE_HZ;

  private TestAudio() {}

  /** A sine at {@code freqHz}, amplitude {@code amp} of full scale. */
  static short[] sine(double freqHz, double amp, double durationSec, int rateHz) {
    int n = (int) Math.round(durationSec * rateHz);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = amp * Math.sin(2 * Math.PI * freqHz * i / rateHz);
    }
    return toPcm16(x);
  }

  /** A sequence of chords (sums of sines), each held for {@code chordSec}. */
  static short[] chords(double[][] chordsHz, double chordSec, double durationSec, int rateHz) {
    int n = (int) Math.round(durationSec * rateHz);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      double[] chord = chordsHz[(int) (i / (chordSec * rateHz)) % chordsHz.length];
      double v = 0;
      for (double f : chord) {
        v += Math.sin(2 * Math.PI * f * i / rateHz);
      }
      x[i] = 0.25 * v / chord.length;
    }
    return toPcm16(x);
  }

  /** White-noise bursts of 0.2 s every 0.5 s over a quiet hum. */
  static short[] noiseBursts(long seed, double durationSec, int rateHz) {
    SplittableRandom random = new SplittableRandom(seed);
    int n = (int) Math.round(durationSec * rateHz);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      double t = (double) i / rateHz;
      double hum = 0.02 * Math.sin(2 * Math.PI * 110 * t);
      double burst = (t % 0.5) < 0.2 ? 0.4 * (random.nextDouble() * 2 - 1) : 0;
      x[i] = hum + burst;
    }
    return toPcm16(x);
  }

  /**
   * A synthetic "song": a random chord progression (triads with harmonics, one chord a bar), a bass
   * line, a kick drum on every beat and hi-hat noise on off-beats, at a random tempo.
   */
  static short[] song(long seed, double durationSec, int rateHz) {
    SplittableRandom random = new SplittableRandom(seed);
    int n = (int) Math.round(durationSec * rateHz);
    double bpm = 90 + random.nextInt(60);
    double beatSec = 60.0 / bpm;
    int bars = (int) Math.ceil(durationSec / (4 * beatSec)) + 1;
    int[] roots = new int[bars];
    boolean[] minor = new boolean[bars];
    for (int b = 0; b < bars; b++) {
      roots[b] = random.nextInt(12);
      minor[b] = random.nextBoolean();
    }
    double[] x = new double[n];
    double[] phase = new double[4];
    for (int i = 0; i < n; i++) {
      double t = (double) i / rateHz;
      int beat = (int) (t / beatSec);
      int bar = beat / 4;
      double inBeat = t - beat * beatSec;
      double root = 220 * Math.pow(2, roots[bar] / 12.0);
      double[] freqs = {
        root,
        root * Math.pow(2, (minor[bar] ? 3 : 4) / 12.0),
        root * Math.pow(2, 7 / 12.0),
        root / 4
      };
      double v = 0;
      for (int k = 0; k < 4; k++) {
        phase[k] += 2 * Math.PI * freqs[k] / rateHz;
        double amp = k == 3 ? 0.25 : 0.12;
        v +=
            amp
                * (Math.sin(phase[k])
                    + 0.3 * Math.sin(2 * phase[k])
                    + 0.1 * Math.sin(3 * phase[k]));
      }
      double kick =
          0.5
              * Math.exp(-inBeat * 30)
              * Math.sin(2 * Math.PI * (60 + 80 * Math.exp(-inBeat * 40)) * inBeat);
      double hat = Math.abs(inBeat - beatSec / 2) < 0.03 ? 0.15 * (random.nextDouble() * 2 - 1) : 0;
      x[i] = 0.6 * (v + kick + hat);
    }
    return toPcm16(x);
  }

  /** Rounds and clips to int16. */
  static short[] toPcm16(double[] x) {
    short[] s = new short[x.length];
    for (int i = 0; i < x.length; i++) {
      s[i] = (short) Math.max(-32768, Math.min(32767, Math.round(x[i] * 32767)));
    }
    return s;
  }

  /** Scales by {@code gain}, rounding and clipping to int16. */
  static short[] gain(short[] s, double gain) {
    double[] x = new double[s.length];
    for (int i = 0; i < s.length; i++) {
      x[i] = s[i] * gain / 32767;
    }
    return toPcm16(x);
  }

  /** Adds white noise of the given amplitude (fraction of full scale). */
  static short[] addNoise(short[] s, double amp, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] x = new double[s.length];
    for (int i = 0; i < s.length; i++) {
      x[i] = s[i] / 32767.0 + amp * (random.nextDouble() * 2 - 1);
    }
    return toPcm16(x);
  }

  /** Drops the first {@code samples} samples. */
  static short[] skip(short[] s, int samples) {
    return Arrays.copyOfRange(s, samples, s.length);
  }

  /** Writes mono (or interleaved) 16-bit PCM WAV. */
  static Path writeWav(Path file, short[] samples, int rateHz, int channels) throws IOException {
    return AudioFixtures.wav16(file, rateHz, channels, samples);
  }

  /** Feeds int16 samples to a fresh fingerprinter in blocks of varying size (streaming). */
  static ChromaprintFingerprint fingerprint(short[] samples, double maxLengthSec, long blockSeed) {
    ChromaprintFingerprinter fp = new ChromaprintFingerprinter(maxLengthSec);
    fp.begin(RATE, 1, samples.length);
    float[] f = AudioFixtures.toFloat(samples);
    SplittableRandom random = new SplittableRandom(blockSeed);
    int pos = 0;
    while (pos < f.length) {
      int n = Math.min(f.length - pos, 1 + random.nextInt(9000));
      fp.accept(f, pos, n);
      pos += n;
    }
    fp.end();
    return fp.result();
  }
}
