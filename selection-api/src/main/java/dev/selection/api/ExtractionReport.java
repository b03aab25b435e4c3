package dev.selection.api;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of an extraction run.
 *
 * @param total items named
 * @param extracted items decoded and stored
 * @param skipped items whose stored features were current
 * @param failed items that failed (see {@code failures})
 * @param cancelled true when the run stopped early on cancellation
 * @param failures the failures of this run
 * @param audioSeconds seconds of audio decoded
 * @param elapsed wall-clock time
 */
public record ExtractionReport(
    int total,
    int extracted,
    int skipped,
    int failed,
    boolean cancelled,
    List<ExtractionFailure> failures,
    double audioSeconds,
    Duration elapsed) {
  /** Copies the failure list. */
  public ExtractionReport {
    failures = List.copyOf(failures);
  }

  /** Returns audio seconds per wall-clock second, or 0. */
  public double realtimeFactor() {
    double s = elapsed.toNanos() / 1e9;
    return s <= 0 ? 0 : audioSeconds / s;
  }
}
