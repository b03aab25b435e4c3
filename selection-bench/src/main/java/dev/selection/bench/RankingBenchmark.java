package dev.selection.bench;

import dev.selection.api.CancellationToken;
import dev.selection.api.PredictResult;
import dev.selection.api.PredictStatus;
import dev.selection.api.ProgressListener;
import dev.selection.api.TrainResult;
import dev.selection.api.TrainStatus;
import dev.selection.core.internal.rank.FeatureSource;
import dev.selection.core.internal.rank.FileModelStore;
import dev.selection.core.internal.rank.RankerConfig;
import dev.selection.core.internal.rank.SelectionPredictor;
import dev.selection.core.internal.rank.SelectionTrainer;
import dev.selection.core.internal.rank.SyntheticLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Training and prediction on a seeded synthetic library (one learned embedding — the built-in
 * EfficientAT's 768-d vector, or OpenL3's 512-d one —, 40-d timbre, metadata) with features in
 * memory: {@code predict} scores 10,000 candidates against a 200-song liked snapshot and the
 * 128-song contrast snapshot (goal ≤ 100 ms); {@code train} trains on 2,000 labelled samples (goal
 * ≤ 3 s), with the 5-fold evaluation ({@code folds=5}) or without it ({@code folds=0}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx3g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class RankingBenchmark {
  /** XGBoost threads and prediction workers (SPEC §8: 1–2). */
  @Param({"1", "2"})
  public int threads;

  /** The embedding kind of the library: the built-in one (the default) or OpenL3. */
  @Param({"efficientat", "openl3"})
  public String embedding;

  /** Evaluation folds during training (0 = none). */
  @Param({"5", "0"})
  public int folds;

  private SyntheticLibrary lib;
  private FeatureSource source;
  private Path root;
  private SelectionPredictor predictor;
  private List<String> candidates;
  private List<String> trainLiked;
  private List<String> trainDisliked;
  private RankerConfig config;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    lib = new SyntheticLibrary(7, 14_000, 512, 40);
    if (embedding.equals("efficientat")) {
      java.util.Map<String, dev.selection.api.SongFeatures> byId = new java.util.HashMap<>();
      for (dev.selection.api.SongFeatures f : lib.withEfficientAt(7, 768)) {
        byId.put(f.songId(), f.toBuilder().embedding("openl3", null).build());
      }
      source =
          ids -> {
            java.util.Map<String, dev.selection.api.SongFeatures> out = new java.util.HashMap<>();
            for (String id : ids) {
              dev.selection.api.SongFeatures f = byId.get(id);
              if (f != null) {
                out.put(id, f);
              }
            }
            return out;
          };
    } else {
      source = lib.source();
    }
    root = Files.createTempDirectory("selection-rank-bench");
    config = RankerConfig.DEFAULTS.withThreads(threads, threads).withFolds(folds);
    // Prediction model: 200 liked, 800 disliked; candidates are 10,000 other songs.
    TrainResult t =
        new SelectionTrainer(new FileModelStore(root), config.withFolds(0))
            .train(
                lib.liked.subList(0, 200),
                lib.disliked.subList(0, 800),
                source,
                null,
                null,
                ProgressListener.NONE,
                CancellationToken.none());
    if (t.status() != TrainStatus.TRAINED) {
      throw new IllegalStateException(t.toString());
    }
    candidates = new ArrayList<>(lib.neutral);
    candidates.addAll(lib.liked.subList(200, lib.liked.size()));
    candidates.addAll(lib.disliked.subList(800, lib.disliked.size()));
    candidates = candidates.subList(0, 10_000);
    predictor = new SelectionPredictor(new FileModelStore(root), config);
    // Training set: 2,000 samples, 400 liked and 1,600 disliked.
    trainLiked = lib.liked.subList(0, 400);
    trainDisliked = lib.disliked.subList(0, 1600);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    predictor.close();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Benchmark
  public PredictResult predict10k() {
    PredictResult r =
        predictor.predict(candidates, 100, source, ProgressListener.NONE, CancellationToken.none());
    if (r.status() != PredictStatus.OK) {
      throw new IllegalStateException(r.toString());
    }
    return r;
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 1)
  @Measurement(iterations = 3)
  public TrainResult train2k() throws IOException {
    Path dir = Files.createTempDirectory(root, "train");
    TrainResult r =
        new SelectionTrainer(new FileModelStore(dir), config)
            .train(
                trainLiked,
                trainDisliked,
                source,
                null,
                null,
                ProgressListener.NONE,
                CancellationToken.none());
    if (r.status() != TrainStatus.TRAINED) {
      throw new IllegalStateException(r.toString());
    }
    return r;
  }
}
