package dev.selection.api;

/**
 * Why an operation failed. Each constant has a stable {@link #wireName()} that hosts may persist,
 * log or send over a wire; the names never change once released.
 */
public enum ErrorCode {
  /**
   * A native runtime or an optional model the operation needs is not available (e.g. no OpenL3
   * model).
   */
  RUNTIME_UNAVAILABLE("runtime_unavailable"),
  /**
   * A model file exists but could not be loaded: wrong checksum, truncated, wrong shape or version.
   */
  MODEL_LOAD_FAILED("model_load_failed"),
  /** A database could not be opened, read or written, or its schema is newer than this SDK. */
  DB_ERROR("db_error"),
  /** The file is not audio in any format a registered decoder understands. */
  UNSUPPORTED_FORMAT("unsupported_format"),
  /** The file claims a known audio format but its content is damaged or truncated. */
  CORRUPT_AUDIO("corrupt_audio"),
  /**
   * The file could not be read: missing, not a regular file, no permission, vanished while read.
   */
  IO_ERROR("io_error"),
  /**
   * Another operation that must run alone on this library holds it (e.g. a training in another
   * process) and did not finish within the wait; nothing was changed, so try again later.
   */
  BUSY("busy"),
  /** The operation was cancelled through its {@link CancellationToken} or by closing the engine. */
  CANCELLED("cancelled"),
  /** A bug or an unexpected condition; the message and cause say more. */
  INTERNAL_ERROR("internal_error");

  private final String wireName;

  ErrorCode(String wireName) {
    this.wireName = wireName;
  }

  /** Returns the stable lower-case name of this code, e.g. {@code "db_error"}. */
  public String wireName() {
    return wireName;
  }

  /**
   * Returns the constant whose {@link #wireName()} is {@code wireName}.
   *
   * @throws IllegalArgumentException if no constant has that wire name
   */
  public static ErrorCode fromWireName(String wireName) {
    for (ErrorCode code : values()) {
      if (code.wireName.equals(wireName)) {
        return code;
      }
    }
    throw new IllegalArgumentException("Unknown error code: " + wireName);
  }
}
