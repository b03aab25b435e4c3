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
 */
final class KaiserSincFilter {
  /**
   * Designed stop-band attenuation in dB (the measured minimum is a little lower; tests hold >=
   * 80).
   */
  static final double STOPBAND_DB = 84.0;

  /** Pass-band edge as a fraction of the lower Nyquist frequency. */
  static final double PASSBAND_EDGE = 0.9;

  /** Largest polyphase table we build (phases x taps), about 16 MB of floats. */
  private static final long MAX_TABLE = 4L << 20;

  private static final Map<String, KaiserSincFilter> CACHE = new ConcurrentHashMap<>();

  /** Interpolation factor L (phases). */
  final int upFactor;

  /** Decimation factor M (input samples per L output samples). */
  final int downFactor;

  /** Taps per phase, a multiple of 4. */
  final int taps;

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
    if ((long) t * upFactor > MAX_TABLE) {
      throw new IllegalArgumentException(
          "Rate ratio " + upFactor + "/" + downFactor + " needs too large a filter table");
    }
    this.taps = t;
    this.leadSamples = lead;
    this.coefficients = new float[t * upFactor];
    double i0Beta = besselI0(beta);
    for (int p = 0; p < upFactor; p++) {
      double frac = (double) p / upFactor;
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
   * @throws IllegalArgumentException for non-positive rates or a ratio whose table would be too
   *     large
   */
  static KaiserSincFilter forRates(int fromHz, int toHz) {
    return forRates(fromHz, toHz, Resampler.Quality.HIGH);
  }

  /**
   * Returns the (cached) filter of a quality for converting {@code fromHz} to {@code toHz}.
   *
   * @throws IllegalArgumentException for non-positive rates or a ratio whose table would be too
   *     large
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
