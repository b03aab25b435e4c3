package dev.selection.core.internal.extract;

import dev.selection.api.Phase;
import dev.selection.api.Progress;
import dev.selection.api.ProgressListener;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Forwards progress at most every {@code minIntervalNanos} (20 events/s by default), always the
 * first and the last report, with throughput (× realtime) and an ETA computed from the work done so
 * far. Thread-safe; the listener is never called concurrently.
 */
public final class ProgressThrottle {
  /** The default minimum interval between reports: 50 ms, i.e. at most 20 events per second. */
  public static final long DEFAULT_INTERVAL_NANOS = 50_000_000L;

  private final ProgressListener listener;
  private final Phase phase;
  private final long total;
  private final long minIntervalNanos;
  private final LongSupplier nanoClock;
  private final long startNanos;
  private long lastEmitNanos;
  private boolean emittedAny;
  private long done;
  private double audioSeconds;

  /**
   * Creates a throttle.
   *
   * @param listener the receiver (exceptions it throws are swallowed)
   * @param phase the phase reported
   * @param total units in all
   * @param minIntervalNanos least time between two reports
   * @param nanoClock a monotonic clock ({@code System::nanoTime} outside tests)
   */
  public ProgressThrottle(
      ProgressListener listener,
      Phase phase,
      long total,
      long minIntervalNanos,
      LongSupplier nanoClock) {
    this.listener = listener == null ? ProgressListener.NONE : listener;
    this.phase = phase;
    this.total = total;
    this.minIntervalNanos = minIntervalNanos;
    this.nanoClock = nanoClock;
    this.startNanos = nanoClock.getAsLong();
  }

  /** Creates a throttle at 20 events/s on {@link System#nanoTime()}. */
  public static ProgressThrottle of(ProgressListener listener, Phase phase, long total) {
    return new ProgressThrottle(listener, phase, total, DEFAULT_INTERVAL_NANOS, System::nanoTime);
  }

  /** Reports the start (0 done). */
  public synchronized void start() {
    emit(nanoClock.getAsLong(), "");
  }

  /**
   * Records finished units and the audio seconds they covered; reports when the interval has passed
   * or the work is complete.
   */
  public synchronized void advance(long units, double audioSec, String message) {
    done = Math.min(total, done + units);
    audioSeconds += Math.max(0, audioSec);
    long now = nanoClock.getAsLong();
    if (done >= total || !emittedAny || now - lastEmitNanos >= minIntervalNanos) {
      emit(now, message);
    }
  }

  /** Reports the current state unconditionally (the end of the work, or a cancellation). */
  public synchronized void finish(String message) {
    emit(nanoClock.getAsLong(), message);
  }

  private void emit(long now, String message) {
    double elapsedSec = (now - startNanos) / 1e9;
    double rtf = elapsedSec > 0 ? audioSeconds / elapsedSec : 0;
    Duration eta = null;
    if (done > 0 && total > done && elapsedSec > 0) {
      eta = Duration.ofMillis((long) (elapsedSec / done * (total - done) * 1000));
    } else if (total > 0 && done >= total) {
      eta = Duration.ZERO;
    }
    lastEmitNanos = now;
    emittedAny = true;
    try {
      listener.onProgress(new Progress(phase, done, total, message, rtf, eta));
    } catch (RuntimeException ignored) {
      // Listeners must not throw; one that does must not stop the work.
    }
  }
}
