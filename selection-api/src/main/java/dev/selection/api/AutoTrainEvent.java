package dev.selection.api;

import java.time.Instant;
import java.util.Objects;

/**
 * An {@code autoTrainStatus} event.
 *
 * @param status the new state
 * @param at when it happened (engine clock)
 * @param modelRevision the model revision after the event
 * @param errorCode why it failed, for {@link AutoTrainStatus#FAILED}; else null
 * @param message a human-readable note, or empty
 */
public record AutoTrainEvent(
    AutoTrainStatus status, Instant at, long modelRevision, ErrorCode errorCode, String message) {
  /** Validates the required components. */
  public AutoTrainEvent {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(at, "at");
    message = message == null ? "" : message;
  }
}
