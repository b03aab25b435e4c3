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
 * @param fileFailures for {@link SelectionEngine#predictForFilePaths}: the files that could not be
 *     identified (missing, unreadable, not audio), each with its error; the other files are scored
 */
public record PredictResult(
    PredictStatus status,
    long modelRevision,
    List<ScoredSong> items,
    List<String> unscoredIds,
    ErrorCode errorCode,
    String message,
    List<ExtractionFailure> fileFailures) {
  /** Copies the lists and validates that a failure carries an error code. */
  public PredictResult {
    Objects.requireNonNull(status, "status");
    items = List.copyOf(items);
    unscoredIds = List.copyOf(unscoredIds);
    fileFailures = List.copyOf(fileFailures);
    message = message == null ? "" : message;
    if ((status == PredictStatus.FAILED) != (errorCode != null)) {
      throw new IllegalArgumentException("errorCode must be set exactly when status is FAILED");
    }
    if (status != PredictStatus.OK && !items.isEmpty()) {
      throw new IllegalArgumentException("only an OK result carries scores");
    }
  }

  /** A result with no file failures (a prediction by song id). */
  public PredictResult(
      PredictStatus status,
      long modelRevision,
      List<ScoredSong> items,
      List<String> unscoredIds,
      ErrorCode errorCode,
      String message) {
    this(status, modelRevision, items, unscoredIds, errorCode, message, List.of());
  }

  /** Returns this result with the given file failures. */
  public PredictResult withFileFailures(List<ExtractionFailure> failures) {
    return new PredictResult(
        status, modelRevision, items, unscoredIds, errorCode, message, failures);
  }
}
