package dev.selection.api;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link SelectionEngine#predictSelectionCandidates}.
 *
 * @param status what happened
 * @param modelRevision the revision of the model that scored, or 0
 * @param items scored songs, best first; empty unless {@code status == OK}
 * @param unscoredIds candidates that got no score because they have no features
 * @param errorCode why it failed, when {@code status == FAILED}; else null
 * @param message a human-readable explanation, or empty
 */
public record PredictResult(
    PredictStatus status,
    long modelRevision,
    List<ScoredSong> items,
    List<String> unscoredIds,
    ErrorCode errorCode,
    String message) {
  /** Copies the lists and validates that a failure carries an error code. */
  public PredictResult {
    Objects.requireNonNull(status, "status");
    items = List.copyOf(items);
    unscoredIds = List.copyOf(unscoredIds);
    message = message == null ? "" : message;
    if ((status == PredictStatus.FAILED) != (errorCode != null)) {
      throw new IllegalArgumentException("errorCode must be set exactly when status is FAILED");
    }
    if (status != PredictStatus.OK && !items.isEmpty()) {
      throw new IllegalArgumentException("only an OK result carries scores");
    }
  }
}
