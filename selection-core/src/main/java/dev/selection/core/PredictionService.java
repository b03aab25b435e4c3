package dev.selection.core;

import dev.selection.api.CancellationToken;
import dev.selection.api.Embedding;
import dev.selection.api.EngineConfig;
import dev.selection.api.ErrorCode;
import dev.selection.api.Explanation;
import dev.selection.api.PredictResult;
import dev.selection.api.PredictStatus;
import dev.selection.api.ProgressListener;
import dev.selection.api.ScoredSong;
import dev.selection.api.SelectionException;
import dev.selection.api.SimilarResult;
import dev.selection.api.SongFeatures;
import dev.selection.api.Tag;
import dev.selection.api.spi.CachedScore;
import dev.selection.api.spi.Embedder;
import dev.selection.api.spi.ModelManifest;
import dev.selection.core.internal.extract.EmbedderSet;
import dev.selection.core.internal.extract.WorkScheduler;
import dev.selection.core.internal.rank.RankerConfig;
import dev.selection.core.internal.rank.SelectionPredictor;
import dev.selection.core.internal.rank.SimilarSongs;
import dev.selection.core.internal.rank.SimilarityKernel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scores, explanations, similar songs and tags. Scores of the current model revision are cached per
 * song and file hash; the best {@code topK} are selected on primitive arrays.
 */
final class PredictionService {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(PredictionService.class);

  /** Most tags an explanation lists as shared with the liked songs. */
  static final int MAX_SHARED_TAGS = 5;

  private final EngineConfig config;
  private final EngineStores stores;
  private final WorkScheduler scheduler;
  private final Operations operations;
  private final EmbedderSet embedders;
  private final SelectionPredictor predictor;

  PredictionService(
      EngineConfig config,
      EngineStores stores,
      WorkScheduler scheduler,
      Operations operations,
      EmbedderSet embedders,
      RankerConfig rankerConfig,
      Owned owned) {
    this.config = config;
    this.stores = stores;
    this.scheduler = scheduler;
    this.operations = operations;
    this.embedders = embedders;
    this.predictor =
        owned.own(new SelectionPredictor(stores.models(), rankerConfig, new SimilarityKernel()));
  }

  /**
   * Scores candidates on the prediction lane: with the free part of the thread budget, or its own
   * share of one thread while a training or a scan holds the budget.
   */
  PredictResult predict(
      List<String> ids, int topK, ProgressListener progress, CancellationToken cancel) {
    if (topK < 0) {
      throw new IllegalArgumentException("topK must be >= 0: " + topK);
    }
    ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
    return operations.run(
        cancel,
        op ->
            Operations.await(
                scheduler.submitPrediction(
                    config.threadBudget(),
                    threads -> predictWithCache(ids, topK, listener, op, threads)),
                new Operations.Outcome<>() {
                  @Override
                  public PredictResult cancelled(String why) {
                    return new PredictResult(
                        PredictStatus.CANCELLED, 0, List.of(), List.of(), null, why);
                  }

                  @Override
                  public PredictResult failed(Throwable cause) {
                    ErrorCode code =
                        cause instanceof SelectionException se
                            ? se.code()
                            : ErrorCode.INTERNAL_ERROR;
                    return new PredictResult(
                        PredictStatus.FAILED,
                        0,
                        List.of(),
                        List.of(),
                        code,
                        String.valueOf(cause.getMessage()));
                  }
                }));
  }

  /**
   * Scores candidates, reusing cached scores of the current model revision for songs whose file
   * hash is unchanged (the liked snapshot is fixed per revision, so a cached score stays valid).
   */
  private PredictResult predictWithCache(
      List<String> ids,
      int topK,
      ProgressListener progress,
      CancellationToken cancel,
      int threads) {
    long revision = predictor.manifest().map(ModelManifest::modelRevision).orElse(0L);
    // Only the hashes are read here; the predictor reads the features of the songs it scores.
    Map<String, String> hashes = revision > 0 ? stores.features().fileHashes(ids) : Map.of();
    Map<String, Double> cached =
        revision > 0 && !hashes.isEmpty()
            ? stores.predictionCache().get(hashes, revision)
            : Map.of();
    List<String> toScore = new ArrayList<>();
    for (String id : new LinkedHashSet<>(ids)) {
      if (!cached.containsKey(id)) {
        toScore.add(id);
      }
    }
    PredictResult fresh =
        toScore.isEmpty() && revision > 0
            ? new PredictResult(PredictStatus.OK, revision, List.of(), List.of(), null, "")
            : predictor.predict(toScore, 0, stores.features()::getAll, progress, cancel, threads);
    if (fresh.status() != PredictStatus.OK) {
      return fresh;
    }
    int n = fresh.items().size() + cached.size();
    String[] songIds = new String[n];
    double[] scores = new double[n];
    List<CachedScore> toCache = new ArrayList<>(fresh.items().size());
    int i = 0;
    for (ScoredSong s : fresh.items()) {
      songIds[i] = s.songId();
      scores[i++] = s.score();
      toCache.add(new CachedScore(s.songId(), hashes.getOrDefault(s.songId(), ""), s.score()));
    }
    for (Map.Entry<String, Double> e : cached.entrySet()) {
      songIds[i] = e.getKey();
      scores[i++] = e.getValue();
    }
    if (!toCache.isEmpty()) {
      try {
        stores.predictionCache().put(fresh.modelRevision(), toCache);
      } catch (SelectionException e) {
        // The cache is an optimisation: a read-only library still ranks, it just caches nothing.
        LOG.debug("Scores not cached: {}", e.getMessage());
      }
    }
    int[] best = TopK.select(n, topK, TopK.byScoreThenId(scores, songIds));
    List<ScoredSong> items = new ArrayList<>(best.length);
    for (int rank = 0; rank < best.length; rank++) {
      items.add(new ScoredSong(songIds[best[rank]], scores[best[rank]], rank + 1));
    }
    return new PredictResult(
        PredictStatus.OK, fresh.modelRevision(), items, fresh.unscoredIds(), null, fresh.message());
  }

  /** The model's explanation of a song's score, with the tags it shares with the liked songs. */
  Optional<Explanation> explain(String songId) {
    Optional<Explanation> e = predictor.explain(songId, stores.features()::getAll);
    if (e.isEmpty()) {
      return e;
    }
    List<String> liked = predictor.manifest().map(ModelManifest::likedSnapshot).orElse(List.of());
    return Optional.of(e.get().withSharedTags(sharedTags(songId, liked)));
  }

  /**
   * The tags a song shares with liked songs: the classes whose probability is at least {@link
   * Explanation.SharedTag#MIN_PROBABILITY} for the song and on average over the liked songs that
   * have tags, strongest (smaller of the two) first, at most {@value #MAX_SHARED_TAGS}.
   */
  private List<Explanation.SharedTag> sharedTags(String songId, List<String> likedIds) {
    Optional<Embedder> tagger = embedders.tagger();
    if (tagger.isEmpty() || likedIds.isEmpty()) {
      return List.of();
    }
    String kind = tagger.get().kind();
    List<String> ids = new ArrayList<>(likedIds);
    ids.add(songId);
    Map<String, SongFeatures> f = stores.features().getAll(ids);
    float[] mine = tags(f.get(songId), kind);
    if (mine == null) {
      return List.of();
    }
    double[] mean = new double[mine.length];
    int n = 0;
    for (String id : likedIds) {
      float[] t = id.equals(songId) ? null : tags(f.get(id), kind);
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
    List<String> names = tagger.get().tagNames();
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
    return List.copyOf(out.subList(0, Math.min(MAX_SHARED_TAGS, out.size())));
  }

  private static float[] tags(SongFeatures f, String kind) {
    return f == null ? null : f.embedding(kind).map(Embedding::tags).orElse(null);
  }

  SimilarResult similar(Collection<String> seedIds, int k) {
    if (k < 0) {
      throw new IllegalArgumentException("k must be >= 0: " + k);
    }
    return SimilarSongs.rank(seedIds, k, stores.features()::forEach, SimilarSongs.Scorer.CENTROID);
  }

  /** A song's {@code k} most probable tags, most probable first. */
  List<Tag> topTags(String songId, int k) {
    Optional<Embedder> tagger = embedders.tagger();
    if (tagger.isEmpty() || k <= 0) {
      return List.of();
    }
    float[] p = stores.features().get(songId).map(f -> tags(f, tagger.get().kind())).orElse(null);
    List<String> names = tagger.get().tagNames();
    if (p == null || p.length != names.size()) {
      return List.of();
    }
    int[] best = TopK.select(p.length, k, TopK.byValueThenIndex(p));
    List<Tag> out = new ArrayList<>(best.length);
    for (int i : best) {
      out.add(new Tag(names.get(i), p[i]));
    }
    return out;
  }
}
