package dev.selection.api;

import dev.selection.api.spi.FeatureStore;
import dev.selection.api.spi.LabelStore;
import dev.selection.api.spi.ModelStore;
import dev.selection.api.spi.PathIndex;
import dev.selection.api.spi.PredictionCache;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The validated settings of an engine, as collected by {@link SelectionEngine.Builder} and handed
 * to an {@link dev.selection.api.spi.EngineProvider}. Immutable; new settings are added as new
 * accessors, so providers compiled against an older API keep working.
 *
 * <p>An absent store means "open the library's own, through the {@link
 * dev.selection.api.spi.StoreProvider}" ({@link #storeProvider()} names which one, else the
 * highest-priority one).
 */
public final class EngineConfig {
  /** Default fewest liked samples needed to train. */
  public static final int DEFAULT_MIN_POSITIVES = 20;

  /** Default fewest disliked samples per liked one needed to train. */
  public static final double DEFAULT_NEGATIVE_RATIO = 4.0;

  /** Default number of tracks decoded at once. */
  public static final int DEFAULT_EXTRACTION_CONCURRENCY = 2;

  /** Default XGBoost {@code nthread} (OpenMP may busy-wait: keep it at 1–2). */
  public static final int DEFAULT_TRAINING_THREADS = 1;

  /** Default sample changes that trigger automatic retraining. */
  public static final int DEFAULT_AUTO_TRAIN_THRESHOLD = 20;

  /** Default quiet time after the last change before automatic retraining. */
  public static final Duration DEFAULT_AUTO_TRAIN_DEBOUNCE = Duration.ofSeconds(8);

  /**
   * Default time after which a path index entry that was not seen (hit or written) is dropped by
   * the path index's garbage collection.
   */
  public static final Duration DEFAULT_PATH_INDEX_TTL = Duration.ofDays(365);

  /** Default most path index entries kept by garbage collection (the most recently seen). */
  public static final long DEFAULT_PATH_INDEX_MAX_ENTRIES = 2_000_000;

  /** The OpenL3 model folder under the library root, used when none is configured. */
  public static final String OPENL3_MODEL_SUBDIR = "resources/ai/openl3";

  private final Path libraryRoot;
  private final AnalysisConfig analysis;
  private final FeatureStore featureStore;
  private final LabelStore labelStore;
  private final PathIndex pathIndex;
  private final PredictionCache predictionCache;
  private final ModelStore modelStore;
  private final String storeProvider;
  private final Clock clock;
  private final int extractionConcurrency;
  private final int trainingThreads;
  private final int minPositives;
  private final double negativeRatio;
  private final java.util.Set<FeatureGroup> excludedFeatureGroups;
  private final boolean autoTrain;
  private final int autoTrainThreshold;
  private final Duration autoTrainDebounce;
  private final AutoTrainListener autoTrainListener;
  private final Duration pathIndexTtl;
  private final long pathIndexMaxEntries;
  private final boolean createLibraryRoot;

  /** Called by {@link SelectionEngine.Builder#config()}, which validated every value. */
  EngineConfig(SelectionEngine.Builder b) {
    this.libraryRoot = Objects.requireNonNull(b.libraryRoot, "libraryRoot");
    this.analysis =
        b.analysis.build().withDefaultOpenL3ModelDir(libraryRoot.resolve(OPENL3_MODEL_SUBDIR));
    this.featureStore = b.featureStore;
    this.labelStore = b.labelStore;
    this.pathIndex = b.pathIndex;
    this.predictionCache = b.predictionCache;
    this.modelStore = b.modelStore;
    this.storeProvider = b.storeProvider;
    this.clock = b.clock;
    this.extractionConcurrency = b.extractionConcurrency;
    this.trainingThreads = b.trainingThreads;
    this.minPositives = b.minPositives;
    this.negativeRatio = b.negativeRatio;
    this.excludedFeatureGroups = b.excludedFeatureGroups;
    this.autoTrain = b.autoTrain;
    this.autoTrainThreshold = b.autoTrainThreshold;
    this.autoTrainDebounce = b.autoTrainDebounce;
    this.autoTrainListener = b.autoTrainListener;
    this.pathIndexTtl = b.pathIndexTtl;
    this.pathIndexMaxEntries = b.pathIndexMaxEntries;
    this.createLibraryRoot = b.createLibraryRoot;
  }

  /** Returns the folder holding everything the SDK stores for the library. */
  public Path libraryRoot() {
    return libraryRoot;
  }

  /**
   * Returns how files are analysed; its OpenL3 model folder defaults to {@link
   * #OPENL3_MODEL_SUBDIR} under the library root.
   */
  public AnalysisConfig analysis() {
    return analysis;
  }

  /** Returns the most CPU threads the engine uses at once: {@code analysis().threadBudget()}. */
  public int threadBudget() {
    return analysis.threadBudget();
  }

  /** Returns the host's feature store, if it gave one. */
  public Optional<FeatureStore> featureStore() {
    return Optional.ofNullable(featureStore);
  }

  /** Returns the host's label store, if it gave one. */
  public Optional<LabelStore> labelStore() {
    return Optional.ofNullable(labelStore);
  }

  /** Returns the host's path index, if it gave one. */
  public Optional<PathIndex> pathIndex() {
    return Optional.ofNullable(pathIndex);
  }

  /** Returns the host's prediction cache, if it gave one. */
  public Optional<PredictionCache> predictionCache() {
    return Optional.ofNullable(predictionCache);
  }

  /** Returns the host's model store, if it gave one (else files under the library root). */
  public Optional<ModelStore> modelStore() {
    return Optional.ofNullable(modelStore);
  }

  /** Returns the name of the store provider to use, if the host chose one. */
  public Optional<String> storeProvider() {
    return Optional.ofNullable(storeProvider);
  }

  /** Returns the time source. */
  public Clock clock() {
    return clock;
  }

  /** Returns how many tracks are decoded at once. */
  public int extractionConcurrency() {
    return extractionConcurrency;
  }

  /** Returns XGBoost's {@code nthread}. */
  public int trainingThreads() {
    return trainingThreads;
  }

  /** Returns the fewest liked samples needed to train. */
  public int minPositives() {
    return minPositives;
  }

  /** Returns the fewest disliked samples per liked one needed to train. */
  public double negativeRatio() {
    return negativeRatio;
  }

  /** Returns the feature groups left out of training and prediction; empty by default. */
  public java.util.Set<FeatureGroup> excludedFeatureGroups() {
    return excludedFeatureGroups;
  }

  /** Returns whether label changes schedule retraining. */
  public boolean autoTrain() {
    return autoTrain;
  }

  /** Returns the sample changes that trigger automatic retraining. */
  public int autoTrainThreshold() {
    return autoTrainThreshold;
  }

  /** Returns the quiet time after the last change before automatic retraining. */
  public Duration autoTrainDebounce() {
    return autoTrainDebounce;
  }

  /** Returns the receiver of {@code autoTrainStatus} events, if set. */
  public Optional<AutoTrainListener> autoTrainListener() {
    return Optional.ofNullable(autoTrainListener);
  }

  /** Returns how long a path index entry may go unseen before garbage collection drops it. */
  public Duration pathIndexTtl() {
    return pathIndexTtl;
  }

  /** Returns the most path index entries garbage collection keeps. */
  public long pathIndexMaxEntries() {
    return pathIndexMaxEntries;
  }

  /** Returns whether a missing library folder is created when the engine opens. */
  public boolean createLibraryRoot() {
    return createLibraryRoot;
  }

  @Override
  public String toString() {
    return "EngineConfig[root="
        + libraryRoot
        + ", "
        + analysis
        + ", storeProvider="
        + storeProvider
        + ", extractionConcurrency="
        + extractionConcurrency
        + ", trainingThreads="
        + trainingThreads
        + ", minPositives="
        + minPositives
        + ", negativeRatio="
        + negativeRatio
        + ", excludedFeatureGroups="
        + excludedFeatureGroups
        + ", autoTrain="
        + autoTrain
        + "/"
        + autoTrainThreshold
        + "/"
        + autoTrainDebounce
        + "]";
  }
}
