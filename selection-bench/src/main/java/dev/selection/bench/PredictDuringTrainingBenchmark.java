package dev.selection.bench;

import dev.selection.api.CancellationToken;
import dev.selection.api.Label;
import dev.selection.api.PredictResult;
import dev.selection.api.PredictStatus;
import dev.selection.api.ProgressListener;
import dev.selection.api.SelectionEngine;
import dev.selection.api.SongFeatures;
import dev.selection.api.TrainStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How long a host waits for scores while the engine trains (issue 12 item 7): the time of one
 * prediction through the facade while trainings run back to back, divided by its time on an idle
 * engine, both in the same run and interleaved (idle, busy, idle, ...) so machine load hits both
 * alike. Every prediction scores candidates never scored before, so the prediction cache never
 * answers. Goal: a ratio of at most 2.
 *
 * <p>Run: {@code java -cp selection-bench/target/benchmarks.jar
 * dev.selection.bench.PredictDuringTrainingBenchmark [songs] [labels] [candidates] [rounds]}
 * (defaults 60000 4000 2500 8).
 */
public final class PredictDuringTrainingBenchmark {
  private PredictDuringTrainingBenchmark() {}

  static String id(int n) {
    return String.format(Locale.ROOT, "%064x", n + 1);
  }

  /**
   * Runs the benchmark.
   *
   * @param args songs, labelled songs, candidates per prediction, measured rounds
   */
  public static void main(String[] args) throws Exception {
    int songs = args.length > 0 ? Integer.parseInt(args[0]) : 60_000;
    int labelled = args.length > 1 ? Integer.parseInt(args[1]) : 4_000;
    int candidates = args.length > 2 ? Integer.parseInt(args[2]) : 2_500;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 8;
    Path root = Files.createTempDirectory("predict-during-training");
    Random r = new Random(7);
    try (SelectionEngine e =
        SelectionEngine.builder(root)
            .minPositives(10)
            .autoTrain(false, 20, Duration.ofSeconds(8))
            .build()) {
      List<SongFeatures> rows = new ArrayList<>();
      for (int i = 0; i < songs; i++) {
        float[] timbre = new float[40];
        float[] hpcp = new float[36];
        for (int d = 0; d < timbre.length; d++) {
          timbre[d] = (float) ((i % 5 == 0 && d < 4 ? 1 : 0) + 0.5 * r.nextGaussian());
        }
        for (int d = 0; d < hpcp.length; d++) {
          hpcp[d] = r.nextFloat();
        }
        rows.add(
            SongFeatures.builder(id(i))
                .fileHash("h" + i)
                .timbre(timbre)
                .hpcp(hpcp)
                .bpm(90.0 + 60 * r.nextDouble())
                .build());
        if (rows.size() == 5_000) {
          e.upsertSongFeatures(rows);
          rows.clear();
        }
      }
      e.upsertSongFeatures(rows);
      List<String> liked = new ArrayList<>();
      List<String> disliked = new ArrayList<>();
      for (int i = 0; i < labelled; i++) {
        (i % 5 == 0 ? liked : disliked).add(id(i));
      }
      e.setSelectionLabels(liked, Label.LIKED);
      e.setSelectionLabels(disliked, Label.DISLIKED);
      long t0 = System.nanoTime();
      if (e.train(ProgressListener.NONE, new CancellationToken()).status() != TrainStatus.TRAINED) {
        throw new IllegalStateException("training failed");
      }
      double trainMs = (System.nanoTime() - t0) / 1e6;

      int[] next = {labelled};
      // Warm-up: JIT and page cache.
      for (int i = 0; i < 3; i++) {
        predict(e, next, candidates);
      }
      double[] idle = new double[rounds];
      double[] busy = new double[rounds];
      for (int i = 0; i < rounds; i++) {
        idle[i] = predict(e, next, candidates);
        busy[i] = duringTraining(e, next, candidates);
      }
      double idleMs = median(idle);
      double busyMs = median(busy);
      System.out.printf(
          Locale.ROOT,
          "songs=%d labelled=%d candidates=%d rounds=%d threads=%d%n"
              + "training: %.0f ms%n"
              + "predict idle: median %.1f ms %s%n"
              + "predict during training: median %.1f ms %s%n"
              + "ratio busy/idle: %.2f (goal <= 2)%n",
          songs,
          labelled,
          candidates,
          rounds,
          Runtime.getRuntime().availableProcessors(),
          trainMs,
          idleMs,
          Arrays.toString(round(idle)),
          busyMs,
          Arrays.toString(round(busy)),
          busyMs / idleMs);
    } finally {
      try (var files = Files.walk(root)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** One prediction of fresh candidates; returns its wall time in ms. */
  private static double predict(SelectionEngine e, int[] next, int candidates) {
    List<String> ids = new ArrayList<>(candidates);
    for (int i = 0; i < candidates; i++) {
      ids.add(id(next[0]++));
    }
    long t0 = System.nanoTime();
    PredictResult p = e.predictSelectionCandidates(ids, 100);
    double ms = (System.nanoTime() - t0) / 1e6;
    if (p.status() != PredictStatus.OK) {
      throw new IllegalStateException("prediction: " + p.status() + " " + p.message());
    }
    return ms;
  }

  /** One prediction started while a training runs; returns its wall time in ms. */
  private static double duringTraining(SelectionEngine e, int[] next, int candidates)
      throws InterruptedException {
    AtomicBoolean started = new AtomicBoolean();
    Thread trainer =
        new Thread(
            () ->
                e.train(
                    p -> started.set(true), // the training is under way
                    new CancellationToken()),
            "bench-train");
    trainer.start();
    while (!started.get() && trainer.isAlive()) {
      Thread.onSpinWait();
    }
    double ms = predict(e, next, candidates);
    trainer.join();
    return ms;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static long[] round(double[] v) {
    long[] out = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Math.round(v[i]);
    }
    return out;
  }
}
