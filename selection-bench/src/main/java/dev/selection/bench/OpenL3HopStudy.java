package dev.selection.bench;

import dev.selection.api.CancellationToken;
import dev.selection.api.Embedding;
import dev.selection.api.EmbeddingBudget;
import dev.selection.api.spi.AudioExcerpt;
import dev.selection.onnx.OnnxOpenL3Embedder;
import dev.selection.onnx.OpenL3Converter;
import dev.selection.onnx.OpenL3FrontEnd;
import dev.selection.onnx.internal.KerasWeightsFile;
import dev.selection.onnx.internal.RandomOpenL3Weights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Cost against pooled-vector agreement for window hops 0.1 / 0.25 / 0.5 / 1.0 s, plus the per-track
 * cost at {@link EmbeddingBudget#DEFAULT}. A reproducible script, not a JMH benchmark: it times one
 * batch of the full-size network (seeded random weights) to turn window counts into seconds, and
 * measures agreement (cosine of each hop's pooled vector with the hop-0.1 vector) on a
 * reduced-width random network, because agreement of a random network says nothing about the
 * published weights' semantics (see the notes).
 *
 * <p>Run: {@code java -cp selection-bench/target/benchmarks.jar
 * dev.selection.bench.OpenL3HopStudy}.
 */
public final class OpenL3HopStudy {
  private OpenL3HopStudy() {}

  /** Runs the study; the optional argument is the number of inference threads (default 2). */
  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    Path dir = Files.createTempDirectory("openl3-hop");
    Path fullDir = dir.resolve("full");
    Path smallDir = dir.resolve("small");
    KerasWeightsFile.write(
        RandomOpenL3Weights.generate(RandomOpenL3Weights.FULL_WIDTHS, 1), dir.resolve("full.h5"));
    OpenL3Converter.convert(dir.resolve("full.h5"), fullDir);
    KerasWeightsFile.write(
        RandomOpenL3Weights.generate(new int[] {16, 32, 64, 128}, 1), dir.resolve("small.h5"));
    OpenL3Converter.convert(dir.resolve("small.h5"), smallDir);

    double secondsPerWindow;
    try (OnnxOpenL3Embedder full = new OnnxOpenL3Embedder(fullDir, threads)) {
      int n = OnnxOpenL3Embedder.BATCH_WINDOWS;
      float[] audio = BenchAudio.music(n + 1, 3);
      float[] mel = new float[n * OpenL3FrontEnd.VALUES_PER_WINDOW];
      OpenL3FrontEnd fe = new OpenL3FrontEnd();
      for (int i = 0; i < n; i++) {
        fe.compute(audio, i * 48_000, mel, i * OpenL3FrontEnd.VALUES_PER_WINDOW);
      }
      full.embedMelSpectrograms(mel, n, CancellationToken.none()); // warm up
      long t0 = System.nanoTime();
      full.embedMelSpectrograms(mel, n, CancellationToken.none());
      secondsPerWindow = (System.nanoTime() - t0) / 1e9 / n;
    }
    System.out.printf(
        Locale.ROOT,
        "full-size network, %d threads: %.3f s/window = %.2f windows/s = %.1f GFLOP/s%n",
        threads,
        secondsPerWindow,
        1 / secondsPerWindow,
        20.4 / secondsPerWindow);
    int defaultWindows = EmbeddingBudget.DEFAULT.maxWindows();
    System.out.printf(
        Locale.ROOT,
        "default budget %s: <= %d windows = %.0f GFLOP = %.1f s per track%n",
        EmbeddingBudget.DEFAULT,
        defaultWindows,
        20.4 * defaultWindows,
        defaultWindows * secondsPerWindow);

    // Three 12-s excerpts of a 4-minute synthetic track, as the default segment policy would hand
    // over.
    float[] track = BenchAudio.music(240, 9);
    List<AudioExcerpt> excerpts = new ArrayList<>();
    for (double start : new double[] {30, 100, 170}) {
      int s = (int) (start * 48_000);
      excerpts.add(new AudioExcerpt(Arrays.copyOfRange(track, s, s + 12 * 48_000), 48_000, start));
    }
    double[] hops = {0.1, 0.25, 0.5, 1.0};
    float[] reference = null;
    System.out.println(
        "hop_s  windows  full_size_s_per_track  cosine_vs_hop0.1 (reduced-width random net)");
    try (OnnxOpenL3Embedder small = new OnnxOpenL3Embedder(smallDir, threads)) {
      for (double hop : hops) {
        Embedding e =
            small.embed(excerpts, new EmbeddingBudget(hop, 10_000, 36), CancellationToken.none());
        float[] v = e.vector();
        if (reference == null) {
          reference = v;
        }
        double cos = 0;
        for (int i = 0; i < v.length; i++) {
          cos += (double) v[i] * reference[i];
        }
        System.out.printf(
            Locale.ROOT,
            "%.2f   %5d    %8.1f               %.6f%n",
            hop,
            e.windows(),
            e.windows() * secondsPerWindow,
            cos);
      }
      Embedding d = small.embed(excerpts, EmbeddingBudget.DEFAULT, CancellationToken.none());
      double cos = 0;
      float[] v = d.vector();
      for (int i = 0; i < v.length; i++) {
        cos += (double) v[i] * reference[i];
      }
      System.out.printf(
          Locale.ROOT,
          "default (hop 0.5, 48 windows max): %d windows, %.1f s, cosine %.6f%n",
          d.windows(),
          d.windows() * secondsPerWindow,
          cos);
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
