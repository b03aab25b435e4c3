package dev.selection.core.internal.rank;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selection.api.CancellationToken;
import dev.selection.api.ErrorCode;
import dev.selection.api.Explanation;
import dev.selection.api.Phase;
import dev.selection.api.PredictResult;
import dev.selection.api.PredictStatus;
import dev.selection.api.ProgressListener;
import dev.selection.api.ScoredSong;
import dev.selection.api.SongFeatures;
import dev.selection.api.TrainResult;
import dev.selection.api.TrainStatus;
import dev.selection.api.spi.GbdtParams;
import dev.selection.api.spi.ModelManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelectionTrainerTest {
  static final long SEED = 424242L;
  static SyntheticLibrary lib;
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T06:00:00Z"), ZoneOffset.UTC);

  @TempDir Path root;

  @BeforeAll
  static void library() {
    System.out.println("SelectionTrainerTest seed=" + SEED);
    lib = new SyntheticLibrary(SEED, 1000, 512, 24);
  }

  private SelectionTrainer trainer(FileModelStore store, RankerConfig cfg) {
    return new SelectionTrainer(store, cfg, new SimilarityKernel(), CLOCK);
  }

  @Test
  void train_beatsCentroidBaselineAndRandom_onHeldOutFolds() {
    FileModelStore store = new FileModelStore(root);
    TrainResult r =
        trainer(store, RankerConfig.DEFAULTS)
            .train(
                lib.liked,
                lib.disliked,
                lib.source(),
                lib.songs,
                null,
                ProgressListener.NONE,
                CancellationToken.none());
    assertThat(r.status()).as(r.message()).isEqualTo(TrainStatus.TRAINED);
    Map<String, Double> m = r.metrics().model();
    Map<String, Double> b = r.metrics().baseline();
    System.out.println("model    " + m);
    System.out.println("baseline " + b);
    assertThat(m).containsKeys("precision@10", "recall@100", "ndcg@50", "roc_auc");
    assertThat(m.get("roc_auc")).isGreaterThan(0.8);
    assertThat(m.get("roc_auc")).isGreaterThan(b.get("roc_auc"));
    // The top of both rankings sits at the label-noise ceiling (35% of liked-cluster songs are
    // disliked); the model wins on the whole ranking.
    assertThat(m.get("roc_auc")).isGreaterThan(b.get("roc_auc") + 0.04);
    assertThat(m.get("ndcg@100")).isGreaterThan(b.get("ndcg@100") + 0.02);
    assertThat(m.get("ndcg@20")).isGreaterThan(b.get("ndcg@20") - 0.05);
    // Random ranking would give precision@10 equal to the positive share (about 0.3 here).
    double share = lib.liked.size() / (double) (lib.liked.size() + lib.disliked.size());
    assertThat(m.get("precision@10")).isGreaterThan(share + 0.3);
    assertThat(r.modelRevision()).isEqualTo(1);
    assertThat(r.modelPath()).exists().hasFileName("selection_gbdt_v1.ubj");
  }

  @Test
  void train_sameLabels_giveByteIdenticalModel() throws IOException {
    RankerConfig cfg = RankerConfig.DEFAULTS.withFolds(0);
    TrainResult a =
        trainer(new FileModelStore(root.resolve("a")), cfg)
            .train(
                lib.liked,
                lib.disliked,
                lib.source(),
                null,
                null,
                ProgressListener.NONE,
                CancellationToken.none());
    List<String> shuffledPos = new ArrayList<>(lib.liked);
    List<String> shuffledNeg = new ArrayList<>(lib.disliked);
    Collections.shuffle(shuffledPos, new java.util.Random(1));
    Collections.shuffle(shuffledNeg, new java.util.Random(2));
    TrainResult b =
        trainer(new FileModelStore(root.resolve("b")), cfg)
            .train(
                shuffledPos,
                shuffledNeg,
                lib.source(),
                null,
                null,
                ProgressListener.NONE,
                CancellationToken.none());
    assertThat(Files.readAllBytes(a.modelPath())).isEqualTo(Files.readAllBytes(b.modelPath()));
  }

  @Test
  void train_tooFewSamples_isInsufficientAndKeepsNoModel() {
    FileModelStore store = new FileModelStore(root);
    TrainResult r =
        trainer(store, RankerConfig.DEFAULTS)
            .train(
                lib.liked.subList(0, 19),
                lib.disliked,
                lib.source(),
                null,
                null,
                ProgressListener.NONE,
                CancellationToken.none());
    assertThat(r.status()).isEqualTo(TrainStatus.INSUFFICIENT_SAMPLES);
    assertThat(r.message()).contains("have 19 liked");
    TrainResult ratio =
        trainer(store, RankerConfig.DEFAULTS)
            .train(
                lib.liked.subList(0, 30),
                lib.disliked.subList(0, 119),
                lib.source(),
                null,
                null,
                ProgressListener.NONE,
                CancellationToken.none());
    assertThat(ratio.status()).isEqualTo(TrainStatus.INSUFFICIENT_SAMPLES);
    assertThat(store.manifest()).isEmpty();
  }

  @Test
  void train_badIds_areLeftOutAndCounted() {
    List<String> pos = new ArrayList<>(lib.liked.subList(0, 25));
    pos.add(pos.get(0)); // duplicate
    pos.add("not-a-song-id");
    pos.add(SyntheticLibrary.id(1, 999_999)); // valid id without features
    List<String> neg = new ArrayList<>(lib.disliked.subList(0, 100));
    neg.add(pos.get(1)); // both liked and disliked: counts as liked
    TrainResult r =
        trainer(new FileModelStore(root), RankerConfig.DEFAULTS.withFolds(0))
            .train(
                pos,
                neg,
                lib.source(),
                null,
                null,
                ProgressListener.NONE,
                CancellationToken.none());
    assertThat(r.status()).as(r.message()).isEqualTo(TrainStatus.TRAINED);
    assertThat(r.metrics().positives()).isEqualTo(25);
    assertThat(r.metrics().negatives()).isEqualTo(100);
    assertThat(r.message())
        .contains(
            "1 ids without features",
            "1 malformed ids",
            "1 ids both liked and disliked counted as liked");
  }

  @Test
  void train_cancelled_keepsPreviousModel() {
    FileModelStore store = new FileModelStore(root);
    RankerConfig cfg = RankerConfig.DEFAULTS.withFolds(0);
    TrainResult first =
        trainer(store, cfg)
            .train(
                lib.liked,
                lib.disliked,
                lib.source(),
                null,
                null,
                ProgressListener.NONE,
                CancellationToken.none());
    ModelManifest before = store.manifest().orElseThrow();
    CancellationToken cancel = new CancellationToken();
    Set<Phase> seen = EnumSet.noneOf(Phase.class);
    TrainResult r =
        trainer(store, cfg)
            .train(
                lib.liked,
                lib.disliked,
                lib.source(),
                null,
                null,
                p -> {
                  seen.add(p.phase());
                  if (p.phase() == Phase.TRAIN && p.done() >= 5) {
                    cancel.cancel();
                  }
                },
                cancel);
    assertThat(r.status()).isEqualTo(TrainStatus.CANCELLED);
    assertThat(r.modelRevision()).isEqualTo(first.modelRevision());
    assertThat(store.manifest()).contains(before);
    assertThat(seen).contains(Phase.PREPARE, Phase.TRAIN).doesNotContain(Phase.SAVE);
  }

  @Test
  void predict_usesModel_topKAndUnscored() {
    FileModelStore store = new FileModelStore(root);
    RankerConfig cfg = RankerConfig.DEFAULTS.withFolds(0);
    try (SelectionPredictor predictor = new SelectionPredictor(store, cfg)) {
      PredictResult none =
          predictor.predict(
              lib.neutral, 10, lib.source(), ProgressListener.NONE, CancellationToken.none());
      assertThat(none.status()).isEqualTo(PredictStatus.NOT_TRAINED);
      assertThat(none.items()).isEmpty();

      trainer(store, cfg)
          .train(
              lib.liked,
              lib.disliked,
              lib.source(),
              null,
              null,
              ProgressListener.NONE,
              CancellationToken.none());
      List<String> cands = new ArrayList<>(lib.neutral);
      String noFeatures = SyntheticLibrary.id(7, 123);
      cands.add(noFeatures);
      cands.add(cands.get(0)); // duplicate
      PredictResult all =
          predictor.predict(
              cands, 0, lib.source(), ProgressListener.NONE, CancellationToken.none());
      assertThat(all.status()).isEqualTo(PredictStatus.OK);
      assertThat(all.modelRevision()).isEqualTo(1);
      assertThat(all.items()).hasSize(lib.neutral.size());
      assertThat(all.unscoredIds()).containsExactly(noFeatures);
      for (int i = 1; i < all.items().size(); i++) {
        assertThat(all.items().get(i).score()).isLessThanOrEqualTo(all.items().get(i - 1).score());
        assertThat(all.items().get(i).rank()).isEqualTo(i + 1);
      }
      // Liked clusters (0, 1) dominate the top of the neutral songs' ranking.
      long likedClusterTop =
          all.items().subList(0, 30).stream().filter(s -> lib.cluster.get(s.songId()) < 2).count();
      assertThat(likedClusterTop).isGreaterThanOrEqualTo(24);
      PredictResult top =
          predictor.predict(
              cands, 5, lib.source(), ProgressListener.NONE, CancellationToken.none());
      assertThat(top.items()).containsExactlyElementsOf(all.items().subList(0, 5));
    }
  }

  @Test
  void predict_usesLikedSnapshot_notFeaturesOfLaterLabels() {
    FileModelStore store = new FileModelStore(root);
    RankerConfig cfg = RankerConfig.DEFAULTS.withFolds(0);
    trainer(store, cfg)
        .train(
            lib.liked,
            lib.disliked,
            lib.source(),
            null,
            null,
            ProgressListener.NONE,
            CancellationToken.none());
    ModelManifest mf = store.manifest().orElseThrow();
    assertThat(mf.likedSnapshot()).containsExactlyInAnyOrderElementsOf(lib.liked);
    assertThat(mf.featureNames()).isEqualTo(FeatureSchema.of(List.of("openl3")).names());
    assertThat(mf.embedderVersions()).containsExactly(Map.entry("openl3", "openl3-test"));
    assertThat(mf.featureSetVersion()).isEqualTo(FeatureSchema.FEATURE_SET_VERSION);
    assertThat(mf.positives()).isEqualTo(lib.liked.size());
    assertThat(mf.trainedAt()).isEqualTo(CLOCK.instant());
  }

  @Test
  void predict_parallelWorkers_giveExactlyTheSingleWorkerScores() {
    FileModelStore store = new FileModelStore(root);
    RankerConfig cfg = RankerConfig.DEFAULTS.withFolds(0);
    trainer(store, cfg)
        .train(
            lib.liked,
            lib.disliked,
            lib.source(),
            null,
            null,
            ProgressListener.NONE,
            CancellationToken.none());
    List<String> cands = new java.util.ArrayList<>(lib.neutral);
    cands.addAll(lib.liked);
    PredictResult one;
    PredictResult two;
    try (SelectionPredictor p = new SelectionPredictor(store, cfg.withThreads(1, 1))) {
      one = p.predict(cands, 0, lib.source(), ProgressListener.NONE, CancellationToken.none());
    }
    try (SelectionPredictor p = new SelectionPredictor(store, cfg.withThreads(1, 2))) {
      // Several rounds: the two workers call the booster concurrently, batch after batch.
      for (int round = 0; round < 3; round++) {
        two = p.predict(cands, 0, lib.source(), ProgressListener.NONE, CancellationToken.none());
        assertThat(two.items()).isEqualTo(one.items());
      }
    }
    assertThat(one.items()).hasSize(cands.size());
  }

  @Test
  void train_contrastSnapshot_isBoundedIdOrderedSampleOfDisliked() {
    FileModelStore store = new FileModelStore(root);
    RankerConfig cfg = RankerConfig.DEFAULTS.withFolds(0).withContrastSize(10);
    trainer(store, cfg)
        .train(
            lib.liked,
            lib.disliked,
            lib.source(),
            null,
            null,
            ProgressListener.NONE,
            CancellationToken.none());
    List<String> sorted = lib.disliked.stream().sorted().toList();
    assertThat(store.manifest().orElseThrow().dislikedSnapshot())
        .containsExactlyElementsOf(sorted.subList(0, 10));
    // Order of the labels does not matter.
    List<String> reversed = new java.util.ArrayList<>(lib.disliked);
    java.util.Collections.reverse(reversed);
    trainer(store, cfg)
        .train(
            lib.liked,
            reversed,
            lib.source(),
            null,
            null,
            ProgressListener.NONE,
            CancellationToken.none());
    assertThat(store.manifest().orElseThrow().dislikedSnapshot())
        .containsExactlyElementsOf(sorted.subList(0, 10));
  }

  @Test
  void predict_dislikedSnapshotWithoutFeatures_scoresWithContrastMissing() {
    FileModelStore store = new FileModelStore(root);
    RankerConfig cfg = RankerConfig.DEFAULTS.withFolds(0);
    trainer(store, cfg)
        .train(
            lib.liked,
            lib.disliked,
            lib.source(),
            null,
            null,
            ProgressListener.NONE,
            CancellationToken.none());
    java.util.Set<String> gone =
        new java.util.HashSet<>(store.manifest().orElseThrow().dislikedSnapshot());
    assertThat(gone).isNotEmpty();
    // The library lost every song of the contrast snapshot (deleted files, reset features, ...).
    FeatureSource without =
        ids -> {
          Map<String, SongFeatures> all = new HashMap<>(lib.source().getAll(ids));
          all.keySet().removeAll(gone);
          return all;
        };
    try (SelectionPredictor p = new SelectionPredictor(store, cfg)) {
      PredictResult r =
          p.predict(lib.neutral, 0, without, ProgressListener.NONE, CancellationToken.none());
      assertThat(r.status()).as(r.message()).isEqualTo(PredictStatus.OK);
      assertThat(r.items())
          .hasSize(lib.neutral.size())
          .allMatch(s -> s.score() >= 0 && s.score() <= 1);
      Explanation e = p.explain(lib.neutral.get(0), without).orElseThrow();
      assertThat(e.contributions())
          .noneMatch(c -> c.feature().contains("_dsim_") && !Double.isNaN(c.value()));
    }
  }

  @Test
  void train_contrastSizeZero_modelNeverSeesContrastColumns() {
    FileModelStore store = new FileModelStore(root);
    RankerConfig cfg = RankerConfig.DEFAULTS.withFolds(0).withContrastSize(0);
    trainer(store, cfg)
        .train(
            lib.liked,
            lib.disliked,
            lib.source(),
            null,
            null,
            ProgressListener.NONE,
            CancellationToken.none());
    assertThat(store.manifest().orElseThrow().dislikedSnapshot()).isEmpty();
    try (SelectionPredictor p = new SelectionPredictor(store, cfg)) {
      String song = lib.neutral.get(0);
      Explanation e = p.explain(song, lib.source()).orElseThrow();
      assertThat(e.contributions())
          .noneMatch(c -> c.feature().contains("_dsim_") || c.feature().contains("_margin_"));
    }
    // With the default size the contrast columns carry weight on this library.
    FileModelStore store2 = new FileModelStore(root.resolve("with"));
    trainer(store2, RankerConfig.DEFAULTS.withFolds(0))
        .train(
            lib.liked,
            lib.disliked,
            lib.source(),
            null,
            null,
            ProgressListener.NONE,
            CancellationToken.none());
    assertThat(store2.manifest().orElseThrow().dislikedSnapshot())
        .hasSize(Math.min(RankerConfig.DEFAULTS.contrastSize(), lib.disliked.size()));
    try (SelectionPredictor p = new SelectionPredictor(store2, RankerConfig.DEFAULTS)) {
      boolean used = false;
      for (String song : lib.neutral.subList(0, 20)) {
        used |=
            p.explain(song, lib.source()).orElseThrow().contributions().stream()
                .anyMatch(c -> c.feature().contains("_dsim_") || c.feature().contains("_margin_"));
      }
      assertThat(used).isTrue();
    }
  }

  @Test
  void predict_corruptOrTruncatedModel_failsWithModelLoadFailed() throws IOException {
    FileModelStore store = new FileModelStore(root);
    RankerConfig cfg = RankerConfig.DEFAULTS.withFolds(0);
    TrainResult t =
        trainer(store, cfg)
            .train(
                lib.liked,
                lib.disliked,
                lib.source(),
                null,
                null,
                ProgressListener.NONE,
                CancellationToken.none());
    byte[] bytes = Files.readAllBytes(t.modelPath());
    Files.write(t.modelPath(), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    try (SelectionPredictor p = new SelectionPredictor(store, cfg)) {
      PredictResult r =
          p.predict(lib.neutral, 10, lib.source(), ProgressListener.NONE, CancellationToken.none());
      assertThat(r.status()).isEqualTo(PredictStatus.FAILED);
      assertThat(r.errorCode()).isEqualTo(ErrorCode.MODEL_LOAD_FAILED);
      assertThat(r.items()).isEmpty();
    }
    // A truncated file whose manifest checksum was "fixed" still must not load silently.
    ModelManifest mf = store.manifest().orElseThrow();
    byte[] half = Files.readAllBytes(t.modelPath());
    store.save(
        new ModelManifest(
            mf.modelRevision(),
            mf.featureSetVersion(),
            mf.featureNames(),
            mf.embedderVersions(),
            mf.modelFile(),
            FileModelStore.sha256(half),
            mf.trainedAt(),
            mf.positives(),
            mf.negatives(),
            mf.metrics(),
            mf.baselineMetrics(),
            mf.likedSnapshot(),
            mf.dislikedSnapshot()),
        half);
    try (SelectionPredictor p = new SelectionPredictor(store, cfg)) {
      PredictResult r =
          p.predict(lib.neutral, 10, lib.source(), ProgressListener.NONE, CancellationToken.none());
      assertThat(r.status()).isEqualTo(PredictStatus.FAILED);
      assertThat(r.errorCode()).isEqualTo(ErrorCode.MODEL_LOAD_FAILED);
    }
  }

  @Test
  void predict_newerFeatureSetVersion_failsWithModelLoadFailed() {
    FileModelStore store = new FileModelStore(root);
    RankerConfig cfg = RankerConfig.DEFAULTS.withFolds(0);
    TrainResult t =
        trainer(store, cfg)
            .train(
                lib.liked,
                lib.disliked,
                lib.source(),
                null,
                null,
                ProgressListener.NONE,
                CancellationToken.none());
    ModelManifest mf = store.manifest().orElseThrow();
    byte[] bytes = store.readModel(mf);
    store.save(
        new ModelManifest(
            mf.modelRevision(),
            "999",
            mf.featureNames(),
            mf.embedderVersions(),
            mf.modelFile(),
            mf.modelSha256(),
            mf.trainedAt(),
            mf.positives(),
            mf.negatives(),
            mf.metrics(),
            mf.baselineMetrics(),
            mf.likedSnapshot(),
            mf.dislikedSnapshot()),
        bytes);
    try (SelectionPredictor p = new SelectionPredictor(store, cfg)) {
      PredictResult r =
          p.predict(lib.neutral, 10, lib.source(), ProgressListener.NONE, CancellationToken.none());
      assertThat(r.status()).isEqualTo(PredictStatus.FAILED);
      assertThat(r.errorCode()).isEqualTo(ErrorCode.MODEL_LOAD_FAILED);
      assertThat(r.message()).contains("feature set 999", "retrain");
    }
    assertThat(t.status()).isEqualTo(TrainStatus.TRAINED);
  }

  @Test
  void predict_badStoredValues_areMissingNotGarbage() {
    FileModelStore store = new FileModelStore(root);
    RankerConfig cfg = RankerConfig.DEFAULTS.withFolds(0);
    trainer(store, cfg)
        .train(
            lib.liked,
            lib.disliked,
            lib.source(),
            null,
            null,
            ProgressListener.NONE,
            CancellationToken.none());
    SongFeatures base =
        lib.songs.stream().filter(f -> lib.neutral.contains(f.songId())).findFirst().orElseThrow();
    // Embeddings are finite by contract; a vector of the wrong length is the bad stored value here.
    float[] shortVec = new float[100];
    java.util.Arrays.fill(shortVec, 1f);
    SongFeatures bad =
        base.toBuilder()
            .openl3Vector(shortVec)
            .timbre(new float[] {1, 2, 3})
            .bpm(Double.POSITIVE_INFINITY)
            .durationSec(Double.NaN)
            .hpcp(new float[] {1, 2})
            .key("H dur")
            .build();
    FeatureSource src =
        ids -> {
          Map<String, SongFeatures> m = new HashMap<>(lib.source().getAll(ids));
          if (m.containsKey(bad.songId())) {
            m.put(bad.songId(), bad);
          }
          return m;
        };
    try (SelectionPredictor p = new SelectionPredictor(store, cfg)) {
      PredictResult r =
          p.predict(List.of(bad.songId()), 0, src, ProgressListener.NONE, CancellationToken.none());
      assertThat(r.status()).isEqualTo(PredictStatus.OK);
      ScoredSong s = r.items().get(0);
      assertThat(s.score()).isBetween(0.0, 1.0);
      Explanation e = p.explain(bad.songId(), src).orElseThrow();
      Map<String, Double> values = new HashMap<>();
      e.contributions().forEach(c -> values.put(c.feature(), c.value()));
      assertThat(e.score()).isEqualTo(s.score());
    }
    FeatureContext ctx = FeatureContext.fit(lib.songs);
    PreparedSong ps = PreparedSong.of(bad, ctx);
    assertThat(ps.issues()).hasSize(6);
    FeatureMatrix x =
        new FeatureBuilder(new SimilarityKernel(), 1)
            .build(
                ctx.schema(),
                List.of(ps),
                new ReferenceSet(List.of(PreparedSong.of(lib.songs.get(0), ctx))));
    for (String f :
        List.of("has_openl3", "has_timbre", "has_bpm", "has_duration", "has_hpcp", "has_key")) {
      assertThat(x.get(0, f)).as(f).isEqualTo(0f);
    }
    for (String f :
        List.of(
            "openl3_sim_max",
            "timbre_sim_centroid",
            "bpm_diff_min",
            "hpcp_corr_max",
            "key_dist_min_camelot",
            "duration_diff_min")) {
      assertThat(x.get(0, f)).as(f).isNaN();
    }
  }

  @Test
  void explain_listsNearestLikedAndContributions() {
    FileModelStore store = new FileModelStore(root);
    RankerConfig cfg = RankerConfig.DEFAULTS.withFolds(0);
    trainer(store, cfg)
        .train(
            lib.liked,
            lib.disliked,
            lib.source(),
            null,
            null,
            ProgressListener.NONE,
            CancellationToken.none());
    try (SelectionPredictor p = new SelectionPredictor(store, cfg)) {
      String song =
          lib.songs.stream()
              .filter(f -> lib.neutral.contains(f.songId()) && f.openl3Vector() != null)
              .findFirst()
              .orElseThrow()
              .songId();
      Explanation e = p.explain(song, lib.source()).orElseThrow();
      assertThat(e.nearestLiked()).hasSize(3);
      assertThat(e.nearestLiked())
          .allMatch(n -> lib.liked.contains(n.songId()) && n.descriptor().equals("openl3"));
      assertThat(e.nearestLiked().get(0).similarity())
          .isGreaterThanOrEqualTo(e.nearestLiked().get(2).similarity());
      List<String> contrast = store.manifest().orElseThrow().dislikedSnapshot();
      assertThat(e.nearestDisliked())
          .hasSize(3)
          .allMatch(n -> contrast.contains(n.songId()) && n.descriptor().equals("openl3"));
      assertThat(e.nearestDisliked().get(0).similarity())
          .isGreaterThanOrEqualTo(e.nearestDisliked().get(2).similarity());
      assertThat(e.contributions()).isNotEmpty();
      for (int i = 1; i < e.contributions().size(); i++) {
        assertThat(Math.abs(e.contributions().get(i).contribution()))
            .isLessThanOrEqualTo(Math.abs(e.contributions().get(i - 1).contribution()));
      }
      PredictResult r =
          p.predict(
              List.of(song), 0, lib.source(), ProgressListener.NONE, CancellationToken.none());
      assertThat(e.score()).isEqualTo(r.items().get(0).score());
      // The booster starts from its prior on the preferred kind's margin, listed as a contribution.
      assertThat(e.contributions())
          .extracting(Explanation.Contribution::feature)
          .contains("prior(openl3_margin_top5_mean)");
    }
  }

  @Test
  void trainedBooster_carriesItsPrior_andAModelWithoutOneStillPredicts() throws Exception {
    FileModelStore store = new FileModelStore(root);
    RankerConfig cfg = RankerConfig.DEFAULTS.withFolds(0);
    trainer(store, cfg)
        .train(
            lib.liked,
            lib.disliked,
            lib.source(),
            null,
            null,
            ProgressListener.NONE,
            CancellationToken.none());
    ModelManifest mf = store.manifest().orElseThrow();
    ml.dmlc.xgboost4j.java.Booster b =
        ml.dmlc.xgboost4j.java.XGBoost.loadModel(store.readModel(mf));
    try {
      MarginPrior prior = Gbdt.prior(b);
      assertThat(prior).isNotNull();
      assertThat(prior.column()).isEqualTo("openl3_margin_top5_mean");
      assertThat(prior.slope()).isPositive();
    } finally {
      b.dispose();
    }
    // Without the prior (the parameters' switch), scores are still probabilities.
    FileModelStore plain = new FileModelStore(root.resolve("plain"));
    RankerConfig noPrior = cfg.withGbdt(GbdtParams.DEFAULTS.withPrior(false));
    trainer(plain, noPrior)
        .train(
            lib.liked,
            lib.disliked,
            lib.source(),
            null,
            null,
            ProgressListener.NONE,
            CancellationToken.none());
    try (SelectionPredictor p = new SelectionPredictor(plain, noPrior)) {
      PredictResult r =
          p.predict(lib.neutral, 0, lib.source(), ProgressListener.NONE, CancellationToken.none());
      assertThat(r.status()).isEqualTo(PredictStatus.OK);
      assertThat(r.items()).allSatisfy(s -> assertThat(s.score()).isBetween(0.0, 1.0));
    }
  }

  @Test
  void train_timeSplit_whenLabelTimesGiven() {
    Map<String, Instant> times = new HashMap<>();
    List<String> all = new ArrayList<>(lib.liked);
    all.addAll(lib.disliked);
    Collections.shuffle(all, new java.util.Random(SEED));
    for (int i = 0; i < all.size(); i++) {
      times.put(all.get(i), Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i));
    }
    TrainResult r =
        trainer(new FileModelStore(root), RankerConfig.DEFAULTS)
            .train(
                lib.liked,
                lib.disliked,
                lib.source(),
                null,
                times,
                ProgressListener.NONE,
                CancellationToken.none());
    assertThat(r.status()).isEqualTo(TrainStatus.TRAINED);
    assertThat(r.metrics().model().get("roc_auc")).isGreaterThan(0.75);
  }

  @Test
  void predict_cancelled_returnsCancelledWithoutScores() {
    FileModelStore store = new FileModelStore(root);
    RankerConfig cfg = RankerConfig.DEFAULTS.withFolds(0);
    trainer(store, cfg)
        .train(
            lib.liked,
            lib.disliked,
            lib.source(),
            null,
            null,
            ProgressListener.NONE,
            CancellationToken.none());
    CancellationToken cancel = new CancellationToken();
    List<String> cands = new ArrayList<>();
    lib.songs.forEach(f -> cands.add(f.songId()));
    try (SelectionPredictor p = new SelectionPredictor(store, cfg)) {
      PredictResult r = p.predict(cands, 0, lib.source(), pr -> cancel.cancel(), cancel);
      assertThat(r.status()).isEqualTo(PredictStatus.CANCELLED);
      assertThat(r.items()).isEmpty();
    }
  }

  @Test
  void train_lowConfiguredThresholds_capsFoldsAtRarerClass() {
    RankerConfig cfg = RankerConfig.DEFAULTS.withThresholds(3, 1.0);
    TrainResult r =
        trainer(new FileModelStore(root), cfg)
            .train(
                lib.liked.subList(0, 3),
                lib.disliked.subList(0, 10),
                lib.source(),
                null,
                null,
                ProgressListener.NONE,
                CancellationToken.none());
    assertThat(r.status()).as(r.message()).isEqualTo(TrainStatus.TRAINED);
    assertThat(r.metrics().model()).containsKey("roc_auc");
    assertThat(r.metrics().positives()).isEqualTo(3);
  }

  @Test
  void train_writesProvenance_andTheStoreNamesAndChecksumsTheBooster() throws IOException {
    GbdtParams params = GbdtParams.DEFAULTS.with(4, 0.1, 2.0, 0.5, true);
    TrainResult r =
        trainer(new FileModelStore(root), RankerConfig.DEFAULTS.withFolds(0).withGbdt(params))
            .train(
                lib.liked.subList(0, 25),
                lib.disliked.subList(0, 100),
                lib.source(),
                null,
                null,
                ProgressListener.NONE,
                CancellationToken.none());
    assertThat(r.status()).as(r.message()).isEqualTo(TrainStatus.TRAINED);
    // Read back through a fresh store: what manifest.json says.
    FileModelStore store = new FileModelStore(root);
    ModelManifest m = store.manifest().orElseThrow();
    assertThat(m.gbdtParams()).isEqualTo(params);
    assertThat(m.gbdtParams().seed()).isEqualTo(GbdtParams.DEFAULTS.seed());
    assertThat(m.sdkVersion()).isEqualTo(ModelProvenance.sdkVersion()).matches("\\d+\\.\\d+.*");
    assertThat(m.xgboostVersion())
        .isEqualTo(ModelProvenance.xgboostVersion())
        .matches("\\d+\\.\\d+.*");
    assertThat(Files.readString(store.directory().resolve(FileModelStore.MANIFEST)))
        .contains("\"seed\" : " + GbdtParams.DEFAULTS.seed(), "\"eta\" : 0.1", "\"sdkVersion\"");
    assertThat(m.modelFile()).isEqualTo("selection_gbdt_v1.ubj");
    assertThat(m.modelSha256()).isEqualTo(FileModelStore.sha256(Files.readAllBytes(r.modelPath())));
    // The model is current for its own parameters, to be retrained for any other.
    assertThat(ModelProvenance.retrainReason(m, params)).isEmpty();
    assertThat(ModelProvenance.retrainReason(m, GbdtParams.DEFAULTS))
        .hasValueSatisfying(why -> assertThat(why).contains("maxDepth 4, this SDK 6"));
  }
}
