package dev.selection.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A file whose extraction failed. It is not retried until its size or modification time changes.
 *
 * @param path the normalised absolute path
 * @param sizeBytes the file size when it failed, or -1
 * @param mtimeMs the modification time when it failed, or -1
 * @param code why
 * @param message a sentence naming the problem
 * @param at when it failed
 */
public record ExtractionFailure(
    String path, long sizeBytes, long mtimeMs, ErrorCode code, String message, Instant at) {
  /** Validates the required components. */
  public ExtractionFailure {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(at, "at");
    message = message == null ? "" : message;
  }
}
