package dev.selection.core;

import dev.selection.api.CancellationToken;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * The one way the engine runs an operation: with a token that the caller's token and closing the
 * engine both cancel, and, for work on a scheduler lane, with the lane's outcome (interrupted,
 * cancelled by closing, failed) mapped to the operation's result type.
 */
final class Operations implements AutoCloseable {
  /** Maps the ways a lane's work ends without a result to the operation's result. */
  interface Outcome<R> {
    /**
     * Returns the result of an operation that was cancelled.
     *
     * @param why {@code "interrupted"} or {@code "engine closed"}
     */
    R cancelled(String why);

    /** Returns the result of an operation that threw {@code cause} (or throws it). */
    R failed(Throwable cause);
  }

  private final CancellationToken lifetime = new CancellationToken();

  /**
   * Runs {@code body} with a token cancelled by {@code caller} (may be null) or by closing the
   * engine; the link to the engine is removed afterwards.
   */
  <T> T run(CancellationToken caller, Function<CancellationToken, T> body) {
    CancellationToken op = (caller == null ? new CancellationToken() : caller).child();
    AutoCloseable link = lifetime.onCancel(op::cancel);
    try {
      return body.apply(op);
    } finally {
      try {
        link.close();
      } catch (Exception ignored) {
        // Unregistering a callback cannot fail.
      }
    }
  }

  /** Waits for work submitted to a lane and maps how it ended to a result. */
  static <R> R await(Future<R> work, Outcome<R> outcome) {
    try {
      return work.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return outcome.cancelled("interrupted");
    } catch (ExecutionException e) {
      return outcome.failed(e.getCause());
    } catch (CancellationException e) {
      return outcome.cancelled("engine closed");
    }
  }

  /** Cancels every running operation. */
  @Override
  public void close() {
    lifetime.cancel();
  }
}
