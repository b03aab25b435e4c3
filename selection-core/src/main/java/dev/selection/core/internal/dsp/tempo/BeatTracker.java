package dev.selection.core.internal.dsp.tempo;

import java.util.Arrays;

/**
 * Beat tracking by dynamic programming, after Ellis 2007 ("Beat tracking by dynamic programming",
 * J. New Music Research 36(1), 51–60), with the details of librosa 0.10's {@code beat.beat_track}
 * ({@code beat.py}: Gaussian-smoothed local score, transition cost {@code -tightness · log(Δ/P)²}
 * over predecessors {@code Δ ∈ [P/2, 2P]}, tightness 100, last beat at the last local maximum of
 * the cumulative score above half the median of those maxima, leading and trailing beats whose
 * local score is under half the RMS of the beats' local scores trimmed). No code was copied.
 *
 * <p>Cost: O(frames · P) time, O(frames) memory. Stateless and thread-safe.
 */
final class BeatTracker {
  /** librosa's default: how strongly the inter-beat interval is held to the period. */
  static final double TIGHTNESS = 100;

  private BeatTracker() {}

  /**
   * Tracks beats at a period.
   *
   * @param onset the onset envelope (any non-negative scale)
   * @param periodFrames the beat period in frames, at least 2
   * @return the beat positions in (fractional, parabolically refined) frames, ascending; empty when
   *     the envelope has no onsets
   */
  static double[] track(float[] onset, double periodFrames) {
    int n = onset.length;
    if (n < 3 || !(periodFrames >= 2)) {
      return new double[0];
    }
    double[] local = localScore(onset, periodFrames);
    boolean any = false;
    for (double v : local) {
      any |= v > 0;
    }
    if (!any) {
      return new double[0];
    }
    double[] cumulative = new double[n];
    int[] back = new int[n];
    int minGap = Math.max(1, (int) Math.round(periodFrames / 2));
    int maxGap = Math.max(minGap, (int) Math.round(2 * periodFrames));
    double[] cost = new double[maxGap + 1];
    for (int gap = minGap; gap <= maxGap; gap++) {
      double l = Math.log(gap / periodFrames);
      cost[gap] = -TIGHTNESS * l * l;
    }
    // Before the first onset there is nothing to follow: a beat may start a new chain there.
    double threshold = 0.01 * max(local);
    boolean started = false;
    for (int t = 0; t < n; t++) {
      double best = Double.NEGATIVE_INFINITY;
      int arg = -1;
      for (int gap = minGap; gap <= maxGap && t - gap >= 0; gap++) {
        double s = cumulative[t - gap] + cost[gap];
        if (s > best) {
          best = s;
          arg = t - gap;
        }
      }
      if (!started || arg < 0) {
        cumulative[t] = local[t];
        back[t] = -1;
        started |= local[t] > threshold;
      } else {
        cumulative[t] = local[t] + best;
        back[t] = arg;
      }
    }
    int last = lastBeat(cumulative);
    int count = 0;
    int[] beats = new int[n];
    for (int t = last; t >= 0; t = back[t]) {
      beats[count++] = t;
    }
    int[] ordered = new int[count];
    for (int i = 0; i < count; i++) {
      ordered[i] = beats[count - 1 - i];
    }
    ordered = trim(local, ordered);
    double[] out = new double[ordered.length];
    for (int i = 0; i < ordered.length; i++) {
      out[i] = refine(local, ordered[i]);
    }
    return out;
  }

  /** The onset envelope normalised by its standard deviation and smoothed by a Gaussian. */
  static double[] localScore(float[] onset, double periodFrames) {
    int n = onset.length;
    double mean = 0;
    for (float v : onset) {
      mean += v;
    }
    mean /= n;
    double var = 0;
    for (float v : onset) {
      var += (v - mean) * (v - mean);
    }
    double std = Math.sqrt(var / n);
    if (!(std > 0)) {
      return new double[n];
    }
    // librosa: window exp(-0.5 (32 k / P)^2) for k in [-P, P]; beyond |k| = 5.3 P / 32 the
    // weights are below 1e-6 and are left out.
    int half = Math.max(1, (int) Math.ceil(5.3 * periodFrames / 32));
    double[] w = new double[2 * half + 1];
    for (int k = -half; k <= half; k++) {
      double z = 32.0 * k / periodFrames;
      w[k + half] = Math.exp(-0.5 * z * z);
    }
    double[] out = new double[n];
    for (int t = 0; t < n; t++) {
      double s = 0;
      int from = Math.max(-half, -t);
      int to = Math.min(half, n - 1 - t);
      for (int k = from; k <= to; k++) {
        s += w[k + half] * onset[t + k];
      }
      out[t] = s / std;
    }
    return out;
  }

  private static double max(double[] x) {
    double m = 0;
    for (double v : x) {
      m = Math.max(m, v);
    }
    return m;
  }

  /** The last local maximum of the cumulative score above half the median of all local maxima. */
  private static int lastBeat(double[] cumulative) {
    int n = cumulative.length;
    double[] maxima = new double[n];
    int m = 0;
    for (int t = 1; t < n - 1; t++) {
      if (cumulative[t] > cumulative[t - 1] && cumulative[t] >= cumulative[t + 1]) {
        maxima[m++] = cumulative[t];
      }
    }
    if (m == 0) {
      int arg = 0;
      for (int t = 1; t < n; t++) {
        if (cumulative[t] > cumulative[arg]) {
          arg = t;
        }
      }
      return arg;
    }
    double[] sorted = Arrays.copyOf(maxima, m);
    Arrays.sort(sorted);
    double median = sorted[m / 2];
    int last = 0;
    for (int t = 1; t < n - 1; t++) {
      if (cumulative[t] > cumulative[t - 1]
          && cumulative[t] >= cumulative[t + 1]
          && cumulative[t] >= 0.5 * median) {
        last = t;
      }
    }
    return last;
  }

  /** Drops leading and trailing beats whose local score is under half the beats' RMS. */
  private static int[] trim(double[] local, int[] beats) {
    if (beats.length == 0) {
      return beats;
    }
    double sumSq = 0;
    for (int b : beats) {
      sumSq += local[b] * local[b];
    }
    double limit = 0.5 * Math.sqrt(sumSq / beats.length);
    int from = 0;
    int to = beats.length;
    while (from < to && local[beats[from]] <= limit) {
      from++;
    }
    while (to > from && local[beats[to - 1]] <= limit) {
      to--;
    }
    return Arrays.copyOfRange(beats, from, to);
  }

  /** Parabolic refinement of a peak position, within ±½ frame. */
  private static double refine(double[] x, int i) {
    if (i <= 0 || i >= x.length - 1) {
      return i;
    }
    double a = x[i - 1];
    double b = x[i];
    double c = x[i + 1];
    double denom = a - 2 * b + c;
    double shift = denom < 0 ? 0.5 * (a - c) / denom : 0;
    return i + Math.max(-0.5, Math.min(0.5, shift));
  }
}
