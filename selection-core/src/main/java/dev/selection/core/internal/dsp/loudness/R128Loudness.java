package dev.selection.core.internal.dsp.loudness;

import dev.selection.core.internal.pipeline.PcmSink;

/**
 * EBU R128 integrated loudness (ITU-R BS.1770-4) of a whole track, computed while streaming, in
 * LUFS.
 *
 * <p>Method (BS.1770-4 §2 and Annex 1; EBU Tech 3341):
 *
 * <ul>
 *   <li>K-weighting per channel: the "pre-filter" high shelf (+4 dB above ~1.7 kHz) followed by the
 *       RLB high-pass (~38 Hz). The biquad coefficients are derived for any sample rate from the
 *       analogue prototypes by the bilinear transform with pre-warping, with the constants of
 *       libebur128 ({@code ebur128.c}, {@code ebur128_init_filter}, v1.2.6, MIT;
 *       jiixyj/libebur128), which reproduce the standard's 48 kHz table. As there, the RLB
 *       numerator stays {1, −2, 1}.
 *   <li>Gating blocks of 400 ms every 100 ms (75 % overlap), built from 100 ms sub-blocks of {@code
 *       (rate + 5) / 10} samples (libebur128's rounding); block loudness {@code −0.691 + 10·log10(Σ
 *       G_c·z_c)}.
 *   <li>Absolute gate −70 LUFS, then relative gate −10 LU below the loudness of the blocks that
 *       passed the absolute gate; the result is the loudness of the mean power of the blocks
 *       passing both.
 * </ul>
 *
 * <p>Memory is bounded for any duration: gated block powers go into a histogram of 0.01 LU bins
 * from −70 to +30 LUFS that keeps each bin's count and exact power sum (like libebur128's histogram
 * mode and ffmpeg's {@code f_ebur128.c}, but with sums instead of bin centres), so the only
 * approximation is the placement of blocks lying within 0.01 LU of the relative threshold.
 *
 * <p>Channels are interleaved in the WAV / ffmpeg default order. Weights {@code G_c}: 1.0 for front
 * channels; for 4 channels (quad: L R Ls Rs) the last two 1.41; for 5 (L R C Ls Rs) the last two
 * 1.41; for 6 or more (5.1: L R C LFE Ls Rs, 7.1: … + side L/R) the LFE (index 3) 0 and every
 * channel from index 4 on 1.41 — the weights of ffmpeg's {@code ebur128} filter for its default
 * layouts.
 *
 * <p>{@link #integratedLufs()} is null when nothing passes the gates: silence, DC only, or a track
 * shorter than one 400 ms block — never −∞ or NaN. Not thread-safe.
 */
public final class R128Loudness implements PcmSink {
  private static final double ABSOLUTE_GATE_LUFS = -70.0;
  private static final double RELATIVE_GATE_LU = -10.0;
  private static final double HIST_MIN_LUFS = -70.0;
  private static final int HIST_BINS_PER_LU = 100;
  private static final int HIST_BINS = 100 * HIST_BINS_PER_LU; // up to +30 LUFS
  private static final double DENORMAL = 1e-25;

  /** Lowest rate measured: below it the 1.7 kHz shelf of the K-weighting does not fit. */
  public static final int MIN_SAMPLE_RATE_HZ = 8000;

  private int channels;
  private double[] weights;
  // Pre-filter (shelf) and RLB coefficients: b0 b1 b2 a1 a2.
  private double pb0;
  private double pb1;
  private double pb2;
  private double pa1;
  private double pa2;
  private double ra1;
  private double ra2;
  // Per channel state: x1 x2 (input), m1 m2 (after shelf), y1 y2 (after RLB).
  private double[] state;
  private int subBlockSamples;
  private int subFill;
  private double subSum;
  private final double[] lastSubs = new double[4];
  private long subsDone;
  private long[] histCount;
  private double[] histPower;
  private long gatedCount;
  private double gatedPower;
  private boolean ended;
  private boolean begun;
  private boolean unsupportedRate;

  /** Creates a meter; call {@link #begin} for each track. */
  public R128Loudness() {}

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the rate or the channel count is not positive
   */
  @Override
  public void begin(int sampleRateHz, int channels, long framesHint) {
    if (sampleRateHz <= 0 || channels <= 0) {
      throw new IllegalArgumentException(
          "Bad format: rate=" + sampleRateHz + " channels=" + channels);
    }
    this.channels = channels;
    this.weights = channelWeights(channels);
    this.unsupportedRate = sampleRateHz < MIN_SAMPLE_RATE_HZ;
    double[] pre = preFilter(sampleRateHz);
    pb0 = pre[0];
    pb1 = pre[1];
    pb2 = pre[2];
    pa1 = pre[3];
    pa2 = pre[4];
    double[] rlb = rlbFilter(sampleRateHz);
    ra1 = rlb[3];
    ra2 = rlb[4];
    state = new double[6 * channels];
    subBlockSamples = Math.max(1, (sampleRateHz + 5) / 10);
    subFill = 0;
    subSum = 0;
    subsDone = 0;
    histCount = new long[HIST_BINS];
    histPower = new double[HIST_BINS];
    gatedCount = 0;
    gatedPower = 0;
    ended = false;
    begun = true;
  }

  /**
   * Returns the channel weights {@code G_c} used for {@code channels} interleaved channels.
   *
   * @param channels channel count, positive
   */
  public static double[] channelWeights(int channels) {
    double[] w = new double[channels];
    java.util.Arrays.fill(w, 1.0);
    if (channels == 4) {
      w[2] = 1.41;
      w[3] = 1.41;
    } else if (channels == 5) {
      w[3] = 1.41;
      w[4] = 1.41;
    } else if (channels >= 6) {
      w[3] = 0.0;
      for (int c = 4; c < channels; c++) {
        w[c] = 1.41;
      }
    }
    return w;
  }

  /**
   * Returns the pre-filter (high shelf) biquad {@code b0 b1 b2 a1 a2} at {@code sampleRateHz} (a0 =
   * 1). Constants from libebur128 v1.2.6 {@code ebur128_init_filter}.
   */
  static double[] preFilter(double sampleRateHz) {
    double f0 = 1681.974450955533;
    double gainDb = 3.999843853973347;
    double q = 0.7071752369554196;
    double k = Math.tan(Math.PI * f0 / sampleRateHz);
    double vh = Math.pow(10.0, gainDb / 20.0);
    double vb = Math.pow(vh, 0.4996667741545416);
    double a0 = 1.0 + k / q + k * k;
    return new double[] {
      (vh + vb * k / q + k * k) / a0,
      2.0 * (k * k - vh) / a0,
      (vh - vb * k / q + k * k) / a0,
      2.0 * (k * k - 1.0) / a0,
      (1.0 - k / q + k * k) / a0
    };
  }

  /**
   * Returns the RLB high-pass biquad {@code b0 b1 b2 a1 a2} at {@code sampleRateHz}; the numerator
   * is {1, −2, 1} as in BS.1770-4 Table 2 and libebur128.
   */
  static double[] rlbFilter(double sampleRateHz) {
    double f0 = 38.13547087602444;
    double q = 0.5003270373238773;
    double k = Math.tan(Math.PI * f0 / sampleRateHz);
    double a0 = 1.0 + k / q + k * k;
    return new double[] {1.0, -2.0, 1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0};
  }

  @Override
  public void accept(float[] samples, int offset, int frames) {
    if (!begun || ended) {
      throw new IllegalStateException("accept() outside begin()/end()");
    }
    if (unsupportedRate) {
      return;
    }
    int done = 0;
    while (done < frames) {
      int chunk = Math.min(frames - done, subBlockSamples - subFill);
      int base = offset + done * channels;
      double sum = 0;
      if (channels == 2) {
        sum = filterStereo(samples, base, chunk);
      } else {
        for (int c = 0; c < channels; c++) {
          if (weights[c] != 0) {
            sum += weights[c] * filterChannel(samples, base + c, chunk, c);
          }
        }
      }
      subSum += sum;
      subFill += chunk;
      done += chunk;
      if (subFill == subBlockSamples) {
        completeSubBlock();
      }
    }
  }

  /**
   * Stereo fast path: both channels in one loop, so that the two recursions overlap in the CPU (the
   * same arithmetic as {@link #filterChannel} per channel; both weights are 1).
   */
  private double filterStereo(float[] samples, int start, int n) {
    double lx1 = state[0];
    double lx2 = state[1];
    double lm1 = state[2];
    double lm2 = state[3];
    double ly1 = state[4];
    double ly2 = state[5];
    double rx1 = state[6];
    double rx2 = state[7];
    double rm1 = state[8];
    double rm2 = state[9];
    double ry1 = state[10];
    double ry2 = state[11];
    double sumL = 0;
    double sumR = 0;
    for (int i = 0, j = start; i < n; i++, j += 2) {
      double lx = samples[j];
      double rx = samples[j + 1];
      double lm = pb0 * lx + pb1 * lx1 + pb2 * lx2 - pa1 * lm1 - pa2 * lm2;
      double rm = pb0 * rx + pb1 * rx1 + pb2 * rx2 - pa1 * rm1 - pa2 * rm2;
      double ly = lm - 2.0 * lm1 + lm2 - ra1 * ly1 - ra2 * ly2;
      double ry = rm - 2.0 * rm1 + rm2 - ra1 * ry1 - ra2 * ry2;
      lx2 = lx1;
      lx1 = lx;
      lm2 = lm1;
      lm1 = lm;
      ly2 = ly1;
      ly1 = ly;
      rx2 = rx1;
      rx1 = rx;
      rm2 = rm1;
      rm1 = rm;
      ry2 = ry1;
      ry1 = ry;
      sumL += ly * ly;
      sumR += ry * ry;
    }
    double sum = sumL + sumR;
    if (!Double.isFinite(sum)) {
      java.util.Arrays.fill(state, 0, 12, 0.0);
      return Double.NaN;
    }
    double[] values = {lx1, lx2, lm1, lm2, ly1, ly2, rx1, rx2, rm1, rm2, ry1, ry2};
    for (int k = 0; k < 12; k++) {
      state[k] = flush(values[k]);
    }
    return sum;
  }

  /** Filters {@code n} samples of channel {@code c}; returns the sum of squares of the output. */
  private double filterChannel(float[] samples, int start, int n, int c) {
    int s = 6 * c;
    double x1 = state[s];
    double x2 = state[s + 1];
    double m1 = state[s + 2];
    double m2 = state[s + 3];
    double y1 = state[s + 4];
    double y2 = state[s + 5];
    double sum = 0;
    for (int i = 0, j = start; i < n; i++, j += channels) {
      double x = samples[j];
      double m = pb0 * x + pb1 * x1 + pb2 * x2 - pa1 * m1 - pa2 * m2;
      double y = m - 2.0 * m1 + m2 - ra1 * y1 - ra2 * y2;
      x2 = x1;
      x1 = x;
      m2 = m1;
      m1 = m;
      y2 = y1;
      y1 = y;
      sum += y * y;
    }
    if (!Double.isFinite(sum)) {
      // NaN or infinite input (corrupt audio): restart the filter instead of poisoning the track.
      java.util.Arrays.fill(state, s, s + 6, 0.0);
      return Double.NaN;
    }
    // Flush denormals after a fade to silence: they are slow and meaningless.
    state[s] = flush(x1);
    state[s + 1] = flush(x2);
    state[s + 2] = flush(m1);
    state[s + 3] = flush(m2);
    state[s + 4] = flush(y1);
    state[s + 5] = flush(y2);
    return sum;
  }

  private static double flush(double v) {
    return Math.abs(v) < DENORMAL ? 0.0 : v;
  }

  private void completeSubBlock() {
    lastSubs[(int) (subsDone & 3)] = subSum;
    subsDone++;
    subSum = 0;
    subFill = 0;
    if (subsDone >= 4) {
      double sum = lastSubs[0] + lastSubs[1] + lastSubs[2] + lastSubs[3];
      double power = sum / (4.0 * subBlockSamples);
      addBlock(power);
    }
  }

  private void addBlock(double power) {
    if (!(power > 0)) {
      return;
    }
    double lufs = -0.691 + 10.0 * Math.log10(power);
    if (!(lufs > ABSOLUTE_GATE_LUFS)) {
      return;
    }
    int bin = (int) Math.floor((lufs - HIST_MIN_LUFS) * HIST_BINS_PER_LU);
    bin = Math.max(0, Math.min(HIST_BINS - 1, bin));
    histCount[bin]++;
    histPower[bin] += power;
    gatedCount++;
    gatedPower += power;
  }

  @Override
  public void end() {
    if (!begun || ended) {
      throw new IllegalStateException("end() without begin()");
    }
    ended = true;
  }

  /**
   * Returns the integrated loudness in LUFS, or null when no block passes the gates (silence, DC,
   * under 400 ms) or the rate is below {@value #MIN_SAMPLE_RATE_HZ} Hz.
   *
   * @throws IllegalStateException before {@link #end()}
   */
  public Double integratedLufs() {
    if (!ended) {
      throw new IllegalStateException("integratedLufs() before end()");
    }
    if (gatedCount == 0) {
      return null;
    }
    double relativeGate = -0.691 + 10.0 * Math.log10(gatedPower / gatedCount) + RELATIVE_GATE_LU;
    long count = 0;
    double power = 0;
    for (int bin = 0; bin < HIST_BINS; bin++) {
      if (histCount[bin] == 0) {
        continue;
      }
      double binMid = HIST_MIN_LUFS + (bin + 0.5) / HIST_BINS_PER_LU;
      if (binMid > relativeGate) {
        count += histCount[bin];
        power += histPower[bin];
      }
    }
    if (count == 0 || !(power > 0)) {
      return null;
    }
    double lufs = -0.691 + 10.0 * Math.log10(power / count);
    return Double.isFinite(lufs) ? lufs : null;
  }
}
