package dev.selection.core.internal.dsp.tempo;

import java.util.Arrays;

/**
 * The onset-strength envelope of a whole track and a coarse band-energy profile per frame: what
 * tempo, beat and downbeat analysis read. Made by {@link OnsetEnvelopeSink} (streaming) or {@link
 * #of(float[], int)} (a whole signal at once, for tests and excerpts).
 *
 * <p>Frame {@code i} of {@link #flux()} is the rectified log-mel spectral flux between analysis
 * frames {@code i} and {@code i + 1}; {@link #timeSec(double)} maps a (fractional) index to the
 * time of the onset that it marks, latency included. {@link #bands()} holds, per frame, {@value
 * #BANDS} band levels in 0.5 dB steps above the analysis floor (unsigned bytes), for downbeat
 * analysis. Immutable after construction; the arrays are not copied (internal type).
 */
public final class OnsetEnvelope {
  /** Coarse bands kept per frame. */
  public static final int BANDS = 16;

  private final float[] flux;
  private final byte[] bands;
  private final double framesPerSecond;
  private final double offsetSec;
  private final boolean truncated;

  OnsetEnvelope(
      float[] flux, byte[] bands, double framesPerSecond, double offsetSec, boolean truncated) {
    if (bands.length != flux.length * BANDS || !(framesPerSecond > 0)) {
      throw new IllegalArgumentException("Bad envelope: " + flux.length + " / " + bands.length);
    }
    this.flux = flux;
    this.bands = bands;
    this.framesPerSecond = framesPerSecond;
    this.offsetSec = offsetSec;
    this.truncated = truncated;
  }

  /**
   * Computes the envelope of a whole mono signal.
   *
   * @param samples mono samples in [-1, 1]
   * @param sampleRateHz their rate, at least 8 kHz
   */
  public static OnsetEnvelope of(float[] samples, int sampleRateHz) {
    OnsetEnvelopeSink sink = new OnsetEnvelopeSink();
    sink.begin(sampleRateHz, 1, samples.length);
    sink.accept(samples, 0, samples.length);
    sink.end();
    return sink.envelope();
  }

  /** Returns the flux, one value per frame (shared, do not modify). */
  public float[] flux() {
    return flux;
  }

  /** Returns the band levels, {@value #BANDS} unsigned bytes per frame (shared, do not modify). */
  byte[] bands() {
    return bands;
  }

  /** Returns the band level of {@code frame} and {@code band} in dB above the floor. */
  double bandDb(int frame, int band) {
    return (bands[frame * BANDS + band] & 0xFF) * 0.5;
  }

  /**
   * Returns the rise of the linear power summed over coarse bands {@code [0, bands)}, half-wave
   * rectified and cube-rooted (a loudness-like compression that keeps loud onsets above quiet ones,
   * unlike the dB flux): a kick outweighs a hi-hat here.
   */
  float[] energyRise(int bandCount) {
    return energyRise(0, bandCount);
  }

  /** {@link #energyRise(int)} over coarse bands {@code [from, to)}. */
  float[] energyRise(int from, int to) {
    double[] lut = new double[256];
    for (int i = 0; i < 256; i++) {
      lut[i] = Math.pow(10, i * 0.5 / 10);
    }
    float[] out = new float[flux.length];
    double previous = 0;
    for (int f = 0; f < flux.length; f++) {
      double p = 0;
      for (int b = from; b < to; b++) {
        p += lut[bands[f * BANDS + b] & 0xFF];
      }
      p = Math.cbrt(p);
      out[f] = f == 0 ? 0f : (float) Math.max(0, p - previous);
      previous = p;
    }
    return out;
  }

  /**
   * Returns the rectified dB flux of the coarse bands {@code [from, to)}, averaged over them: the
   * onsets of one register (kick and bass, snare and voices, cymbals).
   */
  float[] bandFlux(int from, int to) {
    float[] out = new float[flux.length];
    for (int f = 1; f < flux.length; f++) {
      int s = 0;
      for (int b = from; b < to; b++) {
        int d = (bands[f * BANDS + b] & 0xFF) - (bands[(f - 1) * BANDS + b] & 0xFF);
        if (d > 0) {
          s += d;
        }
      }
      out[f] = s * 0.5f / (to - from);
    }
    return out;
  }

  /** Returns the number of frames. */
  public int frames() {
    return flux.length;
  }

  /** Returns the frame rate. */
  public double framesPerSecond() {
    return framesPerSecond;
  }

  /** Returns the envelope's length in seconds. */
  public double durationSec() {
    return flux.length / framesPerSecond;
  }

  /**
   * Returns true when the track was longer than the envelope's frame cap (only its start is kept).
   */
  public boolean truncated() {
    return truncated;
  }

  /** Returns the time in seconds of the onset marked at (fractional) frame {@code index}. */
  public double timeSec(double index) {
    return offsetSec + index / framesPerSecond;
  }

  /** Returns the (fractional) frame index of time {@code sec}. */
  public double index(double sec) {
    return (sec - offsetSec) * framesPerSecond;
  }

  /** Returns the frames {@code [from, to)} as an envelope of their own (times shift with them). */
  public OnsetEnvelope slice(int from, int to) {
    return new OnsetEnvelope(
        Arrays.copyOfRange(flux, from, to),
        Arrays.copyOfRange(bands, from * BANDS, to * BANDS),
        framesPerSecond,
        offsetSec + from / framesPerSecond,
        false);
  }
}
