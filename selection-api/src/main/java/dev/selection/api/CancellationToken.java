package dev.selection.api;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A cooperative cancellation flag shared between the caller and a long operation. Thread-safe.
 *
 * <p>Work checks {@link #isCancelled()} between units; native work (an ONNX Runtime run, a SQLite
 * statement) registers a callback with {@link #onCancel(Runnable)} to be stopped from the
 * cancelling thread. Cancellation is best effort: the operation ends with a {@code cancelled}
 * status.
 */
public final class CancellationToken {
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();

  /** Creates a token that is not cancelled. */
  public CancellationToken() {}

  /**
   * Returns a fresh token that nobody cancels (a new one each call, so cancelling it harms no one).
   */
  public static CancellationToken none() {
    return new CancellationToken();
  }

  /**
   * Returns a token that is cancelled when this one is (now or later), and may also be cancelled on
   * its own without affecting this one.
   */
  public CancellationToken child() {
    CancellationToken child = new CancellationToken();
    onCancel(child::cancel);
    return child;
  }

  /** Requests cancellation and runs the registered callbacks once. Idempotent. */
  public void cancel() {
    if (cancelled.compareAndSet(false, true)) {
      for (Runnable r : callbacks) {
        try {
          r.run();
        } catch (RuntimeException ignored) {
          // A callback must not stop the others from running.
        }
      }
    }
  }

  /** Returns true once {@link #cancel()} has been called. */
  public boolean isCancelled() {
    return cancelled.get();
  }

  /**
   * Throws if cancellation was requested.
   *
   * @throws SelectionException with {@link ErrorCode#CANCELLED}
   */
  public void throwIfCancelled() {
    if (cancelled.get()) {
      throw new SelectionException(ErrorCode.CANCELLED, "Operation cancelled");
    }
  }

  /**
   * Registers a callback run on cancellation; runs it at once if already cancelled.
   *
   * @return a handle whose {@code close()} unregisters the callback
   */
  public AutoCloseable onCancel(Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    callbacks.add(callback);
    if (cancelled.get() && callbacks.remove(callback)) {
      callback.run();
    }
    return () -> callbacks.remove(callback);
  }
}
