package dev.selection.core.internal.extract;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Lets background work give way to a host's foreground work: while a prediction runs on a machine
 * whose threads a training holds, the training's threads stop at their next {@linkplain
 * #checkpoint() checkpoint} (between similarity tiles, between boosting rounds) and go on when the
 * prediction is done. A pause never lasts longer than {@link #MAX_PAUSE_NANOS} at one checkpoint,
 * so a host that predicts without a break slows training down but cannot stop it.
 *
 * <p>Background work finds its gate through the thread that runs it: {@link #runAsBackground} binds
 * the gate to the current thread, and a worker thread the work starts runs its task through {@link
 * #propagating(Runnable)}, so code deep in the ranker calls the static {@link #checkpoint()}
 * without the gate being passed down. The binding is explicit, not inherited by every thread
 * created meanwhile: a pool thread that happens to be started from a training (say, by a host's
 * progress callback) must not pause the predictions it later runs. On a thread with no gate (a
 * prediction, a test) a checkpoint does nothing. Thread-safe.
 */
public final class ForegroundGate {
  /** Longest pause at one checkpoint. */
  static final long MAX_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(2);

  private static final ThreadLocal<ForegroundGate> BACKGROUND = new ThreadLocal<>();

  private final Object lock = new Object();

  /** Foreground tasks running now; guarded by {@link #lock}. */
  private int active;

  /** Whether {@link #active} is above zero: the checkpoints' lock-free fast path. */
  private volatile boolean busy;

  /** Checkpoints that paused, for tests and diagnostics; guarded by {@link #lock}. */
  private long pauses;

  /** Marks the start of foreground work; background work pauses until {@link #exit()}. */
  public void enter() {
    synchronized (lock) {
      active++;
      busy = true;
    }
  }

  /** Marks the end of foreground work started by {@link #enter()}. */
  public void exit() {
    synchronized (lock) {
      if (active <= 0) {
        throw new IllegalStateException("exit() without enter()");
      }
      if (--active == 0) {
        busy = false;
        lock.notifyAll();
      }
    }
  }

  /** Returns how many checkpoints have paused so far. */
  public long pauses() {
    synchronized (lock) {
      return pauses;
    }
  }

  /**
   * Runs {@code task} on the calling thread as background work of this gate: checkpoints reached by
   * this thread (or by tasks it hands to {@link #propagating}) pause while foreground work runs.
   */
  public <T> T runAsBackground(Callable<T> task) throws Exception {
    ForegroundGate before = BACKGROUND.get();
    BACKGROUND.set(this);
    try {
      return task.call();
    } finally {
      if (before == null) {
        BACKGROUND.remove();
      } else {
        BACKGROUND.set(before);
      }
    }
  }

  /**
   * Returns {@code task} bound to the calling thread's gate, if any: run on another thread, its
   * checkpoints pause as the caller's would. For the worker threads of background work.
   */
  public static Runnable propagating(Runnable task) {
    ForegroundGate g = BACKGROUND.get();
    if (g == null) {
      return task;
    }
    return () -> {
      try {
        g.runAsBackground(
            () -> {
              task.run();
              return null;
            });
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
  }

  /**
   * A point where background work may pause: when the current thread runs background work and
   * foreground work is running, waits until it ends (at most {@link #MAX_PAUSE_NANOS}); otherwise
   * returns at once. An interrupt ends the wait and is kept on the thread.
   */
  public static void checkpoint() {
    ForegroundGate g = BACKGROUND.get();
    if (g != null) {
      g.pauseWhileBusy();
    }
  }

  private void pauseWhileBusy() {
    if (!busy) {
      return;
    }
    synchronized (lock) {
      if (active == 0) {
        return;
      }
      pauses++;
      long deadline = System.nanoTime() + MAX_PAUSE_NANOS;
      long left;
      while (active > 0 && (left = deadline - System.nanoTime()) > 0) {
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
