package dev.selection.core.internal.rank;

import dev.selection.api.CancellationToken;
import dev.selection.api.ErrorCode;
import dev.selection.api.Explanation;
import dev.selection.api.FeatureGroup;
import dev.selection.api.Phase;
import dev.selection.api.PredictResult;
import dev.selection.api.PredictStatus;
import dev.selection.api.Progress;
import dev.selection.api.ProgressListener;
import dev.selection.api.ScoredSong;
import dev.selection.api.SelectionException;
import dev.selection.api.SongFeatures;
import dev.selection.api.spi.ModelManifest;
import dev.selection.api.spi.ModelStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores candidates with the saved model (SPEC §5, §7): features are computed against the liked-set
 * snapshot and the disliked contrast snapshot saved with the model (not the current labels), in
 * batches, and every candidate with features is scored (no pre-filtering); candidates without
 * features are listed as unscored. There is no fallback ranking: without a model the result is
 * {@code not_trained}. A model that cannot be loaded, fails its checksum, or was built by another
 * feature-set version is reported as {@code failed / model_load_failed} (retrain), never used.
 *
 * <p>The loaded booster is cached per manifest (revision and checksum) and freed by {@link
 * #close()}. Thread-safe; predictions on one instance are serialised.
 */
public final class SelectionPredictor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SelectionPredictor.class);

  /** Default number of results. */
  public static final int DEFAULT_TOP_K = 100;

  private static final int MAX_CONTRIBUTIONS = 10;

  private final ModelStore store;
  private final RankerConfig config;
  private final FeatureBuilder builder;
  private final SimilarityKernel kernel;
  private Loaded loaded;
  private boolean closed;

  /** A loaded model. */
  private record Loaded(
      ModelManifest manifest,
      Booster booster,
      FeatureContext context,
      FeatureSchema schema,
      Set<FeatureGroup> excluded) {}

  /**
   * Creates a predictor.
   *
   * @param store where the model is read from
   * @param config batch size and threads
   * @param kernel the similarity kernel
   */
  public SelectionPredictor(ModelStore store, RankerConfig config, SimilarityKernel kernel) {
    this.store = Objects.requireNonNull(store, "store");
    this.config = Objects.requireNonNull(config, "config");
    this.kernel = Objects.requireNonNull(kernel, "kernel");
    // Batches run in parallel (config.similarityThreads() workers); each batch's kernel runs on its
    // worker's thread only.
    this.builder = new FeatureBuilder(kernel, 1);
  }

  /** Creates a predictor with the fastest kernel. */
  public SelectionPredictor(ModelStore store, RankerConfig config) {
    this(store, config, new SimilarityKernel());
  }

  /**
   * Scores candidates.
   *
   * @param candidateIds songs to score (duplicates are scored once; malformed ids are unscored)
   * @param topK number of results, best first; 0 returns all
   * @param source stored features
   * @param progress receives {@code predict} progress per batch
   * @param cancel checked between batches
   * @return ok (with scores), not_trained, insufficient_samples, cancelled, or failed
   * @throws IllegalArgumentException if {@code topK < 0}
   */
  public PredictResult predict(
      Collection<String> candidateIds,
      int topK,
      FeatureSource source,
      ProgressListener progress,
      CancellationToken cancel) {
    return predict(candidateIds, topK, source, progress, cancel, config.similarityThreads());
  }

  /**
   * Scores candidates on at most {@code threads} threads (the share the scheduler granted).
   *
   * @see #predict(Collection, int, FeatureSource, ProgressListener, CancellationToken)
   */
  public synchronized PredictResult predict(
      Collection<String> candidateIds,
      int topK,
      FeatureSource source,
      ProgressListener progress,
      CancellationToken cancel,
      int threads) {
    if (topK < 0) {
      throw new IllegalArgumentException("topK must be >= 0: " + topK);
    }
    Loaded m;
    try {
      Optional<Loaded> o = load();
      if (o.isEmpty()) {
        return new PredictResult(
            PredictStatus.NOT_TRAINED,
            0,
            List.of(),
            List.of(),
            null,
            "No trained model: train first (no fallback ranking)");
      }
      m = o.get();
    } catch (SelectionException e) {
      return new PredictResult(
          PredictStatus.FAILED, 0, List.of(), List.of(), e.code(), e.getMessage());
    }
    long rev = m.manifest.modelRevision();
    try {
      ReferenceSet liked = snapshot(m, m.manifest.likedSnapshot(), source);
      ReferenceSet disliked = snapshot(m, m.manifest.dislikedSnapshot(), source);
      if (liked.size() == 0) {
        return new PredictResult(
            PredictStatus.INSUFFICIENT_SAMPLES,
            rev,
            List.of(),
            List.of(),
            null,
            "None of the model's liked songs has stored features any more: retrain");
      }
      LinkedHashSet<String> ids = new LinkedHashSet<>(candidateIds);
      List<String> unscored = new ArrayList<>();
      List<String> valid = new ArrayList<>();
      for (String id : ids) {
        if (isSongId(id)) {
          valid.add(id);
        } else {
          unscored.add(id);
        }
      }
      int bs = config.batchSize();
      int batches = (valid.size() + bs - 1) / bs;
      List<List<ScoredSong>> perBatch =
          new ArrayList<>(java.util.Collections.nCopies(batches, null));
      List<List<String>> missingPerBatch =
          new ArrayList<>(java.util.Collections.nCopies(batches, null));
      java.util.concurrent.atomic.AtomicInteger next =
          new java.util.concurrent.atomic.AtomicInteger();
      java.util.concurrent.atomic.AtomicInteger finished =
          new java.util.concurrent.atomic.AtomicInteger();
      java.util.concurrent.atomic.AtomicReference<Exception> failure =
          new java.util.concurrent.atomic.AtomicReference<>();
      final Loaded model = m;
      final ReferenceSet likedSet = liked;
      final ReferenceSet dislikedSet = disliked;
      Runnable worker =
          () -> {
            int b;
            while ((b = next.getAndIncrement()) < batches
                && failure.get() == null
                && !cancel.isCancelled()) {
              try {
                List<String> batch = valid.subList(b * bs, Math.min(valid.size(), (b + 1) * bs));
                List<String> missing = new ArrayList<>();
                perBatch.set(b, scoreBatch(model, likedSet, dislikedSet, batch, source, missing));
                missingPerBatch.set(b, missing);
                int done = finished.incrementAndGet();
                synchronized (progress) {
                  progress.onProgress(
                      Progress.of(
                          Phase.PREDICT, Math.min(valid.size(), (long) done * bs), valid.size()));
                }
              } catch (Exception e) {
                failure.compareAndSet(null, e);
              }
            }
          };
      runWorkers(worker, Math.max(1, Math.min(threads, batches)));
      if (failure.get() != null) {
        Exception e = failure.get();
        if (e instanceof SelectionException se) {
          throw se;
        }
        throw new SelectionException(ErrorCode.INTERNAL_ERROR, "Prediction failed: " + e, e);
      }
      if (cancel.isCancelled()) {
        return new PredictResult(
            PredictStatus.CANCELLED, rev, List.of(), List.of(), null, "Prediction cancelled");
      }
      List<ScoredSong> scored = new ArrayList<>(valid.size());
      for (int b = 0; b < batches; b++) {
        scored.addAll(perBatch.get(b));
        unscored.addAll(missingPerBatch.get(b));
      }
      scored.sort(
          Comparator.comparingDouble(ScoredSong::score)
              .reversed()
              .thenComparing(ScoredSong::songId));
      int n = topK == 0 ? scored.size() : Math.min(topK, scored.size());
      List<ScoredSong> items = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        ScoredSong s = scored.get(i);
        items.add(new ScoredSong(s.songId(), s.score(), i + 1));
      }
      return new PredictResult(
          PredictStatus.OK,
          rev,
          items,
          unscored,
          null,
          scored.size() + " scored, " + unscored.size() + " without features");
    } catch (SelectionException e) {
      return new PredictResult(
          PredictStatus.FAILED, rev, List.of(), List.of(), e.code(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("Prediction failed", e);
      return new PredictResult(
          PredictStatus.FAILED,
          rev,
          List.of(),
          List.of(),
          ErrorCode.INTERNAL_ERROR,
          "Prediction failed: " + e);
    }
  }

  /**
   * Explains one song's score: its nearest liked songs and its nearest songs of the disliked
   * (contrast) snapshot (cosine of the preferred embedding kind, else timbre) and the features that
   * moved its score most (XGBoost SHAP contributions, largest magnitude first).
   *
   * @return empty when there is no model or the song has no stored features
   * @throws SelectionException {@code MODEL_LOAD_FAILED} when the model cannot be used
   */
  public synchronized Optional<Explanation> explain(String songId, FeatureSource source) {
    Optional<Loaded> o = load();
    if (o.isEmpty() || !isSongId(songId)) {
      return Optional.empty();
    }
    Loaded m = o.get();
    SongFeatures f = read(source, List.of(songId)).get(songId);
    if (f == null) {
      return Optional.empty();
    }
    ReferenceSet liked = snapshot(m, m.manifest.likedSnapshot(), source);
    ReferenceSet disliked = snapshot(m, m.manifest.dislikedSnapshot(), source);
    PreparedSong song = PreparedSong.of(f, m.context);
    FeatureMatrix x = builder.build(m.schema, List.of(song), liked, disliked, m.excluded);
    DMatrix d = null;
    try {
      float score = Gbdt.predict(m.booster, x)[0];
      d = Gbdt.matrix(x, null);
      float[] contrib = m.booster.predictContrib(d, 0)[0];
      List<Explanation.Contribution> cs = new ArrayList<>();
      for (int c = 0; c < x.columns(); c++) {
        if (contrib[c] != 0) {
          cs.add(new Explanation.Contribution(m.schema.names().get(c), x.get(0, c), contrib[c]));
        }
      }
      MarginPrior prior = Gbdt.prior(m.booster);
      if (prior != null) {
        // The booster starts from the prior: its margin relative to the training rows' log-odds.
        cs.add(
            new Explanation.Contribution(
                "prior(" + prior.column() + ")",
                x.get(0, prior.column()),
                prior.margins(x)[0] - prior.missing()));
      }
      cs.sort(
          Comparator.comparingDouble((Explanation.Contribution c) -> -Math.abs(c.contribution()))
              .thenComparing(Explanation.Contribution::feature));
      return Optional.of(
          new Explanation(
              songId,
              clamp01(score),
              nearest(m.schema, song, liked),
              nearest(m.schema, song, disliked),
              cs.subList(0, Math.min(MAX_CONTRIBUTIONS, cs.size()))));
    } catch (XGBoostError e) {
      throw new SelectionException(ErrorCode.INTERNAL_ERROR, "XGBoost explanation failed: " + e, e);
    } finally {
      if (d != null) {
        d.dispose();
      }
    }
  }

  /** Returns the manifest of the model in use, loading it if needed; empty when not trained. */
  public synchronized Optional<ModelManifest> manifest() {
    return load().map(Loaded::manifest);
  }

  /** Frees the cached booster. Idempotent. */
  @Override
  public synchronized void close() {
    closed = true;
    if (loaded != null) {
      loaded.booster.dispose();
      loaded = null;
    }
  }

  private List<ScoredSong> scoreBatch(
      Loaded m,
      ReferenceSet liked,
      ReferenceSet disliked,
      List<String> batch,
      FeatureSource source,
      List<String> missing)
      throws XGBoostError {
    Map<String, SongFeatures> feats = read(source, batch);
    List<PreparedSong> rows = new ArrayList<>(batch.size());
    for (String id : batch) {
      SongFeatures f = feats.get(id);
      if (f == null) {
        missing.add(id);
      } else {
        rows.add(PreparedSong.of(f, m.context));
      }
    }
    FeatureMatrix x = builder.build(m.schema, rows, liked, disliked, m.excluded);
    // In-place prediction of tree models is thread-safe in XGBoost >= 1.4 (its own tests call it
    // from
    // ten threads at once, tests/python/test_predict.py), so the batches' workers do not queue
    // here.
    float[] p = Gbdt.predict(m.booster, x);
    List<ScoredSong> out = new ArrayList<>(p.length);
    for (int i = 0; i < p.length; i++) {
      out.add(new ScoredSong(x.ids().get(i), clamp01(p[i]), 1));
    }
    return out;
  }

  /** Runs {@code worker} on the calling thread and {@code threads - 1} helper threads. */
  private static void runWorkers(Runnable worker, int threads) {
    List<Thread> helpers = new ArrayList<>();
    for (int t = 1; t < threads; t++) {
      Thread th = new Thread(worker, "selection-predict-" + t);
      th.setDaemon(true);
      th.setPriority(Thread.MIN_PRIORITY); // SPEC §8: prediction runs at low priority
      th.start();
      helpers.add(th);
    }
    worker.run();
    for (Thread th : helpers) {
      try {
        th.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SelectionException(ErrorCode.CANCELLED, "Prediction interrupted");
      }
    }
  }

  /**
   * The three nearest songs of a set by the most telling vector both have: the schema's preferred
   * embedding kind ({@link FeatureSchema#preferredKinds()}), else the timbre descriptor.
   */
  private List<Explanation.Neighbor> nearest(
      FeatureSchema schema, PreparedSong s, ReferenceSet liked) {
    VectorBlock block = null;
    int[] rowOf = null;
    float[] v = null;
    String kind = null;
    for (int k : schema.preferredKinds()) {
      if (s.embeddings[k] != null && liked.embedding(k) != null) {
        block = liked.embedding(k);
        rowOf = liked.embeddingRow[k];
        v = s.embeddings[k];
        kind = schema.kinds().get(k);
        break;
      }
    }
    if (block == null && s.timbre != null && liked.timbre != null) {
      block = liked.timbre;
      rowOf = liked.timbreRow;
      v = s.timbre;
      kind = SongFeatures.TIMBRE;
    }
    if (block == null) {
      return List.of();
    }
    VectorBlock me = VectorBlock.normalized(List.of(v), v.length, block.dim());
    List<Explanation.Neighbor> all = new ArrayList<>();
    for (int l = 0; l < liked.size(); l++) {
      if (rowOf[l] < 0 || liked.songs.get(l).id.equals(s.id)) {
        continue;
      }
      all.add(
          new Explanation.Neighbor(
              liked.songs.get(l).id, Math.max(-1, Math.min(1, me.dot(0, block, rowOf[l]))), kind));
    }
    all.sort(
        Comparator.comparingDouble(Explanation.Neighbor::similarity)
            .reversed()
            .thenComparing(Explanation.Neighbor::songId));
    return List.copyOf(all.subList(0, Math.min(3, all.size())));
  }

  /**
   * Packs a snapshot of the model (liked or disliked ids) from the songs that still have features.
   */
  private ReferenceSet snapshot(Loaded m, List<String> snapshot, FeatureSource source) {
    Map<String, SongFeatures> feats = read(source, snapshot);
    List<PreparedSong> songs = new ArrayList<>();
    for (String id : snapshot) {
      SongFeatures f = feats.get(id);
      if (f != null) {
        songs.add(PreparedSong.of(f, m.context));
      }
    }
    return new ReferenceSet(songs);
  }

  private Optional<Loaded> load() {
    if (closed) {
      throw new IllegalStateException("SelectionPredictor is closed");
    }
    Optional<ModelManifest> mo = store.manifest();
    if (mo.isEmpty()) {
      dropLoaded();
      return Optional.empty();
    }
    ModelManifest mf = mo.get();
    if (loaded != null && loaded.manifest.equals(mf)) {
      return Optional.of(loaded);
    }
    dropLoaded();
    if (!FeatureSchema.FEATURE_SET_VERSION.equals(mf.featureSetVersion())) {
      throw new SelectionException(
          ErrorCode.MODEL_LOAD_FAILED,
          "The model was trained with feature set "
              + mf.featureSetVersion()
              + " but this SDK builds feature set "
              + FeatureSchema.FEATURE_SET_VERSION
              + ": retrain the model");
    }
    byte[] bytes = store.readModel(mf);
    Booster b = null;
    try {
      b = XGBoost.loadModel(bytes);
      // A loaded booster would use every core (nthread 0); prediction stays within its budget.
      b.setParam("nthread", config.xgboostThreads());
      String v = b.getAttr(SelectionTrainer.ATTR_VERSION);
      String ctx = b.getAttr(SelectionTrainer.ATTR_CONTEXT);
      FeatureContext context = ctx == null ? null : FeatureContext.fromJson(ctx);
      FeatureSchema schema = context == null ? null : context.schema();
      if (!FeatureSchema.FEATURE_SET_VERSION.equals(v)
          || schema == null
          || b.getNumFeature() != schema.columns()
          || !schema.names().equals(mf.featureNames())) {
        throw new SelectionException(
            ErrorCode.MODEL_LOAD_FAILED,
            "Model file "
                + mf.modelFile()
                + " does not match this SDK's feature set: retrain the model");
      }
      // The model's own exclusions (from its manifest), whatever the engine's are now.
      loaded =
          new Loaded(mf, b, context, schema, ModelProvenance.groups(mf.excludedFeatureGroups()));
      b = null;
      return Optional.of(loaded);
    } catch (XGBoostError | IOException | IllegalArgumentException e) {
      throw new SelectionException(
          ErrorCode.MODEL_LOAD_FAILED,
          "Model file "
              + mf.modelFile()
              + " cannot be loaded ("
              + e.getMessage()
              + "): retrain the model",
          e);
    } finally {
      if (b != null) {
        b.dispose();
      }
    }
  }

  private void dropLoaded() {
    if (loaded != null) {
      loaded.booster.dispose();
      loaded = null;
    }
  }

  private static Map<String, SongFeatures> read(FeatureSource source, Collection<String> ids) {
    try {
      return source.getAll(ids);
    } catch (SelectionException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new SelectionException(ErrorCode.DB_ERROR, "Cannot read stored features: " + e, e);
    }
  }

  private static double clamp01(float p) {
    if (Float.isNaN(p)) {
      throw new SelectionException(ErrorCode.INTERNAL_ERROR, "Model produced NaN");
    }
    return Math.max(0, Math.min(1, p));
  }

  private static boolean isSongId(String id) {
    try {
      SongFeatures.requireSongId(id);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
