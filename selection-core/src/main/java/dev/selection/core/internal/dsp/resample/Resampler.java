package dev.selection.core.internal.dsp.resample;

import dev.selection.core.internal.pipeline.CollectingSink;
import dev.selection.core.internal.pipeline.PcmSink;
import java.util.Arrays;
import java.util.Objects;

/**
 * Streaming band-limited resampler for mono PCM: a {@link PcmSink} that converts whatever rate it
 * is begun with to a fixed target rate and forwards the result to a downstream sink.
 *
 * <p>Polyphase Kaiser-windowed sinc (see {@link KaiserSincFilter}): pass band flat to 0.9 of the
 * lower Nyquist frequency (ripple well under 0.01 dB), stop band from that Nyquist on, attenuated
 * by about 84 dB (tests assert at least 80 dB). The filter is zero-phase: output sample {@code n}
 * is the band-limited input at time {@code n / toHz}, so the output is not delayed; the signal is
 * taken as zero before its first and after its last sample. A track of {@code N} input samples
 * yields exactly {@code ceil(N * toHz / fromHz)} output samples. Streaming in blocks of any size
 * gives bit-identical output to {@link #resample(float[], int, int)}. Equal rates pass samples
 * through unchanged. Any pair of positive rates works: ratios whose exact table would be too large
 * (e.g. 44 056 or 96 001 Hz) use the interpolated table of {@link KaiserSincFilter}, with the same
 * bounds.
 *
 * <p>Not thread-safe (one track at a time, like every sink); reusable for successive tracks.
 */
public final class Resampler implements PcmSink {
  private static final int OUT_BLOCK = 2048;
  private static final int MIN_BUFFER = 1 << 14;

  /** Filter quality: the trade of attenuation and pass band against taps (cost per sample). */
  public enum Quality {
    /**
     * 84 dB stop band, pass band to 0.9 of the lower Nyquist frequency (the default; measured in
     * {@code ResamplerTest}).
     */
    HIGH(KaiserSincFilter.STOPBAND_DB, KaiserSincFilter.PASSBAND_EDGE),
    /**
     * 60 dB stop band, pass band to 0.7 of the lower Nyquist frequency: about 5× fewer taps. For
     * consumers that use only the lower part of the band, e.g. Chromaprint (28–3520 Hz of 5512 Hz).
     */
    FAST(60.0, 0.7);

    private final double stopbandDb;
    private final double passbandEdge;

    Quality(double stopbandDb, double passbandEdge) {
      this.stopbandDb = stopbandDb;
      this.passbandEdge = passbandEdge;
    }

    /** Returns the designed stop-band attenuation in dB. */
    public double stopbandDb() {
      return stopbandDb;
    }

    /** Returns the pass-band edge as a fraction of the lower Nyquist frequency. */
    public double passbandEdge() {
      return passbandEdge;
    }
  }

  private final int targetRateHz;
  private final PcmSink downstream;
  private final Quality quality;
  private final float[] out = new float[OUT_BLOCK];

  private KaiserSincFilter filter;
  private boolean passThrough;
  private boolean started;
  private float[] buf = new float[0];

  /** Absolute input index of {@code buf[0]} (negative while the leading zeros are in it). */
  private long bufOrigin;

  private int bufCount;
  private long inputCount;
  private long outputCount;

  /** floor(outputCount * M / L) and (outputCount * M) mod L. */
  private long base;

  private int phase;
  private int outFill;

  /**
   * Creates a resampler.
   *
   * @param targetRateHz the output rate in Hz, {@code > 0}
   * @param downstream the sink receiving mono PCM at {@code targetRateHz}
   */
  public Resampler(int targetRateHz, PcmSink downstream) {
    this(targetRateHz, downstream, Quality.HIGH);
  }

  /**
   * Creates a resampler of a given quality.
   *
   * @param targetRateHz the output rate in Hz, {@code > 0}
   * @param downstream the sink receiving mono PCM at {@code targetRateHz}
   * @param quality the filter quality
   */
  public Resampler(int targetRateHz, PcmSink downstream, Quality quality) {
    if (targetRateHz <= 0) {
      throw new IllegalArgumentException("targetRateHz must be > 0: " + targetRateHz);
    }
    this.targetRateHz = targetRateHz;
    this.downstream = Objects.requireNonNull(downstream, "downstream");
    this.quality = Objects.requireNonNull(quality, "quality");
  }

  /** Returns the output rate in Hz. */
  public int targetRateHz() {
    return targetRateHz;
  }

  /**
   * Resamples a whole mono signal at once.
   *
   * @param in the samples at {@code fromHz}
   * @param fromHz the input rate in Hz
   * @param toHz the output rate in Hz
   * @return {@code ceil(in.length * toHz / fromHz)} samples at {@code toHz} (a copy when the rates
   *     are equal)
   * @throws IllegalArgumentException for non-positive rates
   */
  public static float[] resample(float[] in, int fromHz, int toHz) {
    CollectingSink c = new CollectingSink();
    Resampler r = new Resampler(toHz, c);
    r.begin(fromHz, 1, in.length);
    r.accept(in, 0, in.length);
    r.end();
    return c.result();
  }

  /**
   * Returns the number of output samples for {@code inputSamples} input samples.
   *
   * @param inputSamples samples at {@code fromHz}
   * @param fromHz the input rate in Hz
   * @param toHz the output rate in Hz
   */
  public static long outputLength(long inputSamples, int fromHz, int toHz) {
    int g = KaiserSincFilter.gcd(fromHz, toHz);
    long up = toHz / g;
    long down = fromHz / g;
    return (inputSamples * up + down - 1) / down;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if {@code channels != 1} or the rate is not positive
   */
  @Override
  public void begin(int sampleRateHz, int channels, long framesHint) {
    if (channels != 1) {
      throw new IllegalArgumentException(
          "Resampler takes mono input, got " + channels + " channels");
    }
    if (sampleRateHz <= 0) {
      throw new IllegalArgumentException("sampleRateHz must be > 0: " + sampleRateHz);
    }
    passThrough = sampleRateHz == targetRateHz;
    inputCount = 0;
    outputCount = 0;
    base = 0;
    phase = 0;
    outFill = 0;
    started = true;
    if (passThrough) {
      filter = null;
      downstream.begin(targetRateHz, 1, framesHint);
      return;
    }
    filter = KaiserSincFilter.forRates(sampleRateHz, targetRateHz, quality);
    int capacity = Math.max(MIN_BUFFER, 4 * filter.taps);
    if (buf.length != capacity) {
      buf = new float[capacity];
    }
    // x[-lead .. -1] are zeros.
    Arrays.fill(buf, 0, filter.leadSamples, 0f);
    bufCount = filter.leadSamples;
    bufOrigin = -filter.leadSamples;
    long hint = framesHint < 0 ? -1 : outputLength(framesHint, sampleRateHz, targetRateHz);
    downstream.begin(targetRateHz, 1, hint);
  }

  @Override
  public void accept(float[] samples, int offset, int frames) {
    if (!started) {
      throw new IllegalStateException("accept before begin");
    }
    if (passThrough) {
      inputCount += frames;
      downstream.accept(samples, offset, frames);
      return;
    }
    int done = 0;
    while (done < frames) {
      if (bufCount == buf.length) {
        compact();
      }
      int n = Math.min(frames - done, buf.length - bufCount);
      System.arraycopy(samples, offset + done, buf, bufCount, n);
      bufCount += n;
      done += n;
      inputCount += n;
      produce(Long.MAX_VALUE);
    }
  }

  @Override
  public void end() {
    if (!started) {
      throw new IllegalStateException("end before begin");
    }
    started = false;
    if (passThrough) {
      downstream.end();
      return;
    }
    long total = (inputCount * filter.upFactor + filter.downFactor - 1) / filter.downFactor;
    // Feed zeros after the last sample until every output is computed.
    while (outputCount < total) {
      if (bufCount == buf.length) {
        compact();
      }
      int n = Math.min(buf.length - bufCount, filter.taps);
      Arrays.fill(buf, bufCount, bufCount + n, 0f);
      bufCount += n;
      produce(total);
    }
    flush();
    downstream.end();
  }

  /**
   * Computes every output whose taps are all in the buffer, up to {@code limit} outputs in total.
   */
  private void produce(long limit) {
    if (filter.interpolated) {
      produceInterpolated(limit);
      return;
    }
    final KaiserSincFilter f = filter;
    final float[] c = f.coefficients;
    final float[] x = buf;
    final int taps = f.taps;
    final int up = f.upFactor;
    final int stepBase = f.downFactor / up;
    final int stepPhase = f.downFactor % up;
    final long available = bufOrigin + bufCount;
    final int lead = f.leadSamples;
    long b = base;
    int p = phase;
    long n = outputCount;
    int fill = outFill;
    while (n < limit && b - lead + taps <= available) {
      int xp = (int) (b - lead - bufOrigin);
      int cp = p * taps;
      float a0 = 0;
      float a1 = 0;
      float a2 = 0;
      float a3 = 0;
      for (int j = 0; j < taps; j += 4) {
        a0 += c[cp + j] * x[xp + j];
        a1 += c[cp + j + 1] * x[xp + j + 1];
        a2 += c[cp + j + 2] * x[xp + j + 2];
        a3 += c[cp + j + 3] * x[xp + j + 3];
      }
      out[fill++] = (a0 + a1) + (a2 + a3);
      if (fill == OUT_BLOCK) {
        downstream.accept(out, 0, fill);
        fill = 0;
      }
      n++;
      b += stepBase;
      p += stepPhase;
      if (p >= up) {
        p -= up;
        b++;
      }
    }
    base = b;
    phase = p;
    outputCount = n;
    outFill = fill;
  }

  /**
   * As {@link #produce} for a ratio whose exact table would be too large: the output's fractional
   * delay {@code p / L} falls between rows {@code k} and {@code k + 1} of the interpolated table
   * ({@code k = floor(p P / L)}); both rows' dot products are taken and mixed linearly.
   */
  private void produceInterpolated(long limit) {
    final KaiserSincFilter f = filter;
    final float[] c = f.coefficients;
    final float[] x = buf;
    final int taps = f.taps;
    final int up = f.upFactor;
    final long rows = f.rows;
    final int stepBase = f.downFactor / up;
    final int stepPhase = f.downFactor % up;
    final long available = bufOrigin + bufCount;
    final int lead = f.leadSamples;
    long b = base;
    int p = phase;
    long n = outputCount;
    int fill = outFill;
    while (n < limit && b - lead + taps <= available) {
      int xp = (int) (b - lead - bufOrigin);
      long scaled = p * rows;
      int k = (int) (scaled / up);
      double w = (double) (scaled - (long) k * up) / up;
      int c0 = k * taps;
      int c1 = c0 + taps;
      double s0 = 0;
      double s1 = 0;
      for (int j = 0; j < taps; j++) {
        float v = x[xp + j];
        s0 += c[c0 + j] * v;
        s1 += c[c1 + j] * v;
      }
      out[fill++] = (float) (s0 + w * (s1 - s0));
      if (fill == OUT_BLOCK) {
        downstream.accept(out, 0, fill);
        fill = 0;
      }
      n++;
      b += stepBase;
      p += stepPhase;
      if (p >= up) {
        p -= up;
        b++;
      }
    }
    base = b;
    phase = p;
    outputCount = n;
    outFill = fill;
  }

  private void flush() {
    if (outFill > 0) {
      downstream.accept(out, 0, outFill);
      outFill = 0;
    }
  }

  /** Drops samples no future output reads. */
  private void compact() {
    long keepFrom = base - filter.leadSamples;
    int drop = (int) Math.max(0, Math.min(bufCount, keepFrom - bufOrigin));
    if (drop == 0) {
      // Cannot happen with capacity >= 4 taps, but grow rather than loop forever.
      buf = Arrays.copyOf(buf, buf.length * 2);
      return;
    }
    System.arraycopy(buf, drop, buf, 0, bufCount - drop);
    bufCount -= drop;
    bufOrigin += drop;
  }
}
