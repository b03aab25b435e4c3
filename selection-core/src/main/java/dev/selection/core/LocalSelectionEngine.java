package dev.selection.core;

import dev.selection.api.AutoTrainStatus;
import dev.selection.api.CancellationToken;
import dev.selection.api.Embedding;
import dev.selection.api.EmbeddingBudget;
import dev.selection.api.EngineStatus;
import dev.selection.api.ErrorCode;
import dev.selection.api.Explanation;
import dev.selection.api.ExtractOptions;
import dev.selection.api.ExtractionFailure;
import dev.selection.api.ExtractionReport;
import dev.selection.api.Label;
import dev.selection.api.LabelSnapshot;
import dev.selection.api.LabelUpdate;
import dev.selection.api.Phase;
import dev.selection.api.PredictResult;
import dev.selection.api.PredictStatus;
import dev.selection.api.ProgressListener;
import dev.selection.api.ScoredSong;
import dev.selection.api.SelectionEngine;
import dev.selection.api.SelectionException;
import dev.selection.api.SimilarResult;
import dev.selection.api.SongFeatures;
import dev.selection.api.SongMetadata;
import dev.selection.api.Tag;
import dev.selection.api.TrainResult;
import dev.selection.api.TrainStatus;
import dev.selection.api.TrainingMetrics;
import dev.selection.api.spi.AudioDecoder;
import dev.selection.api.spi.Embedder;
import dev.selection.api.spi.EngineConfig;
import dev.selection.api.spi.FeatureStore;
import dev.selection.api.spi.LabelEntry;
import dev.selection.api.spi.LabelStore;
import dev.selection.api.spi.ModelManifest;
import dev.selection.api.spi.ModelStore;
import dev.selection.api.spi.PathIndex;
import dev.selection.api.spi.PredictionCache;
import dev.selection.api.spi.StoreProvider;
import dev.selection.core.internal.audio.DecoderRegistry;
import dev.selection.core.internal.audio.FfmpegDecoder;
import dev.selection.core.internal.audio.TrackIdentifier;
import dev.selection.core.internal.dsp.tempo.TempoEstimator;
import dev.selection.core.internal.extract.ExtractionRun;
import dev.selection.core.internal.extract.Mp3DecoderMigration;
import dev.selection.core.internal.extract.ProgressThrottle;
import dev.selection.core.internal.extract.TrackAnalyzer;
import dev.selection.core.internal.extract.WorkScheduler;
import dev.selection.core.internal.rank.FileModelStore;
import dev.selection.core.internal.rank.ModelProvenance;
import dev.selection.core.internal.rank.RankerConfig;
import dev.selection.core.internal.rank.SelectionPredictor;
import dev.selection.core.internal.rank.SelectionTrainer;
import dev.selection.core.internal.rank.SimilarSongs;
import dev.selection.core.internal.rank.SimilarityKernel;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local engine: everything runs in-process on the library root's stores.
 *
 * <p>Stores the builder gave belong to the host and are not closed here; stores this engine opened
 * are closed by {@link #close()}.
 */
final class LocalSelectionEngine implements SelectionEngine {
  private static final Logger LOG = LoggerFactory.getLogger(LocalSelectionEngine.class);

  private final EngineConfig config;
  private final FeatureStore features;
  private final LabelStore labels;
  private final PathIndex pathIndex;
  private final PredictionCache predictionCache;

  /** Songs per transaction of the chunked labelling call. */
  static final int LABEL_CHUNK = 10_000;

  private final Deque<AutoCloseable> owned = new ArrayDeque<>();
  private final CancellationToken lifetime = new CancellationToken();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AutoTrainer autoTrainer;
  private final WorkScheduler scheduler;
  private final TrackIdentifier identifier;
  private final List<Embedder> embedders;
  private final ExtractionRun extraction;
  private final ModelStore modelStore;
  private final RankerConfig rankerConfig;
  private final SelectionTrainer trainer;
  private final SelectionPredictor predictor;

  LocalSelectionEngine(EngineConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    StoreProvider provider = null;
    if (config.featureStore() == null
        || config.labelStore() == null
        || config.pathIndex() == null
        || config.predictionCache() == null) {
      provider =
          Providers.best(
              StoreProvider.class,
              StoreProvider::priority,
              StoreProvider::name,
              "add dev.selection:selection-sqlite or give every store to the builder");
    }
    try {
      this.features =
          config.featureStore() != null
              ? config.featureStore()
              : own(provider.openFeatureStore(config.libraryRoot()));
      this.labels =
          config.labelStore() != null
              ? config.labelStore()
              : own(provider.openLabelStore(config.libraryRoot()));
      this.pathIndex =
          config.pathIndex() != null
              ? config.pathIndex()
              : own(provider.openPathIndex(config.libraryRoot()));
      this.predictionCache =
          config.predictionCache() != null
              ? config.predictionCache()
              : own(provider.openPredictionCache(config.libraryRoot()));
      // Owned resources close in reverse order: the workers stop before the stores close.
      this.autoTrainer = own(new AutoTrainer(config, this::autoTrainDue, this::runAutoTraining));
      this.scheduler =
          own(new WorkScheduler(config.threadBudget(), config.extractionConcurrency()));
      this.identifier = new TrackIdentifier(decoders(config), config.clock());
      this.embedders = embedders(config);
      for (Embedder e : embedders) {
        if (!config.embedders().contains(e)) {
          own(e);
        }
      }
      this.extraction =
          new ExtractionRun(
              () ->
                  new TrackAnalyzer(
                      identifier,
                      config.segmentPolicy(),
                      embedders,
                      config.embeddingBudget(),
                      new TempoEstimator(config.minBpm(), config.maxBpm())),
              features,
              Mp3DecoderMigration.install(pathIndex, features, labels, predictionCache),
              predictionCache,
              scheduler,
              config.clock());
      this.modelStore =
          config.modelStore() != null
              ? config.modelStore()
              : new FileModelStore(config.libraryRoot());
      this.rankerConfig =
          new RankerConfig(
              config.minPositives(),
              config.negativeRatio(),
              config.trainingThreads(),
              config.threadBudget(),
              5,
              256,
              RankerConfig.DEFAULTS.contrastSize());
      this.trainer =
          new SelectionTrainer(modelStore, rankerConfig, new SimilarityKernel(), config.clock());
      this.predictor =
          own(new SelectionPredictor(modelStore, rankerConfig, new SimilarityKernel()));
      retrainIfOutdated();
    } catch (RuntimeException | Error e) {
      closeOwned();
      throw e;
    }
  }

  /**
   * The builder's embedders, then one discovered embedder (configured for this engine, with its
   * model available) for each kind they lack; none when embeddings are off. A kind without a model
   * is skipped; everything else works.
   */
  private static List<Embedder> embedders(EngineConfig config) {
    if (!config.embeddings()) {
      return List.of();
    }
    List<Embedder> out = new ArrayList<>(config.embedders());
    java.util.Set<String> kinds = new java.util.HashSet<>();
    for (Embedder e : out) {
      kinds.add(e.kind());
    }
    for (Embedder found :
        java.util.ServiceLoader.load(Embedder.class, LocalSelectionEngine.class.getClassLoader())) {
      if (kinds.contains(found.kind())) {
        found.close();
        continue;
      }
      Embedder configured = found.configure(config);
      if (configured != found) {
        found.close();
      }
      if (configured.isAvailable()) {
        kinds.add(configured.kind());
        out.add(configured);
      } else {
        LOG.info(
            "Embedder {} has no model; {} embeddings are skipped",
            configured.name(),
            configured.kind());
        configured.close();
      }
    }
    return List.copyOf(out);
  }

  /** Host decoders first, then discovered ones; a configured ffmpeg replaces the PATH lookup. */
  private static DecoderRegistry decoders(EngineConfig config) {
    List<AudioDecoder> discovered = new ArrayList<>();
    for (AudioDecoder d : DecoderRegistry.withDiscovered(List.of()).decoders()) {
      if (config.ffmpegPath() != null && d instanceof FfmpegDecoder) {
        discovered.add(new FfmpegDecoder(config.ffmpegPath()));
      } else {
        discovered.add(d);
      }
    }
    return new DecoderRegistry(config.decoders(), discovered);
  }

  /**
   * Runs {@code body} with a token cancelled by the caller's token or by closing the engine; the
   * link to the engine is removed afterwards.
   */
  private <T> T withOperation(
      CancellationToken caller, java.util.function.Function<CancellationToken, T> body) {
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

  private <T extends AutoCloseable> T own(T closeable) {
    owned.push(closeable);
    return closeable;
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
    List<String> ids = validIds(songIds);
    Objects.requireNonNull(label, "label");
    LabelUpdate update = labels.setLabels(ids, label);
    if (update.changed() > 0) {
      autoTrainer.onSampleChange();
    }
    return update;
  }

  @Override
  public LabelUpdate setSelectionLabels(
      Collection<String> songIds,
      Label label,
      ProgressListener progress,
      CancellationToken cancel) {
    checkOpen();
    List<String> ids = new ArrayList<>(new java.util.LinkedHashSet<>(validIds(songIds)));
    Objects.requireNonNull(label, "label");
    CancellationToken token = cancel == null ? new CancellationToken() : cancel;
    ProgressThrottle throttle = ProgressThrottle.of(progress, Phase.LABEL, ids.size());
    throttle.start();
    int total = 0;
    int changed = 0;
    long count = labels.snapshot().sampleChangeCount();
    for (int from = 0;
        from < ids.size() && !token.isCancelled() && !closed.get();
        from += LABEL_CHUNK) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + LABEL_CHUNK));
      LabelUpdate u = labels.setLabels(chunk, label);
      total += u.total();
      changed += u.changed();
      count = u.sampleChangeCount();
      throttle.advance(chunk.size(), 0, "");
    }
    throttle.finish(token.isCancelled() ? "cancelled" : "done");
    if (changed > 0) {
      autoTrainer.onSampleChange();
    }
    return new LabelUpdate(total, changed, count, changed);
  }

  @Override
  public LabelUpdate setLabelsForFilePaths(Collection<Path> files, Label label) {
    checkOpen();
    Objects.requireNonNull(files, "files");
    Objects.requireNonNull(label, "label");
    List<String> ids = new ArrayList<>();
    SelectionException first = null;
    for (Path file : files) {
      try {
        ids.add(songIdFor(Objects.requireNonNull(file, "file")));
      } catch (SelectionException e) {
        LOG.warn("Cannot label {}: {}", file, e.getMessage());
        if (first == null) {
          first = e;
        }
      }
    }
    if (ids.isEmpty() && first != null) {
      throw first;
    }
    return setSelectionLabels(ids, label);
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
    autoTrainer.cancelPending();
    return labels.resetLabels();
  }

  @Override
  public boolean onMetadataChanged(String songId, SongMetadata before, SongMetadata after) {
    checkOpen();
    SongFeatures.requireSongId(songId);
    SongMetadata b = before == null ? SongMetadata.EMPTY : before;
    SongMetadata a = after == null ? SongMetadata.EMPTY : after;
    if (a.equals(b)) {
      return false;
    }
    features.upsert(List.of(SongFeatures.builder(songId).metadata(a).build()));
    predictionCache.deleteSongs(List.of(songId));
    if (labels.get(songId) != Label.NEUTRAL) {
      labels.addSampleChanges(1);
      autoTrainer.onSampleChange();
    }
    return true;
  }

  @Override
  public void resetTrainingData() {
    checkOpen();
    autoTrainer.cancelPending();
    labels.resetLabels();
    predictionCache.clear();
    modelStore.deleteAll();
    autoTrainer.emit(AutoTrainStatus.RESET, 0, null, "training data reset");
  }

  // ---------------------------------------------------------------- features

  @Override
  public int upsertSongFeatures(List<SongFeatures> items) {
    checkOpen();
    Objects.requireNonNull(items, "items");
    for (SongFeatures f : items) {
      Objects.requireNonNull(f, "item");
    }
    int n = features.upsert(items);
    for (SongFeatures f : items) {
      if (f.fileHash() != null) {
        predictionCache.deleteStaleFileHashes(f.songId(), f.fileHash());
      }
    }
    return n;
  }

  @Override
  public Optional<SongFeatures> getSongFeatures(String songId) {
    checkOpen();
    return features.get(SongFeatures.requireSongId(songId));
  }

  @Override
  public ExtractionReport extractFeatures(
      Collection<Path> files,
      ExtractOptions options,
      ProgressListener progress,
      CancellationToken cancel) {
    checkOpen();
    Objects.requireNonNull(files, "files");
    for (Path f : files) {
      Objects.requireNonNull(f, "file");
    }
    ExtractOptions opts = options == null ? ExtractOptions.DEFAULTS : options;
    return withOperation(cancel, op -> extraction.run(files, opts, progress, op));
  }

  @Override
  public ExtractionReport extractFeaturesForSongs(
      Collection<String> songIds,
      ExtractOptions options,
      ProgressListener progress,
      CancellationToken cancel) {
    checkOpen();
    List<Path> files = new ArrayList<>();
    List<ExtractionFailure> unknown = new ArrayList<>();
    for (String id : validIds(songIds)) {
      Optional<String> path = pathIndex.pathOf(id);
      if (path.isPresent()) {
        files.add(Path.of(path.get()));
      } else {
        unknown.add(
            new ExtractionFailure(
                id,
                -1,
                -1,
                ErrorCode.IO_ERROR,
                "No file is known for song " + id + ": extract it by path first",
                config.clock().instant()));
      }
    }
    ExtractionReport r = extractFeatures(files, options, progress, cancel);
    if (unknown.isEmpty()) {
      return r;
    }
    List<ExtractionFailure> all = new ArrayList<>(r.failures());
    all.addAll(unknown);
    return new ExtractionReport(
        r.total() + unknown.size(),
        r.extracted(),
        r.skipped(),
        r.failed() + unknown.size(),
        r.cancelled(),
        all,
        r.audioSeconds(),
        r.elapsed());
  }

  @Override
  public Embedding extractOpenL3Embedding(Path file, Double maxSeconds, Integer maxWindows) {
    checkOpen();
    Objects.requireNonNull(file, "file");
    EmbeddingBudget base = config.embeddingBudget();
    EmbeddingBudget budget =
        new EmbeddingBudget(
            base.hopSec(),
            maxWindows == null ? base.maxWindows() : maxWindows,
            maxSeconds == null ? base.maxSeconds() : maxSeconds);
    return withOperation(
        null,
        op ->
            new TrackAnalyzer(identifier, config.segmentPolicy(), embedders, budget)
                .embed(file, SongFeatures.OPENL3, budget, op));
  }

  @Override
  public String songIdFor(Path file) {
    checkOpen();
    Objects.requireNonNull(file, "file");
    return identifier.songIdFor(file, pathIndex);
  }

  @Override
  public boolean onFileMoved(Path from, Path to) {
    checkOpen();
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    return identifier.move(from, to, pathIndex);
  }

  @Override
  public List<String> songIds() {
    checkOpen();
    return features.songIds();
  }

  @Override
  public Optional<Path> pathOf(String songId) {
    checkOpen();
    return pathIndex.pathOf(SongFeatures.requireSongId(songId)).map(Path::of);
  }

  @Override
  public List<ExtractionFailure> listFailures() {
    checkOpen();
    return features.failures();
  }

  // ---------------------------------------------------------------- training and prediction

  @Override
  public TrainResult trainSelectionGbdt(
      Collection<String> positiveIds,
      Collection<String> negativeIds,
      ProgressListener progress,
      CancellationToken cancel) {
    checkOpen();
    List<String> pos = validIds(positiveIds);
    List<String> neg = validIds(negativeIds);
    ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
    TrainResult r =
        withOperation(
            cancel,
            op ->
                onTrainingLane(
                    () ->
                        trainer.train(
                            pos, neg, features::getAll, null, labelTimes(), listener, op)));
    if (r.status() == TrainStatus.TRAINED) {
      predictionCache.deleteOtherRevisions(r.modelRevision());
    }
    return r;
  }

  @Override
  public TrainResult train(ProgressListener progress, CancellationToken cancel) {
    LabelSnapshot s = getSelectionLabelSnapshot();
    TrainResult r = trainSelectionGbdt(s.positiveIds(), s.negativeIds(), progress, cancel);
    if (r.status() == TrainStatus.TRAINED) {
      labels.resetSampleChangeCount();
    }
    return r;
  }

  /** Runs training on the scheduler's one-at-a-time lane, holding its CPU permits. */
  private TrainResult onTrainingLane(java.util.concurrent.Callable<TrainResult> task) {
    try {
      return scheduler.submitTraining(config.trainingThreads(), task).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new TrainResult(
          TrainStatus.CANCELLED, modelRevision(), null, null, null, "interrupted");
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof SelectionException se) {
        throw se;
      }
      throw new SelectionException(ErrorCode.INTERNAL_ERROR, "Training failed: " + c, c);
    } catch (java.util.concurrent.CancellationException e) {
      return new TrainResult(
          TrainStatus.CANCELLED, modelRevision(), null, null, null, "engine closed");
    }
  }

  private java.util.Map<String, java.time.Instant> labelTimes() {
    java.util.Map<String, java.time.Instant> times = new java.util.HashMap<>();
    for (LabelEntry e : labels.entries()) {
      times.put(e.songId(), e.updatedAt());
    }
    return times;
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
    List<String> ids = validIds(candidateIds);
    if (topK < 0) {
      throw new IllegalArgumentException("topK must be >= 0: " + topK);
    }
    ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
    return withOperation(
        cancel,
        op -> {
          try {
            return scheduler
                .submitPrediction(
                    config.threadBudget(), () -> predictWithCache(ids, topK, listener, op))
                .get();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PredictResult(
                PredictStatus.CANCELLED, 0, List.of(), List.of(), null, "interrupted");
          } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            ErrorCode code =
                c instanceof SelectionException se ? se.code() : ErrorCode.INTERNAL_ERROR;
            return new PredictResult(
                PredictStatus.FAILED,
                0,
                List.of(),
                List.of(),
                code,
                String.valueOf(c.getMessage()));
          } catch (java.util.concurrent.CancellationException e) {
            return new PredictResult(
                PredictStatus.CANCELLED, 0, List.of(), List.of(), null, "engine closed");
          }
        });
  }

  /**
   * Scores candidates, reusing cached scores of the current model revision for songs whose file
   * hash is unchanged (the liked snapshot is fixed per revision, so a cached score stays valid).
   */
  private PredictResult predictWithCache(
      List<String> ids, int topK, ProgressListener progress, CancellationToken cancel) {
    long revision = predictor.manifest().map(ModelManifest::modelRevision).orElse(0L);
    // Only the hashes are read here; the predictor reads the features of the songs it scores.
    java.util.Map<String, String> hashes =
        revision > 0 ? features.fileHashes(ids) : java.util.Map.of();
    java.util.Map<String, Double> cached =
        revision > 0 && !hashes.isEmpty()
            ? predictionCache.get(hashes, revision)
            : java.util.Map.of();
    List<String> toScore = new ArrayList<>();
    for (String id : new java.util.LinkedHashSet<>(ids)) {
      if (!cached.containsKey(id)) {
        toScore.add(id);
      }
    }
    PredictResult fresh =
        toScore.isEmpty() && revision > 0
            ? new PredictResult(PredictStatus.OK, revision, List.of(), List.of(), null, "")
            : predictor.predict(toScore, 0, features::getAll, progress, cancel);
    if (fresh.status() != PredictStatus.OK) {
      return fresh;
    }
    List<dev.selection.api.spi.CachedScore> toCache = new ArrayList<>();
    List<double[]> order = new ArrayList<>();
    List<String> orderIds = new ArrayList<>();
    for (ScoredSong s : fresh.items()) {
      orderIds.add(s.songId());
      order.add(new double[] {s.score()});
      toCache.add(
          new dev.selection.api.spi.CachedScore(
              s.songId(), hashes.getOrDefault(s.songId(), ""), s.score()));
    }
    for (java.util.Map.Entry<String, Double> e : cached.entrySet()) {
      orderIds.add(e.getKey());
      order.add(new double[] {e.getValue()});
    }
    if (!toCache.isEmpty()) {
      predictionCache.put(fresh.modelRevision(), toCache);
    }
    Integer[] idx = new Integer[orderIds.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    java.util.Arrays.sort(
        idx,
        (a, b) -> {
          int c = Double.compare(order.get(b)[0], order.get(a)[0]);
          return c != 0 ? c : orderIds.get(a).compareTo(orderIds.get(b));
        });
    int n = topK == 0 ? idx.length : Math.min(topK, idx.length);
    List<ScoredSong> items = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      items.add(new ScoredSong(orderIds.get(idx[i]), order.get(idx[i])[0], i + 1));
    }
    return new PredictResult(
        PredictStatus.OK, fresh.modelRevision(), items, fresh.unscoredIds(), null, fresh.message());
  }

  @Override
  public PredictResult predictForFilePaths(Collection<Path> files, int topK) {
    checkOpen();
    List<String> ids = new ArrayList<>();
    for (Path f : Objects.requireNonNull(files, "files")) {
      ids.add(songIdFor(f));
    }
    return predictSelectionCandidates(ids, topK);
  }

  @Override
  public Optional<Explanation> explain(String songId) {
    checkOpen();
    SongFeatures.requireSongId(songId);
    Optional<Explanation> e = predictor.explain(songId, features::getAll);
    if (e.isEmpty()) {
      return e;
    }
    List<String> liked = predictor.manifest().map(ModelManifest::likedSnapshot).orElse(List.of());
    return Optional.of(e.get().withSharedTags(sharedTags(songId, liked)));
  }

  /**
   * The tags a song shares with liked songs: the classes whose probability is at least {@link
   * Explanation.SharedTag#MIN_PROBABILITY} for the song and on average over the liked songs that
   * have tags, strongest (smaller of the two) first, at most five.
   */
  private List<Explanation.SharedTag> sharedTags(String songId, List<String> likedIds) {
    Embedder tagger = tagger();
    if (tagger == null || likedIds.isEmpty()) {
      return List.of();
    }
    String kind = tagger.kind();
    List<String> ids = new ArrayList<>(likedIds);
    ids.add(songId);
    Map<String, SongFeatures> f = features.getAll(ids);
    float[] mine =
        f.get(songId) == null
            ? null
            : f.get(songId).embedding(kind).map(Embedding::tags).orElse(null);
    if (mine == null) {
      return List.of();
    }
    double[] mean = new double[mine.length];
    int n = 0;
    for (String id : likedIds) {
      SongFeatures lf = f.get(id);
      float[] t =
          lf == null || id.equals(songId)
              ? null
              : lf.embedding(kind).map(Embedding::tags).orElse(null);
      if (t != null && t.length == mine.length) {
        for (int i = 0; i < t.length; i++) {
          mean[i] += t[i];
        }
        n++;
      }
    }
    if (n == 0) {
      return List.of();
    }
    List<String> names = tagger.tagNames();
    List<Explanation.SharedTag> out = new ArrayList<>();
    for (int i = 0; i < mine.length && i < names.size(); i++) {
      double m = mean[i] / n;
      if (mine[i] >= Explanation.SharedTag.MIN_PROBABILITY
          && m >= Explanation.SharedTag.MIN_PROBABILITY) {
        out.add(new Explanation.SharedTag(names.get(i), mine[i], m));
      }
    }
    out.sort(
        Comparator.comparingDouble(
                (Explanation.SharedTag t) -> -Math.min(t.probability(), t.likedMean()))
            .thenComparing(Explanation.SharedTag::tag));
    return List.copyOf(out.subList(0, Math.min(5, out.size())));
  }

  /** The first embedder whose embeddings carry tags, or null. */
  private Embedder tagger() {
    for (Embedder e : embedders) {
      if (!e.tagNames().isEmpty()) {
        return e;
      }
    }
    return null;
  }

  @Override
  public SimilarResult similar(Collection<String> seedIds, int k) {
    checkOpen();
    Objects.requireNonNull(seedIds, "seedIds");
    if (k < 0) {
      throw new IllegalArgumentException("k must be >= 0: " + k);
    }
    return SimilarSongs.rank(seedIds, k, features::forEach, SimilarSongs.Scorer.CENTROID);
  }

  @Override
  public List<Tag> topTags(String songId, int k) {
    checkOpen();
    SongFeatures.requireSongId(songId);
    Embedder tagger = tagger();
    if (tagger == null || k <= 0) {
      return List.of();
    }
    float[] p =
        features
            .get(songId)
            .flatMap(f -> f.embedding(tagger.kind()))
            .map(Embedding::tags)
            .orElse(null);
    List<String> names = tagger.tagNames();
    if (p == null || p.length != names.size()) {
      return List.of();
    }
    Integer[] order = new Integer[p.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Float.compare(p[b], p[a]));
    List<Tag> out = new ArrayList<>();
    for (int i = 0; i < Math.min(k, order.length); i++) {
      out.add(new Tag(names.get(order[i]), p[order[i]]));
    }
    return out;
  }

  @Override
  public List<String> embeddingKinds() {
    List<String> kinds = new ArrayList<>();
    for (Embedder e : embedders) {
      kinds.add(e.kind());
    }
    kinds.sort(
        Comparator.comparingInt(
            (String kind) -> {
              int i = List.of(SongFeatures.EFFICIENTAT, SongFeatures.OPENL3).indexOf(kind);
              return i < 0 ? Integer.MAX_VALUE : i;
            }));
    return List.copyOf(kinds);
  }

  @Override
  public Embedding extractEmbedding(Path file, String kind) {
    checkOpen();
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(kind, "kind");
    return withOperation(
        null,
        op ->
            new TrackAnalyzer(
                    identifier, config.segmentPolicy(), embedders, config.embeddingBudget())
                .embed(file, kind, config.embeddingBudget(), op));
  }

  @Override
  public TrainingMetrics evaluate(ProgressListener progress, CancellationToken cancel) {
    checkOpen();
    LabelSnapshot s = labels.snapshot();
    // Cross-validation runs inside training; a throwaway in-memory store keeps the library's model
    // untouched.
    SelectionTrainer scratch =
        new SelectionTrainer(
            new MemoryModelStore(), rankerConfig, new SimilarityKernel(), config.clock());
    ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
    TrainResult r =
        withOperation(
            cancel,
            op ->
                onTrainingLane(
                    () ->
                        scratch.train(
                            s.positiveIds(),
                            s.negativeIds(),
                            features::getAll,
                            null,
                            labelTimes(),
                            listener,
                            op)));
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

  // ---------------------------------------------------------------- state

  @Override
  public EngineStatus status() {
    checkOpen();
    LabelSnapshot s = labels.snapshot();
    return new EngineStatus(
        s.positiveIds().size(),
        s.negativeIds().size(),
        s.sampleChangeCount(),
        modelRevision(),
        features.count(),
        features.failures().size());
  }

  private long modelRevision() {
    try {
      return modelStore.manifest().map(ModelManifest::modelRevision).orElse(0L);
    } catch (SelectionException e) {
      return 0;
    }
  }

  @Override
  public Path libraryRoot() {
    return config.libraryRoot();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    lifetime.cancel();
    closeOwned();
  }

  private void closeOwned() {
    while (!owned.isEmpty()) {
      try {
        owned.pop().close();
      } catch (Exception e) {
        LOG.warn("Closing a store failed: {}", e.toString());
      }
    }
  }

  // ---------------------------------------------------------------- auto training

  private boolean autoTrainDue() {
    LabelSnapshot s = labels.snapshot();
    return s.sampleChangeCount() >= config.autoTrainThreshold() && thresholdsHold(s);
  }

  private boolean thresholdsHold(LabelSnapshot s) {
    int pos = s.positiveIds().size();
    int neg = s.negativeIds().size();
    return pos >= config.minPositives() && neg >= config.negativeRatio() * pos;
  }

  /**
   * After an SDK upgrade the stored model may come from an older feature set (prediction refuses
   * it, {@code model_load_failed}) or from other hyper-parameters (prediction still uses it); with
   * automatic training on it is retrained as soon as the sample thresholds hold. A model from a
   * newer feature set (a downgrade) is left alone ({@link ModelProvenance#retrainReason}).
   */
  private void retrainIfOutdated() {
    Optional<ModelManifest> m;
    try {
      m = modelStore.manifest();
    } catch (SelectionException e) {
      return; // an unreadable manifest is reported by prediction and status
    }
    Optional<String> reason =
        m.flatMap(mf -> ModelProvenance.retrainReason(mf, rankerConfig.gbdt()));
    if (reason.isEmpty()) {
      return;
    }
    String why = reason.get();
    LOG.info("{}: it will be retrained when the sample thresholds hold", why);
    autoTrainer.onModelOutdated(() -> thresholdsHold(labels.snapshot()), why);
  }

  private TrainResult runAutoTraining(CancellationToken cancel) {
    return train(ProgressListener.NONE, cancel);
  }

  // ---------------------------------------------------------------- helpers

  private static List<String> validIds(Collection<String> songIds) {
    Objects.requireNonNull(songIds, "songIds");
    List<String> ids = new ArrayList<>(songIds.size());
    for (String id : songIds) {
      ids.add(SongFeatures.requireSongId(id));
    }
    return ids;
  }
}
