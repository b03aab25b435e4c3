package dev.selection.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.selection.api.CancellationToken;
import dev.selection.api.ProgressListener;
import dev.selection.api.SongFeatures;
import dev.selection.api.TrainResult;
import dev.selection.core.internal.rank.DotKernel;
import dev.selection.core.internal.rank.DotKernels;
import dev.selection.core.internal.rank.FeatureContext;
import dev.selection.core.internal.rank.FeatureSource;
import dev.selection.core.internal.rank.FileModelStore;
import dev.selection.core.internal.rank.PreparedSong;
import dev.selection.core.internal.rank.RankerConfig;
import dev.selection.core.internal.rank.ReferenceSet;
import dev.selection.core.internal.rank.SelectionPredictor;
import dev.selection.core.internal.rank.SelectionTrainer;
import dev.selection.core.internal.rank.SyntheticLibrary;
import dev.selection.core.internal.rank.TransposedBlock;
import dev.selection.core.internal.rank.VectorBlock;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A reproducible companion to the JMH benchmarks that also reports CPU time, which is far more
 * stable than wall time on a shared, loaded machine. It prints: dot-kernel throughput (GFLOP/s of
 * one thread's CPU time), predicting 10,000 candidates against 200 liked songs (wall and process
 * CPU, 1 and 2 workers), training on 2,000 samples with and without the 5-fold evaluation, and heap
 * bytes per song. Run: {@code java --add-modules jdk.incubator.vector -Xmx3g -cp
 * selection-bench/target/benchmarks.jar dev.selection.bench.RankingProbe}.
 */
public final class RankingProbe {
  private RankingProbe() {}

  /** Runs every probe. */
  public static void main(String[] args) throws Exception {
    kernel(512);
    kernel(48);
    SyntheticLibrary lib = new SyntheticLibrary(7, 14_000, 512, 40);
    FeatureSource source = lib.source();
    Path root = Files.createTempDirectory("selection-rank-probe");
    RankerConfig base = RankerConfig.DEFAULTS;
    new SelectionTrainer(new FileModelStore(root), base.withFolds(0))
        .train(
            lib.liked.subList(0, 200),
            lib.disliked.subList(0, 800),
            source,
            null,
            null,
            ProgressListener.NONE,
            CancellationToken.none());
    List<String> cands = new ArrayList<>(lib.neutral);
    cands.addAll(lib.liked.subList(200, lib.liked.size()));
    cands.addAll(lib.disliked.subList(800, lib.disliked.size()));
    cands = cands.subList(0, 10_000);
    for (int threads : new int[] {1, 2}) {
      try (SelectionPredictor p =
          new SelectionPredictor(new FileModelStore(root), base.withThreads(1, threads))) {
        for (int rep = 0; rep < 25; rep++) {
          long w = System.nanoTime();
          long c = cpu();
          p.predict(cands, 100, source, ProgressListener.NONE, CancellationToken.none());
          if (rep >= 20) {
            System.out.printf(
                Locale.ROOT,
                "predict10k (200 liked) workers=%d: wall %.0f ms, process cpu %.0f ms%n",
                threads,
                (System.nanoTime() - w) / 1e6,
                (cpu() - c) / 1e6);
          }
        }
      }
    }
    for (int folds : new int[] {0, 5}) {
      for (int rep = 0; rep < 3; rep++) {
        Path d = Files.createTempDirectory(root, "t");
        long w = System.nanoTime();
        long c = cpu();
        TrainResult r =
            new SelectionTrainer(new FileModelStore(d), base.withFolds(folds))
                .train(
                    lib.liked.subList(0, 400),
                    lib.disliked.subList(0, 1600),
                    source,
                    null,
                    null,
                    ProgressListener.NONE,
                    CancellationToken.none());
        System.out.printf(
            Locale.ROOT,
            "train2k folds=%d nthread=1: wall %.0f ms, process cpu %.0f ms, trees %d%n",
            folds,
            (System.nanoTime() - w) / 1e6,
            (cpu() - c) / 1e6,
            r.metrics().trees());
      }
    }
    memory();
  }

  private static void kernel(int dim) {
    Random r = new Random(1);
    float[] x = new float[64 * dim];
    float[] y = new float[128 * dim];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    for (int i = 0; i < y.length; i++) {
      y[i] = (float) r.nextGaussian();
    }
    // As in the similarity kernel: 128 liked rows broadcast against a tile of 64 candidates,
    // transposed.
    float[] yt = TransposedBlock.of(new VectorBlock(x, 64, dim)).data();
    float[] out = new float[128 * 64];
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (DotKernel k : new DotKernel[] {DotKernels.best(), DotKernels.scalar()}) {
      double best = 0;
      for (int rep = 0; rep < 6; rep++) {
        long c0 = mx.getCurrentThreadCpuTime();
        int iters = 100;
        for (int i = 0; i < iters; i++) {
          k.dotBlockTransposed(y, 0, 128, yt, 64, 0, 64, dim, out, 64);
        }
        long c1 = mx.getCurrentThreadCpuTime();
        best = Math.max(best, 2.0 * 64 * 128 * dim * iters / (c1 - c0));
      }
      System.out.printf(
          Locale.ROOT,
          "kernel %s dim %d: %.1f GFLOP/s (one thread, CPU time)%n",
          k.name(),
          dim,
          best);
    }
  }

  private static void memory() {
    int n = 20_000;
    SyntheticLibrary lib = new SyntheticLibrary(3, n, 512, 40);
    FeatureContext ctx = FeatureContext.fit(lib.songs);
    long u0 = used();
    List<SongFeatures> copies = new ArrayList<>();
    for (SongFeatures f : lib.songs) {
      copies.add(f.toBuilder().build());
    }
    long u1 = used();
    List<PreparedSong> prepared = new ArrayList<>();
    for (SongFeatures f : lib.songs) {
      prepared.add(PreparedSong.of(f, ctx));
    }
    long u2 = used();
    ReferenceSet liked = new ReferenceSet(prepared);
    long u3 = used();
    System.out.printf(
        Locale.ROOT,
        "memory: SongFeatures arrays %.0f B/song (strings shared, no fingerprint), "
            + "PreparedSong %.0f B/song, liked-set packing %.0f B/liked song (%d)%n",
        (u1 - u0) / (double) n,
        (u2 - u1) / (double) n,
        (u3 - u2) / (double) n,
        copies.size() + prepared.size() + liked.size());
  }

  private static long used() {
    for (int i = 0; i < 4; i++) {
      System.gc();
    }
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }

  @SuppressForbidden(reason = "process CPU time: HotSpot's OperatingSystemMXBean")
  private static long cpu() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
