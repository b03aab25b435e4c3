package dev.selection.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The outcome of {@link SelectionEngine#trainSelectionGbdt}.
 *
 * @param status what happened
 * @param modelRevision the library's model revision after the call (0 before any training)
 * @param modelPath the booster file, when trained; else null
 * @param metrics what training measured, when trained; else null
 * @param errorCode why it failed, when {@code status == FAILED}; else null
 * @param message a human-readable explanation, or empty
 */
public record TrainResult(
    TrainStatus status,
    long modelRevision,
    Path modelPath,
    TrainingMetrics metrics,
    ErrorCode errorCode,
    String message) {
  /** Validates that a failure carries an error code. */
  public TrainResult {
    Objects.requireNonNull(status, "status");
    message = message == null ? "" : message;
    if ((status == TrainStatus.FAILED) != (errorCode != null)) {
      throw new IllegalArgumentException("errorCode must be set exactly when status is FAILED");
    }
  }
}
