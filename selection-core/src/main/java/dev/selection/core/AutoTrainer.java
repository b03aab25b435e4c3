package dev.selection.core;

import dev.selection.api.AutoTrainEvent;
import dev.selection.api.AutoTrainListener;
import dev.selection.api.AutoTrainStatus;
import dev.selection.api.CancellationToken;
import dev.selection.api.EngineConfig;
import dev.selection.api.ErrorCode;
import dev.selection.api.TrainResult;
import dev.selection.api.TrainStatus;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Automatic retraining: after a sample change, when the change count and the sample thresholds
 * hold, trains once after a quiet period (debounce) from the last change. Thread-safe.
 */
final class AutoTrainer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AutoTrainer.class);

  private final EngineConfig config;
  private final BooleanSupplier due;
  private final Function<CancellationToken, TrainResult> trainer;
  private final AutoTrainListener listener;
  private final ScheduledExecutorService timer;
  private ScheduledFuture<?> pending;
  private CancellationToken running;
  private boolean closed;

  AutoTrainer(
      EngineConfig config, BooleanSupplier due, Function<CancellationToken, TrainResult> trainer) {
    this.config = config;
    this.due = due;
    this.trainer = trainer;
    this.listener = config.autoTrainListener().orElse(null);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "selection-autotrain");
              t.setDaemon(true);
              t.setPriority(Thread.MIN_PRIORITY);
              return t;
            });
  }

  /** Called after labels or labelled metadata really changed. */
  void onSampleChange() {
    schedule(due, "");
  }

  /**
   * Called when the stored model was built by an older feature set (after an SDK upgrade): it
   * cannot be used, so it is retrained once the sample thresholds hold, whatever the change count.
   *
   * @param ready whether the sample thresholds hold
   * @param why the reason, for the event message
   */
  void onModelOutdated(BooleanSupplier ready, String why) {
    schedule(ready, why + "; ");
  }

  private void schedule(BooleanSupplier check, String why) {
    if (!config.autoTrain()) {
      return;
    }
    boolean schedule;
    try {
      schedule = check.getAsBoolean();
    } catch (RuntimeException e) {
      LOG.warn("Cannot check the auto-training thresholds: {}", e.toString());
      return;
    }
    if (!schedule) {
      return;
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      if (pending != null) {
        pending.cancel(false);
      }
      pending =
          timer.schedule(
              () -> fire(check), config.autoTrainDebounce().toMillis(), TimeUnit.MILLISECONDS);
    }
    emit(
        AutoTrainStatus.SCHEDULED,
        0,
        null,
        why + "retraining in " + config.autoTrainDebounce().toMillis() + " ms");
  }

  private void fire(BooleanSupplier check) {
    CancellationToken token;
    synchronized (this) {
      if (closed) {
        return;
      }
      pending = null;
      token = new CancellationToken();
      running = token;
    }
    try {
      if (!check.getAsBoolean()) {
        return;
      }
      emit(AutoTrainStatus.TRAINING, 0, null, "");
      TrainResult r = trainer.apply(token);
      if (r.status() == TrainStatus.TRAINED) {
        emit(AutoTrainStatus.TRAINED, r.modelRevision(), null, r.message());
      } else {
        ErrorCode code =
            r.errorCode() != null
                ? r.errorCode()
                : r.status() == TrainStatus.CANCELLED
                    ? ErrorCode.CANCELLED
                    : ErrorCode.INTERNAL_ERROR;
        emit(
            AutoTrainStatus.FAILED,
            r.modelRevision(),
            code,
            r.status().wireName() + (r.message().isEmpty() ? "" : ": " + r.message()));
      }
    } catch (RuntimeException e) {
      LOG.warn("Automatic retraining failed", e);
      emit(AutoTrainStatus.FAILED, 0, ErrorCode.INTERNAL_ERROR, e.toString());
    } finally {
      synchronized (this) {
        running = null;
      }
    }
  }

  /** Cancels a scheduled or running retraining. */
  synchronized void cancelPending() {
    if (pending != null) {
      pending.cancel(false);
      pending = null;
    }
    if (running != null) {
      running.cancel();
    }
  }

  /** Sends an event to the listener; a throwing listener is logged, never propagated. */
  void emit(AutoTrainStatus status, long revision, ErrorCode code, String message) {
    if (listener == null) {
      return;
    }
    try {
      listener.onEvent(
          new AutoTrainEvent(status, config.clock().instant(), revision, code, message));
    } catch (RuntimeException e) {
      LOG.warn("An AutoTrainListener threw; ignored", e);
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    cancelPending();
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
