package dev.selection.core.internal.dsp.tempo;

/** The MIREX tempo accuracy measures. */
final class TempoAccuracy {
  private TempoAccuracy() {}

  /** Accuracy 1: within 4 % of the truth. */
  static boolean acc1(double estimate, double truth) {
    return Double.isFinite(estimate) && Math.abs(estimate - truth) <= 0.04 * truth;
  }

  /** Accuracy 2: within 4 % of the truth or of its ×2, ×½, ×3, ×⅓. */
  static boolean acc2(double estimate, double truth) {
    for (double f : new double[] {1, 2, 0.5, 3, 1.0 / 3}) {
      if (acc1(estimate, truth * f)) {
        return true;
      }
    }
    return false;
  }
}
