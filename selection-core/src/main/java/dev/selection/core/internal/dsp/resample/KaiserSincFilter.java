package dev.selection.core.internal.dsp.resample;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The polyphase coefficient table of a Kaiser-windowed sinc low-pass filter for the rational rate
 * change {@code upFactor / downFactor}. Immutable and shared between resamplers (cached per ratio).
 *
 * <p>Design (Kaiser, "Nonrecursive digital filter design using the I0-sinh window function", 1974;
 * the formulas as in Oppenheim and Schafer, Discrete-Time Signal Processing, 3rd ed., section 7.6):
 * with the lower of the two rates' Nyquist frequency {@code fN}, the pass band ends at {@code 0.9
 * fN} and the stop band starts at {@code fN}, so nothing above the new Nyquist can alias and
 * nothing above the old one can image. The window's {@code beta = 0.1102 (A - 8.7)} and length
 * {@code (A - 7.95) / (2.285 dw)} are chosen for {@link #STOPBAND_DB} of attenuation, which also
 * bounds the pass-band ripple to about {@code 20 log10(1 + 10^(-A/20))}, i.e. well under 0.01 dB.
 *
 * <p><b>Any ratio.</b> When the exact table ({@code L} phases, one per output position between two
 * input samples) would exceed {@link #MAX_TABLE} values — rates such as 44 056 or 96 001 Hz, whose
 * reduced ratio has a large {@code L} — the filter is tabulated at {@link #INTERPOLATED_PHASES}
 * equally spaced fractional delays instead, and the resampler interpolates linearly between the two
 * neighbouring rows (the "interpolated filter table" of J. O. Smith, "Digital Audio Resampling Home
 * Page", ccrma.stanford.edu/~jos/resample, as in libsamplerate and SoX). Output times stay exact
 * rational positions; only the coefficients are interpolated. The error of linear interpolation in
 * a windowed sinc of cut-off {@code fc} (cycles per sample) is at most about {@code (pi fc / P)^2 /
 * 2} of the peak coefficient, below -110 dB here, far under the stop band.
 */
final class KaiserSincFilter {
  /**
   * Designed stop-band attenuation in dB (the measured minimum is a little lower; tests hold >=
   * 80).
   */
  static final double STOPBAND_DB = 84.0;

  /** Pass-band edge as a fraction of the lower Nyquist frequency. */
  static final double PASSBAND_EDGE = 0.9;

  /** Largest exact polyphase table (phases x taps) before the interpolated table is used. */
  static final long MAX_TABLE = 4L << 20;

  /** Rows of the interpolated table (fractional delays 0, 1/P, ..., 1). */
  static final int INTERPOLATED_PHASES = 1024;

  private static final Map<String, KaiserSincFilter> CACHE = new ConcurrentHashMap<>();

  /** Interpolation factor L (phases). */
  final int upFactor;

  /** Decimation factor M (input samples per L output samples). */
  final int downFactor;

  /** Taps per phase, a multiple of 4. */
  final int taps;

  /**
   * True when the table holds {@link #INTERPOLATED_PHASES} + 1 rows of fractional delay {@code k /
   * P} to interpolate between, instead of one exact row per phase {@code p / L}.
   */
  final boolean interpolated;

  /** Rows in the table, excluding the interpolated table's closing row: {@code L} or {@code P}. */
  final int rows;

  /**
   * Input samples before the output instant that the first tap reads: output {@code n} at input
   * time {@code t = n M / L} reads {@code x[floor(t) - leadSamples + j]} for {@code j < taps}.
   */
  final int leadSamples;

  /**
   * Coefficients, {@code taps} per phase, phase {@code p} (fractional delay {@code p / L}) first.
   */
  final float[] coefficients;

  private KaiserSincFilter(int upFactor, int downFactor, Resampler.Quality quality) {
    this.upFactor = upFactor;
    this.downFactor = downFactor;
    double ratio = Math.min(1.0, (double) upFactor / downFactor);
    // Frequencies in cycles per input sample.
    double nyquist = 0.5 * ratio;
    double passEdge = quality.passbandEdge() * nyquist;
    double cutoff = 0.5 * (passEdge + nyquist);
    double transition = nyquist - passEdge;
    double a = quality.stopbandDb();
    double beta = 0.1102 * (a - 8.7);
    double length = (a - 7.95) / (2.285 * 2 * Math.PI * transition) + 1;
    double halfWidth = length / 2; // in input samples
    int lead = (int) Math.ceil(halfWidth);
    int rawTaps = 2 * lead + 1;
    int t = (rawTaps + 3) & ~3;
    this.taps = t;
    this.leadSamples = lead;
    this.interpolated = (long) t * upFactor > MAX_TABLE;
    this.rows = interpolated ? INTERPOLATED_PHASES : upFactor;
    int tableRows = interpolated ? rows + 1 : rows;
    this.coefficients = new float[t * tableRows];
    double i0Beta = besselI0(beta);
    for (int p = 0; p < tableRows; p++) {
      double frac = (double) p / rows;
      for (int j = 0; j < t; j++) {
        // Tap j reads input sample floor(time) - lead + j; its distance from the output instant:
        double d = (j - lead) - frac;
        double w;
        if (Math.abs(d) >= halfWidth) {
          w = 0;
        } else {
          double q = d / halfWidth;
          w = besselI0(beta * Math.sqrt(1 - q * q)) / i0Beta;
        }
        coefficients[p * t + j] = (float) (2 * cutoff * sinc(2 * cutoff * d) * w);
      }
    }
  }

  /**
   * Returns the (cached) filter for converting {@code fromHz} to {@code toHz}.
   *
   * @throws IllegalArgumentException for non-positive rates
   */
  static KaiserSincFilter forRates(int fromHz, int toHz) {
    return forRates(fromHz, toHz, Resampler.Quality.HIGH);
  }

  /**
   * Returns the (cached) filter of a quality for converting {@code fromHz} to {@code toHz}.
   *
   * @throws IllegalArgumentException for non-positive rates
   */
  static KaiserSincFilter forRates(int fromHz, int toHz, Resampler.Quality quality) {
    if (fromHz <= 0 || toHz <= 0) {
      throw new IllegalArgumentException("Rates must be positive: " + fromHz + " -> " + toHz);
    }
    int g = gcd(fromHz, toHz);
    int up = toHz / g;
    int down = fromHz / g;
    String key = up + "/" + down + "/" + quality;
    KaiserSincFilter f = CACHE.get(key);
    if (f == null) {
      f = new KaiserSincFilter(up, down, quality);
      KaiserSincFilter prev = CACHE.putIfAbsent(key, f);
      if (prev != null) {
        f = prev;
      }
    }
    return f;
  }

  static int gcd(int a, int b) {
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  private static double sinc(double x) {
    if (x == 0) {
      return 1;
    }
    double px = Math.PI * x;
    return Math.sin(px) / px;
  }

  /** Modified Bessel function of the first kind, order 0, by its power series. */
  static double besselI0(double x) {
    double sum = 1;
    double term = 1;
    double q = x * x / 4;
    for (int k = 1; k < 200; k++) {
      term *= q / ((double) k * k);
      sum += term;
      if (term < sum * 1e-17) {
        break;
      }
    }
    return sum;
  }
}
