package dev.selection.api;

import java.lang.ref.WeakReference;
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
  private final List<Registration> callbacks = new CopyOnWriteArrayList<>();

  /** One registered callback; it runs at most once, whichever thread gets to it first. */
  private final class Registration implements AutoCloseable {
    private final Runnable callback;
    private final AtomicBoolean done = new AtomicBoolean();

    Registration(Runnable callback) {
      this.callback = callback;
    }

    /** Runs the callback unless it ran or was unregistered. */
    void fire() {
      if (done.compareAndSet(false, true)) {
        callbacks.remove(this);
        try {
          callback.run();
        } catch (RuntimeException ignored) {
          // A callback must not stop the others from running.
        }
      }
    }

    /** True when the callback can no longer matter (a child that is gone). */
    boolean stale() {
      return callback instanceof ChildLink link && link.child.get() == null;
    }

    @Override
    public void close() {
      done.set(true);
      callbacks.remove(this);
    }
  }

  /**
   * A parent's link to a child, held weakly: a child nobody references any more is dropped from a
   * long-lived parent's callbacks instead of piling up.
   */
  private static final class ChildLink implements Runnable {
    private final WeakReference<CancellationToken> child;

    ChildLink(CancellationToken child) {
      this.child = new WeakReference<>(child);
    }

    @Override
    public void run() {
      CancellationToken c = child.get();
      if (c != null) {
        c.cancel();
      }
    }
  }

  /** The registration of this token with its parent, removed when this token is cancelled. */
  private volatile AutoCloseable parentLink;

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
   * its own without affecting this one. This token keeps no strong reference to the child: a child
   * that is cancelled or no longer referenced leaves this token's callbacks, so a long-lived parent
   * can hand out any number of children.
   */
  public CancellationToken child() {
    CancellationToken child = new CancellationToken();
    child.parentLink = register(new ChildLink(child));
    if (child.isCancelled()) {
      child.unlinkFromParent(); // this token was already cancelled
    }
    return child;
  }

  /** Requests cancellation and runs each registered callback once. Idempotent. */
  public void cancel() {
    if (cancelled.compareAndSet(false, true)) {
      for (Registration r : callbacks) {
        r.fire();
      }
      unlinkFromParent();
    }
  }

  private void unlinkFromParent() {
    AutoCloseable link = parentLink;
    if (link != null) {
      parentLink = null;
      try {
        link.close();
      } catch (Exception ignored) {
        // Unregistering a callback cannot fail.
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
   * Registers a callback run on cancellation; runs it at once if already cancelled. The callback
   * runs exactly once however the registration races with {@link #cancel()}.
   *
   * @return a handle whose {@code close()} unregisters the callback
   */
  public AutoCloseable onCancel(Runnable callback) {
    return register(Objects.requireNonNull(callback, "callback"));
  }

  private Registration register(Runnable callback) {
    callbacks.removeIf(Registration::stale);
    Registration r = new Registration(callback);
    callbacks.add(r);
    if (cancelled.get()) {
      r.fire();
    }
    return r;
  }

  /** The number of registered callbacks (for tests of this package). */
  int registeredCallbacks() {
    return callbacks.size();
  }
}
