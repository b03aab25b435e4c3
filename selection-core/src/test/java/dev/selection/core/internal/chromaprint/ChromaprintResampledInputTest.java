package dev.selection.core.internal.chromaprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.selection.core.internal.dsp.resample.Resampler;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measurement more than test: how far our codes agree with {@code fpcalc}'s for 44.1 kHz input when
 * we resample with a simple resampler and fpcalc uses its own (FFmpeg swresample, to int16). The
 * bounds are loose sanity checks; the figures are printed and recorded in notes/chromaprint.md. The
 * integrator redoes this with the project's resampler.
 */
class ChromaprintResampledInputTest {
  @TempDir Path dir;

  /**
   * Zero-phase windowed-sinc low-pass at {@code cutoff} of the output Nyquist, then every 4th
   * sample.
   */
  static short[] decimateBy4Sinc(short[] in, int halfTaps, double cutoff) {
    int factor = 4;
    double fc = cutoff / (2.0 * factor); // cycles per input sample
    double[] h = new double[2 * halfTaps + 1];
    double sum = 0;
    for (int k = -halfTaps; k <= halfTaps; k++) {
      double sinc = k == 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * k) / (Math.PI * k);
      double window =
          0.42
              + 0.5 * Math.cos(Math.PI * k / (halfTaps + 1))
              + 0.08 * Math.cos(2 * Math.PI * k / (halfTaps + 1));
      h[k + halfTaps] = sinc * window;
      sum += h[k + halfTaps];
    }
    short[] out = new short[in.length / factor];
    for (int i = 0; i < out.length; i++) {
      int centre = i * factor;
      double acc = 0;
      for (int k = -halfTaps; k <= halfTaps; k++) {
        int j = centre + k;
        if (j >= 0 && j < in.length) {
          acc += in[j] * h[k + halfTaps];
        }
      }
      out[i] = ChromaprintFingerprinter.toPcm16(acc / sum / 32768.0);
    }
    return out;
  }

  /** The crudest resampler: the mean of each group of 4 samples. */
  static short[] decimateBy4Mean(short[] in) {
    short[] out = new short[in.length / 4];
    for (int i = 0; i < out.length; i++) {
      double acc = in[4 * i] + in[4 * i + 1] + in[4 * i + 2] + in[4 * i + 3];
      out[i] = ChromaprintFingerprinter.toPcm16(acc / 4 / 32768.0);
    }
    return out;
  }

  private static int[] pipelineCodes(short[] pcm, int rate, Resampler.Quality quality) {
    ChromaprintFingerprinter fp = new ChromaprintFingerprinter();
    Resampler r = new Resampler(ChromaprintFingerprinter.SAMPLE_RATE_HZ, fp, quality);
    float[] x = new float[pcm.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = pcm[i] / 32768f;
    }
    r.begin(rate, 1, x.length);
    r.accept(x, 0, x.length);
    r.end();
    return fp.result().codes();
  }

  private static double berAtZero(int[] a, int[] b) {
    int n = Math.min(a.length, b.length);
    long errors = 0;
    for (int i = 0; i < n; i++) {
      errors += Integer.bitCount(a[i] ^ b[i]);
    }
    return errors / (32.0 * n);
  }

  @Test
  void simpleResamplers_agreeWithFpcalcOwnResampling() throws Exception {
    assumeTrue(Fpcalc.available(), "fpcalc not on PATH: skipping the 44.1 kHz measurement");
    int rate = 44100;
    for (long seed : new long[] {31, 32, 33}) {
      short[] pcm44 = TestAudio.song(seed, 40, rate);
      if (seed == 33) {
        // Broadband content above 5.5 kHz, which a poor anti-alias filter folds into the chroma
        // range.
        pcm44 = TestAudio.addNoise(TestAudio.gain(pcm44, 0.7), 0.15, seed);
      }
      Path wav = TestAudio.writeWav(dir.resolve("song" + seed + "_44k.wav"), pcm44, rate, 1);
      int[] reference = Fpcalc.run(wav, "-raw").rawCodes();

      int[] sinc = TestAudio.fingerprint(decimateBy4Sinc(pcm44, 64, 0.95), 120, 1).codes();
      int[] mean = TestAudio.fingerprint(decimateBy4Mean(pcm44), 120, 1).codes();
      double berSinc = berAtZero(reference, sinc);
      double berMean = berAtZero(reference, mean);
      long sameCodes = 0;
      for (int i = 0; i < Math.min(reference.length, sinc.length); i++) {
        sameCodes += reference[i] == sinc[i] ? 1 : 0;
      }
      System.out.printf(
          "44.1 kHz song seed %d: codes fpcalc %d / ours %d; BER vs fpcalc at offset 0: windowed"
              + " sinc %.4f, 4-sample mean %.4f; identical codes (sinc) %d%n",
          seed, reference.length, sinc.length, berSinc, berMean, sameCodes);

      // The pipeline's own path: mono float -> the FAST Kaiser resampler -> the fingerprinter.
      int[] fast = pipelineCodes(pcm44, rate, Resampler.Quality.FAST);
      int[] high = pipelineCodes(pcm44, rate, Resampler.Quality.HIGH);
      double berFast = berAtZero(reference, fast);
      double berHigh = berAtZero(reference, high);
      System.out.printf(
          "44.1 kHz song seed %d: BER vs fpcalc with the pipeline resampler: FAST %.4f,"
              + " HIGH %.4f%n",
          seed, berFast, berHigh);

      assertThat(Math.abs(sinc.length - reference.length)).isLessThanOrEqualTo(1);
      assertThat(Math.abs(fast.length - reference.length)).isLessThanOrEqualTo(1);
      assertThat(berSinc).isLessThan(0.02);
      assertThat(berFast).isLessThan(0.02);
      assertThat(berHigh).isLessThan(0.02);
      assertThat(berMean).isLessThan(0.1);
    }
  }
}
