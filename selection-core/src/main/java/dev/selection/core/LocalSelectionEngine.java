package dev.selection.core;

import dev.selection.api.AnalyzedFile;
import dev.selection.api.CancellationToken;
import dev.selection.api.Embedding;
import dev.selection.api.EmbeddingBudget;
import dev.selection.api.EngineConfig;
import dev.selection.api.EngineStatus;
import dev.selection.api.Explanation;
import dev.selection.api.ExtractOptions;
import dev.selection.api.ExtractionFailure;
import dev.selection.api.ExtractionReport;
import dev.selection.api.ImportReport;
import dev.selection.api.Label;
import dev.selection.api.LabelSnapshot;
import dev.selection.api.LabelUpdate;
import dev.selection.api.PredictResult;
import dev.selection.api.ProgressListener;
import dev.selection.api.SelectionEngine;
import dev.selection.api.SimilarResult;
import dev.selection.api.SongFeatures;
import dev.selection.api.SongMetadata;
import dev.selection.api.SongSummary;
import dev.selection.api.Tag;
import dev.selection.api.TrainResult;
import dev.selection.api.TrainingMetrics;
import dev.selection.core.internal.extract.WorkScheduler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The local engine: a coordinator of five services on the library root's stores — {@link
 * LabelService labels}, {@link ExtractionService extraction}, {@link LibraryService the library's
 * files and songs}, {@link TrainingService training} (with automatic retraining) and {@link
 * PredictionService prediction} — which checks arguments and that the engine is open, and nothing
 * else.
 *
 * <p>Stores the builder gave belong to the host and are not closed here; stores this engine opened
 * are closed by {@link #close()}.
 */
final class LocalSelectionEngine implements SelectionEngine {
  private final EngineConfig config;
  private final Owned owned = new Owned();
  private final Operations operations = new Operations();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final EngineStores stores;
  private final LabelService labels;
  private final ExtractionService extraction;
  private final TrainingService training;
  private final PredictionService prediction;
  private final LibraryService library;

  LocalSelectionEngine(EngineConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    try {
      // Owned resources close in reverse order: the workers stop before the stores close.
      this.stores = EngineStores.open(config, owned);
      WorkScheduler scheduler =
          owned.own(new WorkScheduler(config.threadBudget(), config.extractionConcurrency()));
      this.training = new TrainingService(config, stores, scheduler, operations, owned);
      this.labels = new LabelService(stores, training.autoTrainer());
      this.extraction = new ExtractionService(config, stores, scheduler, operations, owned);
      this.prediction =
          new PredictionService(
              config,
              stores,
              scheduler,
              operations,
              extraction.embedders(),
              training.rankerConfig(),
              owned);
      this.library = new LibraryService(config, stores, extraction, labels);
      training.retrainIfOutdated();
      training.retrainIfDue();
      library.collectPathIndexGarbage();
    } catch (RuntimeException | Error e) {
      owned.close();
      throw e;
    }
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("SelectionEngine is closed");
    }
  }

  // ---------------------------------------------------------------- labels

  @Override
  public LabelUpdate setSelectionLabels(Collection<String> songIds, Label label) {
    checkOpen();
    return labels.set(validIds(songIds), label);
  }

  @Override
  public LabelUpdate setSelectionLabels(
      Collection<String> songIds,
      Label label,
      ProgressListener progress,
      CancellationToken cancel) {
    checkOpen();
    return labels.set(validIds(songIds), label, progress, cancel, closed::get);
  }

  @Override
  public LabelUpdate setLabelsForFilePaths(Collection<Path> files, Label label) {
    checkOpen();
    Objects.requireNonNull(label, "label");
    LibraryService.Identified found = library.identify(files);
    LabelUpdate u = labels.set(found.songIds(), label);
    return new LabelUpdate(
        u.total(), u.changed(), u.sampleChangeCount(), u.sampleChangeDelta(), found.failures());
  }

  @Override
  public LabelSnapshot getSelectionLabelSnapshot() {
    checkOpen();
    return labels.snapshot();
  }

  @Override
  public long resetSelectionSampleChangeCount() {
    checkOpen();
    return labels.resetSampleChangeCount();
  }

  @Override
  public int resetSelectionLabels() {
    checkOpen();
    return labels.resetLabels();
  }

  @Override
  public boolean onMetadataChanged(String songId, SongMetadata before, SongMetadata after) {
    checkOpen();
    return labels.onMetadataChanged(songId, before, after);
  }

  @Override
  public void resetTrainingData() {
    checkOpen();
    training.resetTrainingData();
  }

  // ---------------------------------------------------------------- features

  @Override
  public ImportReport importAnalyses(Collection<AnalyzedFile> files) {
    checkOpen();
    Objects.requireNonNull(files, "files");
    List<AnalyzedFile> all = new ArrayList<>(files.size());
    for (AnalyzedFile f : files) {
      all.add(Objects.requireNonNull(f, "files contains null"));
    }
    return extraction.importAnalyses(all);
  }

  @Override
  public int upsertSongFeatures(List<SongFeatures> items) {
    checkOpen();
    Objects.requireNonNull(items, "items");
    items.forEach(f -> Objects.requireNonNull(f, "item"));
    return extraction.upsert(items);
  }

  @Override
  public Optional<SongFeatures> getSongFeatures(String songId) {
    checkOpen();
    return stores.features().get(SongFeatures.requireSongId(songId));
  }

  @Override
  public ExtractionReport extractFeatures(
      Collection<Path> files,
      ExtractOptions options,
      ProgressListener progress,
      CancellationToken cancel) {
    checkOpen();
    Objects.requireNonNull(files, "files");
    files.forEach(f -> Objects.requireNonNull(f, "file"));
    ExtractionReport report = extraction.extract(files, options, progress, cancel);
    library.collectPathIndexGarbage();
    return report;
  }

  @Override
  public ExtractionReport extractFeaturesForSongs(
      Collection<String> songIds,
      ExtractOptions options,
      ProgressListener progress,
      CancellationToken cancel) {
    checkOpen();
    return extraction.extractSongs(validIds(songIds), options, progress, cancel);
  }

  @Override
  public Embedding extractOpenL3Embedding(Path file, Double maxSeconds, Integer maxWindows) {
    checkOpen();
    Objects.requireNonNull(file, "file");
    EmbeddingBudget base = config.analysis().embeddingBudget();
    EmbeddingBudget budget =
        new EmbeddingBudget(
            base.hopSec(),
            maxWindows == null ? base.maxWindows() : maxWindows,
            maxSeconds == null ? base.maxSeconds() : maxSeconds);
    return extraction.embed(file, SongFeatures.OPENL3, budget);
  }

  @Override
  public Embedding extractEmbedding(Path file, String kind) {
    checkOpen();
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(kind, "kind");
    return extraction.embed(file, kind, config.analysis().embeddingBudget());
  }

  @Override
  public List<String> embeddingKinds() {
    return extraction.embedders().kinds();
  }

  @Override
  public String songIdFor(Path file) {
    checkOpen();
    return extraction.songIdFor(Objects.requireNonNull(file, "file"));
  }

  @Override
  public boolean onFileMoved(Path from, Path to) {
    checkOpen();
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    return extraction.onFileMoved(from, to);
  }

  @Override
  public int forgetSongs(Collection<String> songIds, boolean removeLabels) {
    checkOpen();
    return library.forget(validIds(songIds), removeLabels);
  }

  @Override
  public List<String> songIds() {
    checkOpen();
    return stores.features().songIds();
  }

  @Override
  public List<SongSummary> songSummaries() {
    checkOpen();
    List<SongSummary> out = new java.util.ArrayList<>();
    stores.features().forEachSummary(out::add);
    return out;
  }

  @Override
  public Optional<Path> pathOf(String songId) {
    checkOpen();
    return extraction.pathOf(SongFeatures.requireSongId(songId));
  }

  @Override
  public List<ExtractionFailure> listFailures() {
    checkOpen();
    return stores.features().failures();
  }

  // ---------------------------------------------------------------- training and prediction

  @Override
  public TrainResult trainSelectionGbdt(
      Collection<String> positiveIds,
      Collection<String> negativeIds,
      ProgressListener progress,
      CancellationToken cancel) {
    checkOpen();
    return training.train(validIds(positiveIds), validIds(negativeIds), progress, cancel);
  }

  @Override
  public TrainResult train(ProgressListener progress, CancellationToken cancel) {
    checkOpen();
    return training.train(progress, cancel);
  }

  @Override
  public TrainingMetrics evaluate(ProgressListener progress, CancellationToken cancel) {
    checkOpen();
    return training.evaluate(progress, cancel);
  }

  @Override
  public TrainResult evaluateLabels(ProgressListener progress, CancellationToken cancel) {
    checkOpen();
    return training.evaluateLabels(progress, cancel);
  }

  @Override
  public PredictResult predictSelectionCandidates(Collection<String> candidateIds, int topK) {
    return predictSelectionCandidates(
        candidateIds, topK, ProgressListener.NONE, CancellationToken.none());
  }

  @Override
  public PredictResult predictSelectionCandidates(
      Collection<String> candidateIds,
      int topK,
      ProgressListener progress,
      CancellationToken cancel) {
    checkOpen();
    return prediction.predict(validIds(candidateIds), topK, progress, cancel);
  }

  @Override
  public PredictResult predictForFilePaths(Collection<Path> files, int topK) {
    checkOpen();
    LibraryService.Identified found = library.identify(files);
    return predictSelectionCandidates(found.songIds(), topK).withFileFailures(found.failures());
  }

  @Override
  public Optional<Explanation> explain(String songId) {
    checkOpen();
    return prediction.explain(SongFeatures.requireSongId(songId));
  }

  @Override
  public SimilarResult similar(Collection<String> seedIds, int k) {
    checkOpen();
    Objects.requireNonNull(seedIds, "seedIds");
    return prediction.similar(seedIds, k);
  }

  @Override
  public List<Tag> topTags(String songId, int k) {
    checkOpen();
    return prediction.topTags(SongFeatures.requireSongId(songId), k);
  }

  // ---------------------------------------------------------------- state

  @Override
  public EngineStatus status() {
    checkOpen();
    LabelSnapshot s = labels.snapshot();
    TrainingService.ModelHealth model = training.modelHealth();
    return new EngineStatus(
        s.positiveIds().size(),
        s.negativeIds().size(),
        s.sampleChangeCount(),
        training.modelRevision(),
        stores.features().count(),
        stores.features().failures().size(),
        model.state(),
        model.problem());
  }

  @Override
  public Path libraryRoot() {
    return config.libraryRoot();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      operations.close(); // running operations see their tokens cancelled first
      owned.close();
    }
  }

  private static List<String> validIds(Collection<String> songIds) {
    Objects.requireNonNull(songIds, "songIds");
    List<String> ids = new ArrayList<>(songIds.size());
    for (String id : songIds) {
      ids.add(SongFeatures.requireSongId(id));
    }
    return ids;
  }
}
