package dev.selection.core.internal.dsp.resample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selection.core.internal.pipeline.CollectingSink;
import dev.selection.core.internal.pipeline.HeadSink;
import org.junit.jupiter.api.Test;

/** The FAST quality used in front of Chromaprint, measured with tones, and the head limiter. */
class ResamplerQualityTest {
  private static float[] tone(double hz, int rate, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / rate));
    }
    return x;
  }

  private static float[] fast(float[] in, int from, int to) {
    CollectingSink c = new CollectingSink();
    Resampler r = new Resampler(to, c, Resampler.Quality.FAST);
    r.begin(from, 1, in.length);
    r.accept(in, 0, in.length);
    r.end();
    return c.result();
  }

  /** RMS of the middle half (away from the edges' transients), in dB relative to 0.5 / sqrt(2). */
  private static double levelDb(float[] y) {
    double s = 0;
    int from = y.length / 4;
    int to = 3 * y.length / 4;
    for (int i = from; i < to; i++) {
      s += (double) y[i] * y[i];
    }
    double rms = Math.sqrt(s / (to - from));
    return 20 * Math.log10(rms / (0.5 / Math.sqrt(2)));
  }

  @Test
  void fast_passesTheChromaprintBandFlat() {
    for (double hz : new double[] {100, 1000, 3520}) {
      double db = levelDb(fast(tone(hz, 44_100, 44_100), 44_100, 11_025));
      assertThat(Math.abs(db)).as("%s Hz", hz).isLessThan(0.05);
    }
  }

  @Test
  void fast_attenuatesWhatWouldAlias() {
    // 7 kHz and 9 kHz are above the new Nyquist (5512.5 Hz) and would fold into the pass band.
    for (double hz : new double[] {7_000, 9_000, 15_000}) {
      double db = levelDb(fast(tone(hz, 44_100, 44_100), 44_100, 11_025));
      assertThat(db).as("%s Hz", hz).isLessThan(-55);
    }
  }

  @Test
  void headSink_forwardsOnlyTheStart() {
    CollectingSink c = new CollectingSink();
    HeadSink head = new HeadSink(0.5, c);
    head.begin(1000, 1, 2000);
    float[] block = new float[300];
    for (int i = 0; i < 7; i++) {
      java.util.Arrays.fill(block, i);
      head.accept(block, 0, block.length);
    }
    head.end();
    float[] got = c.result();
    assertThat(got).hasSize(500);
    assertThat(got[0]).isZero();
    assertThat(got[499]).isEqualTo(1f);
  }
}
