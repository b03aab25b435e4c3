package dev.selection.core.internal.dsp.tonal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.jtransforms.fft.FloatFFT_1D;
import org.junit.jupiter.api.Test;

class SpectralPeaksTest {
  private static final int RATE = 22050;
  private static final int N = 4096;

  private static float[] spectrumOf(double[] hz, double[] amp) {
    float[] window = TonalAnalyzer.blackmanHarris92(N);
    float[] buf = new float[N];
    for (int i = 0; i < N; i++) {
      double s = 0;
      for (int k = 0; k < hz.length; k++) {
        s += amp[k] * Math.sin(2 * Math.PI * hz[k] * i / RATE + 0.3 * k);
      }
      buf[i] = (float) (s * window[i]);
    }
    new FloatFFT_1D(N).realForward(buf);
    float[] mag = new float[N / 2 + 1];
    TonalAnalyzer.magnitude(buf, mag);
    return mag;
  }

  @Test
  void sinesBetweenBins_areLocatedWithinATenthOfABin() {
    double binHz = (double) RATE / N;
    double[] hz = {100.0 + 0.37 * binHz, 440.0, 1234.5, 3000.0 + 0.5 * binHz};
    double[] amp = {0.5, 0.25, 0.1, 0.05};
    SpectralPeaks peaks = new SpectralPeaks(10, 40, 5000, 1e-6, 70);
    int count = peaks.detect(spectrumOf(hz, amp), N / 2 + 1, binHz);
    assertThat(count).isEqualTo(4);
    for (int k = 0; k < 4; k++) {
      // Sorted by magnitude, the strongest first; the window is normalised so a sine of amplitude a
      // peaks near a (within the 4-term Blackman-Harris scalloping loss of about 0.8 dB).
      assertThat(peaks.frequencyHz(k))
          .as("peak " + k)
          .isCloseTo((float) hz[k], offset(0.1f * (float) binHz));
      assertThat(peaks.magnitude(k)).isCloseTo((float) amp[k], offset(0.1f * (float) amp[k]));
    }
  }

  @Test
  void maxPeaks_keepsTheStrongest_andThresholdsDropTheWeak() {
    double[] hz = {200, 400, 800, 1600};
    double[] amp = {0.01, 0.5, 0.001, 0.1};
    double binHz = (double) RATE / N;
    SpectralPeaks two = new SpectralPeaks(2, 40, 5000, 1e-6, 70);
    assertThat(two.detect(spectrumOf(hz, amp), N / 2 + 1, binHz)).isEqualTo(2);
    assertThat(two.frequencyHz(0)).isCloseTo(400f, offset(1f));
    assertThat(two.frequencyHz(1)).isCloseTo(1600f, offset(1f));
    SpectralPeaks relative = new SpectralPeaks(10, 40, 5000, 1e-6, 40); // 0.001 is 54 dB down
    assertThat(relative.detect(spectrumOf(hz, amp), N / 2 + 1, binHz)).isEqualTo(3);
    SpectralPeaks range = new SpectralPeaks(10, 300, 1000, 1e-6, 70);
    assertThat(range.detect(spectrumOf(hz, amp), N / 2 + 1, binHz)).isEqualTo(2);
  }

  @Test
  void silence_hasNoPeaks() {
    SpectralPeaks peaks = new SpectralPeaks(10, 40, 5000, 1e-6, 70);
    assertThat(peaks.detect(new float[N / 2 + 1], N / 2 + 1, (double) RATE / N)).isZero();
  }
}
