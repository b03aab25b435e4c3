package dev.selection.core.internal.rank;

import dev.selection.api.CancellationToken;
import dev.selection.api.ErrorCode;
import dev.selection.api.Phase;
import dev.selection.api.Progress;
import dev.selection.api.ProgressListener;
import dev.selection.api.SelectionException;
import dev.selection.api.SongFeatures;
import dev.selection.api.TrainResult;
import dev.selection.api.TrainStatus;
import dev.selection.api.TrainingMetrics;
import dev.selection.api.spi.ModelManifest;
import dev.selection.api.spi.ModelStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the selection model (SPEC §7): gathers the samples' stored features, checks the sample
 * thresholds, evaluates with stratified k-fold (or a time split when label times are given) next to
 * the centroid-cosine baseline, trains the booster on all samples and saves it with its manifest
 * (feature names, snapshots, metrics and provenance: {@link RankerConfig#gbdt()}, the SDK and
 * XGBoost versions) through a {@link ModelStore}, which names and checksums the booster. One
 * training at a time per instance (calls are serialised).
 *
 * <p>Sample rules: ids are de-duplicated; an id that is both liked and disliked counts as liked
 * (the positive label is the explicit, rarer signal and the label store should never hold both);
 * ids that are not valid song ids or have no stored features are left out and counted in the result
 * message. The thresholds apply to the samples that have features.
 */
public final class SelectionTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(SelectionTrainer.class);

  /** Attribute holding the feature-set version inside the booster. */
  static final String ATTR_VERSION = "selection_feature_set_version";

  /** Attribute holding the {@link FeatureContext} JSON inside the booster. */
  static final String ATTR_CONTEXT = "selection_feature_context";

  private final ModelStore store;
  private final RankerConfig config;
  private final SimilarityKernel kernel;
  private final Clock clock;

  /**
   * Creates a trainer.
   *
   * @param store where models are saved
   * @param config thresholds and threads
   * @param kernel the similarity kernel
   * @param clock time source of the manifest's training time
   */
  public SelectionTrainer(
      ModelStore store, RankerConfig config, SimilarityKernel kernel, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.config = Objects.requireNonNull(config, "config");
    this.kernel = Objects.requireNonNull(kernel, "kernel");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Creates a trainer with the fastest kernel and the system clock. */
  public SelectionTrainer(ModelStore store, RankerConfig config) {
    this(store, config, new SimilarityKernel(), Clock.systemUTC());
  }

  /**
   * Trains and saves a model.
   *
   * @param positiveIds liked song ids
   * @param negativeIds disliked song ids
   * @param source stored features
   * @param library songs whose statistics define the text IDF and timbre standardisation (the whole
   *     library when the caller has it); null uses the samples
   * @param labelTimes when each label was set, for a time-split evaluation; null or incomplete
   *     gives stratified k-fold
   * @param progress receives prepare / evaluate / train / save phases
   * @param cancel stops training between rounds; the previous model is kept
   * @return trained, insufficient_samples, cancelled or failed (with an error code)
   */
  public synchronized TrainResult train(
      Collection<String> positiveIds,
      Collection<String> negativeIds,
      FeatureSource source,
      Collection<SongFeatures> library,
      Map<String, Instant> labelTimes,
      ProgressListener progress,
      CancellationToken cancel) {
    long previous = previousRevision();
    try {
      return doTrain(
          positiveIds, negativeIds, source, library, labelTimes, progress, cancel, previous);
    } catch (SelectionException e) {
      if (e.code() == ErrorCode.CANCELLED) {
        return new TrainResult(
            TrainStatus.CANCELLED,
            previous,
            null,
            null,
            null,
            "Training cancelled; the previous model is kept");
      }
      LOG.warn("Training failed: {}", e.getMessage());
      return new TrainResult(TrainStatus.FAILED, previous, null, null, e.code(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("Training failed", e);
      return new TrainResult(
          TrainStatus.FAILED,
          previous,
          null,
          null,
          ErrorCode.INTERNAL_ERROR,
          "Training failed: " + e);
    }
  }

  private TrainResult doTrain(
      Collection<String> positiveIds,
      Collection<String> negativeIds,
      FeatureSource source,
      Collection<SongFeatures> library,
      Map<String, Instant> labelTimes,
      ProgressListener progress,
      CancellationToken cancel,
      long previous) {
    progress.onProgress(new Progress(Phase.PREPARE, 0, 0, "gathering samples", 0, null));
    // Sorted sets: the sample order (and so the model) depends only on the labels, not on call
    // order.
    Set<String> pos = new java.util.TreeSet<>();
    Set<String> neg = new java.util.TreeSet<>();
    int invalid = 0;
    for (String id : positiveIds) {
      if (valid(id)) {
        pos.add(id);
      } else {
        invalid++;
      }
    }
    int both = 0;
    for (String id : negativeIds) {
      if (!valid(id)) {
        invalid++;
      } else if (pos.contains(id)) {
        both++;
      } else {
        neg.add(id);
      }
    }
    List<String> all = new ArrayList<>(pos);
    all.addAll(neg);
    Map<String, SongFeatures> feats;
    try {
      feats = source.getAll(all);
    } catch (SelectionException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new SelectionException(ErrorCode.DB_ERROR, "Cannot read stored features: " + e, e);
    }
    List<String> sampleIds = new ArrayList<>();
    List<Boolean> labels = new ArrayList<>();
    int missing = 0;
    for (String id : all) {
      if (feats.get(id) == null) {
        missing++;
      } else {
        sampleIds.add(id);
        labels.add(pos.contains(id));
      }
    }
    int p = (int) labels.stream().filter(b -> b).count();
    int n = labels.size() - p;
    String note =
        (missing > 0 ? missing + " ids without features left out; " : "")
            + (invalid > 0 ? invalid + " malformed ids ignored; " : "")
            + (both > 0 ? both + " ids both liked and disliked counted as liked; " : "");
    if (p < config.minPositives() || n < config.negativeRatio() * p || n == 0) {
      return new TrainResult(
          TrainStatus.INSUFFICIENT_SAMPLES,
          previous,
          null,
          null,
          null,
          note
              + "need >= "
              + config.minPositives()
              + " liked and >= "
              + config.negativeRatio()
              + " x liked disliked songs with features; have "
              + p
              + " liked, "
              + n
              + " disliked");
    }
    cancel.throwIfCancelled();
    List<SongFeatures> samples = new ArrayList<>();
    for (String id : sampleIds) {
      samples.add(feats.get(id));
    }
    FeatureContext ctx =
        FeatureContext.fit(library == null || library.isEmpty() ? samples : library);
    List<PreparedSong> prepared = new ArrayList<>();
    int withIssues = 0;
    for (SongFeatures f : samples) {
      PreparedSong s = PreparedSong.of(f, ctx);
      if (!s.issues().isEmpty()) {
        if (withIssues++ == 0) {
          LOG.info(
              "Song {}: {} (further songs with ignored values at debug level)",
              s.id(),
              String.join("; ", s.issues()));
        } else {
          LOG.debug("Song {}: {}", s.id(), String.join("; ", s.issues()));
        }
      }
      prepared.add(s);
    }
    if (withIssues > 0) {
      note += withIssues + " samples had invalid stored values (treated as missing); ";
    }
    boolean[] y = new boolean[prepared.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = labels.get(i);
    }
    FeatureBuilder builder = new FeatureBuilder(kernel, config.similarityThreads());
    FeatureSchema schema = ctx.schema();

    // Evaluation on held-out folds, next to the centroid baseline on the same folds.
    // Never more folds than samples of the rarer class (each fold needs a positive to rank).
    int folds = Math.min(config.folds(), Math.min(p, n));
    Evaluation eval =
        folds < 2
            ? new Evaluation(Map.of(), Map.of(), "")
            : evaluate(
                schema, prepared, y, sampleIds, labelTimes, builder, folds, progress, cancel);

    // The final model on all samples.
    List<PreparedSong> likedSongs = new ArrayList<>();
    for (int i = 0; i < y.length; i++) {
      if (y[i]) {
        likedSongs.add(prepared.get(i));
      }
    }
    ReferenceSet liked = new ReferenceSet(likedSongs);
    ReferenceSet contrast = contrast(prepared, y, config.contrastSize());
    FeatureMatrix x = builder.build(schema, prepared, liked, contrast, config.excludedGroups());
    progress.onProgress(new Progress(Phase.PREPARE, 1, 1, "features built", 0, null));
    cancel.throwIfCancelled();
    int maxRounds = config.gbdt().maxRounds();
    int total = 2 * maxRounds;
    int rounds =
        Gbdt.bestRounds(
            x,
            y,
            config.gbdt(),
            config.xgboostThreads(),
            cancel,
            r ->
                progress.onProgress(
                    new Progress(Phase.TRAIN, r, total, "early stopping", 0, null)));
    byte[] bytes;
    Booster booster =
        Gbdt.fit(
            x,
            y,
            rounds,
            config.gbdt(),
            config.xgboostThreads(),
            cancel,
            r ->
                progress.onProgress(
                    new Progress(
                        Phase.TRAIN,
                        maxRounds + r * maxRounds / rounds,
                        total,
                        "final model",
                        0,
                        null)));
    try {
      booster.setAttr(ATTR_VERSION, FeatureSchema.FEATURE_SET_VERSION);
      booster.setAttr(ATTR_CONTEXT, ctx.toJson());
      bytes = booster.toByteArray("ubj");
    } catch (XGBoostError e) {
      throw new SelectionException(ErrorCode.INTERNAL_ERROR, "Cannot serialise the model: " + e, e);
    } finally {
      booster.dispose();
    }
    cancel.throwIfCancelled();
    progress.onProgress(new Progress(Phase.SAVE, 0, 1, "saving", 0, null));
    long revision = previous + 1;
    ModelManifest manifest =
        new ModelManifest(
            revision,
            FeatureSchema.FEATURE_SET_VERSION,
            schema.names(),
            embedderVersions(samples, y),
            null, // the store names the booster and computes its checksum
            null,
            clock.instant(),
            p,
            n,
            eval.model,
            eval.baseline,
            liked.ids(),
            contrast.ids(),
            config.gbdt(),
            ModelProvenance.sdkVersion(),
            ModelProvenance.xgboostVersion(),
            ModelProvenance.wireNames(config.excludedGroups()));
    Path path = store.save(manifest, bytes);
    progress.onProgress(new Progress(Phase.SAVE, 1, 1, "saved", 0, null));
    TrainingMetrics metrics =
        new TrainingMetrics(p, n, rounds, eval.model, eval.baseline, eval.split);
    return new TrainResult(
        TrainStatus.TRAINED,
        revision,
        path,
        metrics,
        null,
        note + "trained on " + p + " liked and " + n + " disliked songs, " + rounds + " trees");
  }

  private record Evaluation(
      Map<String, Double> model, Map<String, Double> baseline, String split) {}

  private Evaluation evaluate(
      FeatureSchema schema,
      List<PreparedSong> prepared,
      boolean[] y,
      List<String> ids,
      Map<String, Instant> labelTimes,
      FeatureBuilder builder,
      int folds,
      ProgressListener progress,
      CancellationToken cancel) {
    Instant[] times = times(ids, labelTimes);
    int[] fold = null;
    if (times != null) {
      fold = Folds.timeSplit(times, 0.2);
      if (!bothClasses(fold, 1, y)) {
        LOG.info("Time split lacks a class on one side; using stratified {}-fold", folds);
        fold = null;
      }
    }
    int k;
    int first;
    if (fold != null) {
      k = 2;
      first = 1; // fold 1 (the latest labels) is the only test fold
    } else {
      k = folds;
      first = 0;
      fold = Folds.stratified(y, k, config.gbdt().seed());
    }
    Map<String, Double> modelSum = new TreeMap<>();
    Map<String, Double> baseSum = new TreeMap<>();
    Map<String, Integer> modelCount = new HashMap<>();
    Map<String, Integer> baseCount = new HashMap<>();
    for (int f = first; f < k; f++) {
      cancel.throwIfCancelled();
      progress.onProgress(
          new Progress(Phase.EVALUATE, f - first, k - first, "fold " + (f + 1), 0, null));
      int[] trainRows = Folds.members(fold, f, true);
      int[] testRows = Folds.members(fold, f, false);
      List<PreparedSong> trainSongs = new ArrayList<>();
      List<PreparedSong> testSongs = new ArrayList<>();
      List<PreparedSong> likedSongs = new ArrayList<>();
      boolean[] yTrain = new boolean[trainRows.length];
      boolean[] yTest = new boolean[testRows.length];
      for (int i = 0; i < trainRows.length; i++) {
        trainSongs.add(prepared.get(trainRows[i]));
        yTrain[i] = y[trainRows[i]];
        if (yTrain[i]) {
          likedSongs.add(prepared.get(trainRows[i]));
        }
      }
      for (int i = 0; i < testRows.length; i++) {
        testSongs.add(prepared.get(testRows[i]));
        yTest[i] = y[testRows[i]];
      }
      ReferenceSet liked = new ReferenceSet(likedSongs);
      ReferenceSet contrast = contrast(trainSongs, yTrain, config.contrastSize());
      FeatureMatrix xTrain =
          builder.build(schema, trainSongs, liked, contrast, config.excludedGroups());
      FeatureMatrix xTest =
          builder.build(schema, testSongs, liked, contrast, config.excludedGroups());
      // Each fold gets its own early stopping on its own training part (nothing of the test fold
      // is seen); the fold model predicts with its best round count.
      Gbdt.EarlyStopped es =
          Gbdt.earlyStopped(
              xTrain, yTrain, config.gbdt(), config.xgboostThreads(), cancel, r -> {});
      Booster b = es.booster();
      float[] p;
      try {
        p = Gbdt.predict(b, xTest, es.bestRounds());
      } catch (XGBoostError e) {
        throw new SelectionException(
            ErrorCode.INTERNAL_ERROR, "XGBoost prediction failed: " + e, e);
      } finally {
        b.dispose();
      }
      double[] scores = new double[p.length];
      for (int i = 0; i < p.length; i++) {
        scores[i] = p[i];
      }
      accumulate(RankingMetrics.all(scores, yTest), modelSum, modelCount);
      accumulate(RankingMetrics.all(baselineScores(xTest, liked), yTest), baseSum, baseCount);
    }
    progress.onProgress(new Progress(Phase.EVALUATE, k - first, k - first, "evaluated", 0, null));
    String split = first == 1 ? "time split (latest 20 % held out)" : "stratified " + k + "-fold";
    return new Evaluation(mean(modelSum, modelCount), mean(baseSum, baseCount), split);
  }

  /**
   * The contrast snapshot: the disliked samples, at most {@code size} of them. When there are more,
   * the first {@code size} in song-id order are kept; song ids are SHA-256 hashes, so that is a
   * uniform, deterministic sample that does not depend on the order labels were given in.
   */
  public static ReferenceSet contrast(List<PreparedSong> samples, boolean[] positive, int size) {
    List<PreparedSong> disliked = new ArrayList<>();
    for (int i = 0; i < positive.length; i++) {
      if (!positive[i]) {
        disliked.add(samples.get(i));
      }
    }
    disliked.sort(java.util.Comparator.comparing(PreparedSong::id));
    return new ReferenceSet(disliked.subList(0, Math.min(size, disliked.size())));
  }

  /**
   * The centroid-cosine baseline: cosine to the liked centroid on the preferred embedding kind the
   * liked set has ({@link FeatureSchema#preferredKinds()}: EfficientAT, then OpenL3), else on the
   * timbre descriptor; songs without that vector rank last.
   */
  static double[] baselineScores(FeatureMatrix x, ReferenceSet liked) {
    int col = FeatureSchema.TIMBRE.liked().centroid();
    for (int k : x.schema().preferredKinds()) {
      if (liked.embedding(k) != null) {
        col = x.schema().embeddings().get(k).liked().centroid();
        break;
      }
    }
    double[] s = new double[x.rows()];
    for (int i = 0; i < s.length; i++) {
      float v = x.get(i, col);
      s[i] = Float.isNaN(v) ? -2 : v;
    }
    return s;
  }

  private static void accumulate(
      Map<String, Double> m, Map<String, Double> sum, Map<String, Integer> count) {
    for (Map.Entry<String, Double> e : m.entrySet()) {
      if (!Double.isNaN(e.getValue())) {
        sum.merge(e.getKey(), e.getValue(), Double::sum);
        count.merge(e.getKey(), 1, Integer::sum);
      }
    }
  }

  private static Map<String, Double> mean(Map<String, Double> sum, Map<String, Integer> count) {
    Map<String, Double> out = new LinkedHashMap<>();
    sum.forEach((k, v) -> out.put(k, v / count.get(k)));
    return out;
  }

  private static boolean bothClasses(int[] fold, int f, boolean[] y) {
    boolean p = false;
    boolean n = false;
    for (int i = 0; i < fold.length; i++) {
      if (fold[i] == f) {
        p |= y[i];
        n |= !y[i];
      }
    }
    // The training side needs both classes too.
    boolean tp = false;
    boolean tn = false;
    for (int i = 0; i < fold.length; i++) {
      if (fold[i] != f) {
        tp |= y[i];
        tn |= !y[i];
      }
    }
    return p && n && tp && tn;
  }

  private static Instant[] times(List<String> ids, Map<String, Instant> labelTimes) {
    if (labelTimes == null || labelTimes.isEmpty()) {
      return null;
    }
    Instant[] t = new Instant[ids.size()];
    for (int i = 0; i < t.length; i++) {
      t[i] = labelTimes.get(ids.get(i));
      if (t[i] == null) {
        return null;
      }
    }
    return t;
  }

  /** Per embedding kind, the embedder version most of the liked samples' vectors have. */
  private static Map<String, String> embedderVersions(List<SongFeatures> samples, boolean[] y) {
    Map<String, Map<String, Integer>> c = new TreeMap<>();
    for (int i = 0; i < samples.size(); i++) {
      if (y[i]) {
        samples
            .get(i)
            .embeddings()
            .forEach(
                (kind, e) ->
                    c.computeIfAbsent(kind, k -> new TreeMap<>())
                        .merge(e.modelVersion(), 1, Integer::sum));
      }
    }
    Map<String, String> out = new TreeMap<>();
    c.forEach(
        (kind, versions) ->
            out.put(
                kind,
                versions.entrySet().stream()
                    .max(Map.Entry.comparingByValue())
                    .map(Map.Entry::getKey)
                    .orElseThrow()));
    return out;
  }

  private long previousRevision() {
    try {
      return store.manifest().map(ModelManifest::modelRevision).orElse(0L);
    } catch (SelectionException e) {
      // An unreadable manifest must not reset the revision (prediction-cache rows are keyed by it).
      long onDisk = store.highestSavedRevision();
      LOG.warn(
          "Current model manifest unreadable ({}); continuing from revision {}",
          e.getMessage(),
          onDisk);
      return onDisk;
    }
  }

  private static boolean valid(String id) {
    try {
      SongFeatures.requireSongId(id);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
