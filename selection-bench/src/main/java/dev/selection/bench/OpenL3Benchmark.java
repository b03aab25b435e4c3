package dev.selection.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.selection.api.CancellationToken;
import dev.selection.onnx.OnnxOpenL3Embedder;
import dev.selection.onnx.OpenL3Converter;
import dev.selection.onnx.OpenL3FrontEnd;
import dev.selection.onnx.internal.KerasWeightsFile;
import dev.selection.onnx.internal.OnnxGraphBuilder;
import dev.selection.onnx.internal.OrtRuntime;
import dev.selection.onnx.internal.RandomOpenL3Weights;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.SplittableRandom;
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
 * OpenL3 inference speed against the machine's matrix-multiply speed, in the same run and through
 * the same ONNX Runtime thread pool.
 *
 * <ul>
 *   <li>{@code openl3Batch}: one batch of {@value OnnxOpenL3Embedder#BATCH_WINDOWS} windows of the
 *       full-size network (seeded random weights, same layout and cost as the published model: 20.4
 *       GFLOP per window). Windows/s = {@value OnnxOpenL3Embedder#BATCH_WINDOWS} × ops/s; GFLOP/s =
 *       20.4 × windows/s.
 *   <li>{@code sgemm}: a {@code 1024 × 1024 · 1024 × 1024} float MatMul in ONNX Runtime (2.147
 *       GFLOP per op): the baseline. The goal is OpenL3 GFLOP/s ≥ 60 % of SGEMM GFLOP/s.
 *   <li>{@code frontEnd}: the Java log-mel front end of one window.
 * </ul>
 *
 * <p>Run: {@code java -jar selection-bench/target/benchmarks.jar OpenL3Benchmark -f 1 -wi 1 -i 3}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 10)
@Measurement(iterations = 3, time = 10)
public class OpenL3Benchmark {
  /** Inference threads (the shared ONNX Runtime pool's size). */
  @Param({"2"})
  public int threads;

  private Path dir;
  private OnnxOpenL3Embedder embedder;
  private float[] mel;
  private float[] audio;
  private float[] frontEndOut;
  private OpenL3FrontEnd frontEnd;
  private OrtSession matmul;
  private OnnxTensor matrixA;

  /** Converts a random full-size model and builds the MatMul session. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("openl3-bench");
    Path h5 = dir.resolve("random.h5");
    KerasWeightsFile.write(RandomOpenL3Weights.generate(RandomOpenL3Weights.FULL_WIDTHS, 1), h5);
    OpenL3Converter.convert(h5, dir.resolve("model"));
    embedder = new OnnxOpenL3Embedder(dir.resolve("model"), threads);
    audio = BenchAudio.music(OnnxOpenL3Embedder.BATCH_WINDOWS + 1, 5);
    frontEnd = new OpenL3FrontEnd();
    frontEndOut = new float[OpenL3FrontEnd.VALUES_PER_WINDOW];
    mel = new float[OnnxOpenL3Embedder.BATCH_WINDOWS * OpenL3FrontEnd.VALUES_PER_WINDOW];
    for (int i = 0; i < OnnxOpenL3Embedder.BATCH_WINDOWS; i++) {
      frontEnd.compute(audio, i * 48_000, mel, i * OpenL3FrontEnd.VALUES_PER_WINDOW);
    }
    embedder.load();

    int n = 1024;
    SplittableRandom rnd = new SplittableRandom(2);
    float[] b = new float[n * n];
    float[] a = new float[n * n];
    for (int i = 0; i < b.length; i++) {
      b[i] = (float) (rnd.nextDouble() - 0.5);
      a[i] = (float) (rnd.nextDouble() - 0.5);
    }
    OnnxGraphBuilder g =
        new OnnxGraphBuilder().input("A", n, n).output("C", n, n).initializer("B", b, n, n);
    g.node("MatMul", new String[] {"A", "B"}, "C").add();
    OrtEnvironment env = OrtRuntime.environment(threads);
    try (OrtSession.SessionOptions options = OrtRuntime.sessionOptions(threads)) {
      matmul = env.createSession(g.build("sgemm", "bench", "1"), options);
    }
    matrixA = OnnxTensor.createTensor(env, FloatBuffer.wrap(a), new long[] {n, n});
  }

  /** Frees the sessions and the temporary model. */
  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    embedder.close();
    matrixA.close();
    matmul.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** One batch of 8 full-size OpenL3 windows (163 GFLOP). */
  @Benchmark
  public float[][] openl3Batch() {
    return embedder.embedMelSpectrograms(
        mel, OnnxOpenL3Embedder.BATCH_WINDOWS, CancellationToken.none());
  }

  /** One 1024³ SGEMM through ONNX Runtime (2.147 GFLOP). */
  @Benchmark
  public float sgemm() throws Exception {
    try (OrtSession.Result r = matmul.run(Map.of("A", matrixA))) {
      return ((OnnxTensor) r.get(0)).getFloatBuffer().get(0);
    }
  }

  /** The Java front end of one window. */
  @Benchmark
  public float[] frontEnd() {
    frontEnd.compute(audio, 12_345, frontEndOut, 0);
    return frontEndOut;
  }
}
