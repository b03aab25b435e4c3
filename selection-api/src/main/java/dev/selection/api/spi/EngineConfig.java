package dev.selection.api.spi;

import dev.selection.api.AutoTrainListener;
import dev.selection.api.EmbeddingBudget;
import dev.selection.api.SegmentPolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The validated settings of an engine, as collected by {@link
 * dev.selection.api.SelectionEngine.Builder}. Null store or embedder components mean "discover
 * through {@link java.util.ServiceLoader}".
 *
 * @param libraryRoot folder holding everything the SDK stores for the library
 * @param decoders decoders given by the host, tried before discovered ones
 * @param embedders embedders given by the host, one per kind; discovered embedders add the kinds
 *     these lack
 * @param embeddings whether to compute embeddings at all (false: none, whatever is available)
 * @param openL3ModelDir folder with {@code manifest.json} for the OpenL3 model, or null
 * @param efficientAtModelDir folder with a {@code manifest.json} and model that replace the bundled
 *     EfficientAT model, or null
 * @param featureStore the feature store, or null to discover
 * @param labelStore the label store, or null to discover
 * @param pathIndex the path index, or null to discover
 * @param predictionCache the prediction cache, or null to discover
 * @param modelStore the model store, or null for the file store under the library root
 * @param executor runs background work, or null for the engine's own bounded pool
 * @param clock time source
 * @param threadBudget most CPU threads the engine uses at once, across all work
 * @param extractionConcurrency tracks decoded at once
 * @param trainingThreads XGBoost {@code nthread}
 * @param minPositives fewest liked samples to train
 * @param negativeRatio fewest disliked samples per liked one to train
 * @param autoTrain whether label changes schedule retraining
 * @param autoTrainThreshold sample changes that trigger retraining
 * @param autoTrainDebounce quiet time after the last change before retraining
 * @param autoTrainListener receives {@code autoTrainStatus} events, or null
 * @param segmentPolicy the shared excerpt strategy
 * @param embeddingBudget the OpenL3 cost budget
 * @param ffmpegPath an ffmpeg executable to use for formats the pure-Java decoders lack, or null to
 *     look on the {@code PATH}
 * @param minBpm lowest tempo the BPM estimator reports (default 60)
 * @param maxBpm highest tempo the BPM estimator reports, exclusive (default 200); at least {@code 2
 *     * minBpm}
 */
public record EngineConfig(
    Path libraryRoot,
    List<AudioDecoder> decoders,
    List<Embedder> embedders,
    boolean embeddings,
    Path openL3ModelDir,
    Path efficientAtModelDir,
    FeatureStore featureStore,
    LabelStore labelStore,
    PathIndex pathIndex,
    PredictionCache predictionCache,
    ModelStore modelStore,
    Executor executor,
    Clock clock,
    int threadBudget,
    int extractionConcurrency,
    int trainingThreads,
    int minPositives,
    double negativeRatio,
    boolean autoTrain,
    int autoTrainThreshold,
    Duration autoTrainDebounce,
    AutoTrainListener autoTrainListener,
    SegmentPolicy segmentPolicy,
    EmbeddingBudget embeddingBudget,
    Path ffmpegPath,
    double minBpm,
    double maxBpm) {

  /** Validates the values. */
  public EngineConfig {
    Objects.requireNonNull(libraryRoot, "libraryRoot");
    decoders = List.copyOf(decoders);
    embedders = List.copyOf(embedders);
    java.util.Set<String> kinds = new java.util.HashSet<>();
    for (Embedder e : embedders) {
      if (!kinds.add(e.kind())) {
        throw new IllegalArgumentException("Two embedders of kind " + e.kind());
      }
    }
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(autoTrainDebounce, "autoTrainDebounce");
    Objects.requireNonNull(segmentPolicy, "segmentPolicy");
    Objects.requireNonNull(embeddingBudget, "embeddingBudget");
    if (threadBudget < 1
        || extractionConcurrency < 1
        || trainingThreads < 1
        || minPositives < 1
        || !(negativeRatio >= 0)
        || autoTrainThreshold < 1
        || autoTrainDebounce.isNegative()
        || !(minBpm >= 30)
        || !(maxBpm >= 2 * minBpm)
        || !(maxBpm <= 360)) {
      throw new IllegalArgumentException("Bad engine configuration");
    }
  }
}
