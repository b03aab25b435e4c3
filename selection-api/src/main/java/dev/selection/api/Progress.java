package dev.selection.api;

import java.time.Duration;
import java.util.Objects;

/**
 * One progress report of a long operation.
 *
 * @param phase what is being done
 * @param done units finished so far (tracks, samples, trees), {@code 0 <= done <= total}
 * @param total units in all, or 0 when unknown
 * @param message a short human-readable note, or empty
 * @param realtimeFactor audio seconds processed per wall-clock second, or 0 when not applicable
 * @param eta estimated time to finish, or null when unknown
 */
public record Progress(
    Phase phase, long done, long total, String message, double realtimeFactor, Duration eta) {

  /** Validates the counts. */
  public Progress {
    Objects.requireNonNull(phase, "phase");
    message = message == null ? "" : message;
    if (done < 0 || total < 0 || (total > 0 && done > total)) {
      throw new IllegalArgumentException("Bad progress " + done + "/" + total);
    }
    if (!(realtimeFactor >= 0) || Double.isInfinite(realtimeFactor)) {
      realtimeFactor = 0;
    }
  }

  /** A report without throughput or ETA. */
  public static Progress of(Phase phase, long done, long total) {
    return new Progress(phase, done, total, "", 0, null);
  }

  /** Returns completion in percent, 0–100 (0 when the total is unknown). */
  public double percent() {
    return total == 0 ? 0 : 100.0 * done / total;
  }
}
