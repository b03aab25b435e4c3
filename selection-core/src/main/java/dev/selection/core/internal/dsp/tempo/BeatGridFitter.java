package dev.selection.core.internal.dsp.tempo;

import dev.selection.api.BeatGrid;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a list of beat times into the compact {@link BeatGrid}: greedy, longest-first runs of beats
 * that a straight line (least squares in beat index) fits within a tolerance. A steady track
 * becomes one section (first beat + period); a drifting or live passage becomes several short ones,
 * so the grid reproduces every beat within the tolerance. Stateless.
 */
final class BeatGridFitter {
  private BeatGridFitter() {}

  /**
   * Fits sections to {@code beats}.
   *
   * @param beats beat times in seconds, ascending, ≥ 0
   * @param toleranceSec the largest distance allowed between a beat and its section's line
   * @return the grid (bars unknown), or null for fewer than two beats
   */
  static BeatGrid fit(double[] beats, double toleranceSec) {
    int n = beats.length;
    if (n < 2) {
      return null;
    }
    List<BeatGrid.Section> sections = new ArrayList<>();
    double previousEnd = -1;
    int i = 0;
    while (i < n) {
      // Exponential then binary search for the longest run from i that fits.
      int good = i;
      int step = 1;
      int bad = -1;
      while (true) {
        int j = Math.min(n - 1, good + step);
        if (j == good) {
          break;
        }
        if (fits(beats, i, j, toleranceSec)) {
          good = j;
          step *= 2;
        } else {
          bad = j;
          break;
        }
      }
      if (bad > 0) {
        int lo = good;
        int hi = bad;
        while (hi - lo > 1) {
          int mid = (lo + hi) >>> 1;
          if (fits(beats, i, mid, toleranceSec)) {
            lo = mid;
          } else {
            hi = mid;
          }
        }
        good = lo;
      }
      double[] line = line(beats, i, good);
      double start = line[0];
      double period = line[1];
      if (good == i) {
        // A single beat: its period is the gap to a neighbour.
        start = beats[i];
        period = i + 1 < n ? beats[i + 1] - beats[i] : beats[i] - beats[i - 1];
      }
      if (!(start > previousEnd)) {
        start = Math.nextUp(Math.max(previousEnd, 0));
      }
      start = Math.max(0, start);
      if (!(period > 0)) {
        period = 1e-3;
      }
      BeatGrid.Section s = new BeatGrid.Section(start, period, good - i + 1);
      sections.add(s);
      previousEnd = s.endSec();
      i = good + 1;
    }
    return new BeatGrid(sections, 0, -1);
  }

  /** Least-squares line through (k, beats[from + k]): {intercept at k = 0, slope}. */
  private static double[] line(double[] beats, int from, int to) {
    int m = to - from + 1;
    if (m == 1) {
      return new double[] {beats[from], 0};
    }
    double meanK = (m - 1) / 2.0;
    double meanB = 0;
    for (int k = 0; k < m; k++) {
      meanB += beats[from + k];
    }
    meanB /= m;
    double sxy = 0;
    double sxx = 0;
    for (int k = 0; k < m; k++) {
      sxy += (k - meanK) * (beats[from + k] - meanB);
      sxx += (k - meanK) * (k - meanK);
    }
    double slope = sxy / sxx;
    return new double[] {meanB - slope * meanK, slope};
  }

  private static boolean fits(double[] beats, int from, int to, double tolerance) {
    double[] l = line(beats, from, to);
    if (!(l[1] > 0) && to > from) {
      return false;
    }
    for (int k = 0; k <= to - from; k++) {
      if (Math.abs(l[0] + k * l[1] - beats[from + k]) > tolerance) {
        return false;
      }
    }
    return true;
  }
}
