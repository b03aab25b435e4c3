package dev.selection.core;

import dev.selection.api.AutoTrainStatus;
import dev.selection.api.CancellationToken;
import dev.selection.api.EngineConfig;
import dev.selection.api.ErrorCode;
import dev.selection.api.LabelSnapshot;
import dev.selection.api.ModelState;
import dev.selection.api.Phase;
import dev.selection.api.Progress;
import dev.selection.api.ProgressListener;
import dev.selection.api.SelectionException;
import dev.selection.api.TrainResult;
import dev.selection.api.TrainStatus;
import dev.selection.api.TrainingMetrics;
import dev.selection.api.spi.LabelEntry;
import dev.selection.api.spi.ModelManifest;
import dev.selection.core.internal.extract.WorkScheduler;
import dev.selection.core.internal.lock.LibraryLock;
import dev.selection.core.internal.rank.ModelProvenance;
import dev.selection.core.internal.rank.RankerConfig;
import dev.selection.core.internal.rank.SelectionTrainer;
import dev.selection.core.internal.rank.SimilarityKernel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training, evaluation and automatic retraining (after sample changes, and once after an upgrade
 * left an outdated model). Training runs on the scheduler's one-at-a-time lane.
 */
final class TrainingService {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingService.class);

  private final EngineConfig config;
  private final EngineStores stores;
  private final WorkScheduler scheduler;
  private final Operations operations;
  private final RankerConfig rankerConfig;
  private final SelectionTrainer trainer;
  private final AutoTrainer autoTrainer;

  TrainingService(
      EngineConfig config,
      EngineStores stores,
      WorkScheduler scheduler,
      Operations operations,
      Owned owned) {
    this.config = config;
    this.stores = stores;
    this.scheduler = scheduler;
    this.operations = operations;
    this.rankerConfig = rankerConfig(config);
    this.trainer =
        new SelectionTrainer(stores.models(), rankerConfig, new SimilarityKernel(), config.clock());
    this.autoTrainer =
        owned.own(
            new AutoTrainer(config, this::autoTrainDue, t -> train(ProgressListener.NONE, t)));
  }

  /** The ranker settings of an engine: the builder's thresholds and threads, else the defaults. */
  static RankerConfig rankerConfig(EngineConfig config) {
    RankerConfig d = RankerConfig.DEFAULTS;
    return new RankerConfig(
        config.minPositives(),
        config.negativeRatio(),
        config.trainingThreads(),
        config.threadBudget(),
        d.folds(),
        d.batchSize(),
        d.contrastSize(),
        d.gbdt(),
        config.excludedFeatureGroups());
  }

  RankerConfig rankerConfig() {
    return rankerConfig;
  }

  AutoTrainer autoTrainer() {
    return autoTrainer;
  }

  /**
   * The longest a training waits for another training of the same library (in this or another
   * process) before it reports {@code busy}.
   */
  static final Duration TRAINING_LOCK_WAIT = Duration.ofMinutes(10);

  /** The lock file that keeps a library to one training at a time across processes. */
  static final String TRAINING_LOCK = "train.lock";

  /**
   * Trains on the given samples; a new model drops the cached scores of older ones. Waits while
   * another training of this library runs (see {@link #TRAINING_LOCK_WAIT}).
   */
  TrainResult train(
      Collection<String> positiveIds,
      Collection<String> negativeIds,
      ProgressListener progress,
      CancellationToken cancel) {
    List<String> pos = List.copyOf(positiveIds);
    List<String> neg = List.copyOf(negativeIds);
    ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
    return exclusively(listener, cancel, op -> trainLocked(pos, neg, listener, op));
  }

  /**
   * Trains on the stored labels; success subtracts the sample changes its snapshot saw, so label
   * changes made while it ran still count towards the next retraining. The snapshot is taken once
   * this training holds the library's training lock, so two trainings never count the same changes
   * twice.
   */
  TrainResult train(ProgressListener progress, CancellationToken cancel) {
    ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
    boolean[] changedMeanwhile = new boolean[1];
    TrainResult r =
        exclusively(
            listener,
            cancel,
            op -> {
              LabelSnapshot s = stores.labels().snapshot();
              TrainResult t = trainLocked(s.positiveIds(), s.negativeIds(), listener, op);
              if (t.status() == TrainStatus.TRAINED) {
                changedMeanwhile[0] =
                    stores.labels().subtractSampleChanges(s.sampleChangeCount()) > 0;
              }
              return t;
            });
    if (changedMeanwhile[0]) {
      autoTrainer.onSampleChange(); // changes made meanwhile may be enough for another run
    }
    return r;
  }

  /**
   * Runs a training holding the library's training lock ({@code models/selection/train.lock}): one
   * training at a time per library, across the processes that open it. The next revision is
   * allocated under the lock (the trainer reads the stored manifest once it runs), so two trainings
   * never save the same revision. A wait is cancelled by the caller's token or by closing the
   * engine; a wait longer than {@link #TRAINING_LOCK_WAIT} ends as {@code failed} with {@code
   * busy}.
   */
  private TrainResult exclusively(
      ProgressListener listener,
      CancellationToken cancel,
      Function<CancellationToken, TrainResult> body) {
    return operations.run(
        cancel,
        op -> {
          LibraryLock.Held lock;
          try {
            lock =
                LibraryLock.acquire(
                    lockFile(),
                    TRAINING_LOCK_WAIT,
                    op,
                    "Training",
                    () ->
                        listener.onProgress(
                            new Progress(
                                Phase.PREPARE,
                                0,
                                0,
                                "waiting for another training of this library to finish",
                                0,
                                null)));
          } catch (SelectionException e) {
            if (e.code() == ErrorCode.CANCELLED) {
              return new TrainResult(
                  TrainStatus.CANCELLED, modelRevision(), null, null, null, e.getMessage());
            }
            return new TrainResult(
                TrainStatus.FAILED, modelRevision(), null, null, e.code(), e.getMessage());
          }
          try (lock) {
            return body.apply(op);
          }
        });
  }

  private Path lockFile() {
    return config.libraryRoot().resolve("models").resolve("selection").resolve(TRAINING_LOCK);
  }

  private TrainResult trainLocked(
      List<String> pos, List<String> neg, ProgressListener listener, CancellationToken op) {
    TrainResult r =
        onTrainingLane(
            () ->
                trainer.train(
                    pos, neg, stores.features()::getAll, null, labelTimes(), listener, op));
    if (r.status() == TrainStatus.TRAINED) {
      stores.predictionCache().deleteOtherRevisions(r.modelRevision());
    }
    return r;
  }

  /**
   * Schedules the retraining that was due when the engine last closed (the change count and the
   * sample thresholds hold), as a label change would.
   */
  void retrainIfDue() {
    try {
      autoTrainer.onSampleChange();
    } catch (SelectionException e) {
      LOG.debug("Cannot check whether a retraining is due: {}", e.getMessage());
    }
  }

  /**
   * Cross-validates the stored labels into a throwaway in-memory model store, leaving the library's
   * model untouched.
   */
  TrainingMetrics evaluate(ProgressListener progress, CancellationToken cancel) {
    TrainResult r = evaluateLabels(progress, cancel);
    if (r.status() == TrainStatus.TRAINED) {
      return r.metrics();
    }
    if (r.status() == TrainStatus.FAILED) {
      throw new SelectionException(r.errorCode(), r.message());
    }
    throw new SelectionException(
        r.status() == TrainStatus.CANCELLED ? ErrorCode.CANCELLED : ErrorCode.INTERNAL_ERROR,
        "Cannot evaluate: " + r.status().wireName() + ": " + r.message());
  }

  /** Evaluates the labels with a scratch trainer; the outcome is a result (nothing is saved). */
  TrainResult evaluateLabels(ProgressListener progress, CancellationToken cancel) {
    LabelSnapshot s = stores.labels().snapshot();
    SelectionTrainer scratch =
        new SelectionTrainer(
            new MemoryModelStore(), rankerConfig, new SimilarityKernel(), config.clock());
    ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
    TrainResult r =
        operations.run(
            cancel,
            op ->
                onTrainingLane(
                    () ->
                        scratch.train(
                            s.positiveIds(),
                            s.negativeIds(),
                            stores.features()::getAll,
                            null,
                            labelTimes(),
                            listener,
                            op)));
    long revision = modelRevision();
    return new TrainResult(r.status(), revision, null, r.metrics(), r.errorCode(), r.message());
  }

  /**
   * Forgets labels, cached scores and models. Waits (as a training does) while another process
   * trains this library, so that its model is not saved over the reset.
   *
   * @throws SelectionException {@code BUSY} when that training does not finish within {@link
   *     #TRAINING_LOCK_WAIT}
   */
  void resetTrainingData() {
    autoTrainer.cancelPending();
    try (LibraryLock.Held lock =
        LibraryLock.acquire(
            lockFile(), TRAINING_LOCK_WAIT, new CancellationToken(), "Reset", () -> {})) {
      stores.labels().resetLabels();
      stores.predictionCache().clear();
      stores.models().deleteAll();
    }
    autoTrainer.emit(AutoTrainStatus.RESET, 0, null, "training data reset");
  }

  /** The state of the stored model, and why it cannot be used (null when it can). */
  record ModelHealth(ModelState state, String problem) {}

  /**
   * Checks the stored model as prediction would load it: a readable manifest naming a model file
   * whose checksum matches.
   */
  ModelHealth modelHealth() {
    try {
      Optional<ModelManifest> m = stores.models().manifest();
      if (m.isEmpty()) {
        return new ModelHealth(ModelState.NOT_TRAINED, null);
      }
      stores.models().readModel(m.get());
      return new ModelHealth(ModelState.READY, null);
    } catch (SelectionException e) {
      return new ModelHealth(ModelState.DAMAGED, e.getMessage());
    }
  }

  /** The stored model's revision; 0 when there is none or its manifest cannot be read. */
  long modelRevision() {
    try {
      return stores.models().manifest().map(ModelManifest::modelRevision).orElse(0L);
    } catch (SelectionException e) {
      return 0;
    }
  }

  /**
   * After an SDK upgrade the stored model may come from an older feature set (prediction refuses
   * it, {@code model_load_failed}) or from other hyper-parameters (prediction still uses it); with
   * automatic training on it is retrained as soon as the sample thresholds hold. A model from a
   * newer feature set (a downgrade) is left alone ({@link ModelProvenance#retrainReason}).
   */
  void retrainIfOutdated() {
    Optional<ModelManifest> m;
    try {
      m = stores.models().manifest();
    } catch (SelectionException e) {
      return; // an unreadable manifest is reported by prediction and status
    }
    Optional<String> reason =
        m.flatMap(
            mf ->
                ModelProvenance.retrainReason(
                    mf, rankerConfig.gbdt(), rankerConfig.excludedGroups()));
    if (reason.isEmpty()) {
      return;
    }
    String why = reason.get();
    LOG.info("{}: it will be retrained when the sample thresholds hold", why);
    autoTrainer.onModelOutdated(() -> thresholdsHold(stores.labels().snapshot()), why);
  }

  private boolean autoTrainDue() {
    LabelSnapshot s = stores.labels().snapshot();
    return s.sampleChangeCount() >= config.autoTrainThreshold() && thresholdsHold(s);
  }

  private boolean thresholdsHold(LabelSnapshot s) {
    int pos = s.positiveIds().size();
    int neg = s.negativeIds().size();
    return pos >= config.minPositives() && neg >= config.negativeRatio() * pos;
  }

  /** Runs training on the scheduler's one-at-a-time lane, holding its CPU permits. */
  private TrainResult onTrainingLane(Callable<TrainResult> task) {
    return Operations.await(
        scheduler.submitTraining(config.trainingThreads(), task),
        new Operations.Outcome<>() {
          @Override
          public TrainResult cancelled(String why) {
            return new TrainResult(TrainStatus.CANCELLED, modelRevision(), null, null, null, why);
          }

          @Override
          public TrainResult failed(Throwable cause) {
            if (cause instanceof SelectionException se) {
              throw se;
            }
            throw new SelectionException(
                ErrorCode.INTERNAL_ERROR, "Training failed: " + cause, cause);
          }
        });
  }

  private Map<String, Instant> labelTimes() {
    Map<String, Instant> times = new HashMap<>();
    for (LabelEntry e : stores.labels().entries()) {
      times.put(e.songId(), e.updatedAt());
    }
    return times;
  }
}
