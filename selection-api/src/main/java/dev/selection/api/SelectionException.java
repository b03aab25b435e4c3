package dev.selection.api;

import java.util.Objects;

/**
 * The one unchecked exception of the SDK: a fault, with an {@link ErrorCode} that says which kind.
 *
 * <p>Expected outcomes (not trained, insufficient samples, cancelled) are results, not exceptions.
 * Faults about one item of a batch (one file, one song) are reported for that item and the batch
 * goes on.
 */
public class SelectionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  /**
   * Creates an exception with a code and a message.
   *
   * @param code what kind of fault; never null
   * @param message a sentence a user can act on, naming the file or item concerned
   */
  public SelectionException(ErrorCode code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
  }

  /**
   * Creates an exception with a code, a message and the cause it wraps.
   *
   * @param code what kind of fault; never null
   * @param message a sentence a user can act on, naming the file or item concerned
   * @param cause the underlying exception, kept for diagnosis
   */
  public SelectionException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  /** Returns what kind of fault this is. */
  public ErrorCode code() {
    return code;
  }

  @Override
  public String toString() {
    return "SelectionException[" + code.wireName() + "]: " + getMessage();
  }
}
