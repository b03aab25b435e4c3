package dev.selection.bench;

import dev.selection.core.internal.rank.DotKernel;
import dev.selection.core.internal.rank.DotKernels;
import dev.selection.core.internal.rank.SimilarityKernel;
import dev.selection.core.internal.rank.SimilarityStats;
import dev.selection.core.internal.rank.VectorBlock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
 * Similarity statistics (max, top-5 mean, top-20 mean, centroid cosine) of N candidates against M
 * liked songs, D dimensions, next to numpy's matrix multiply + argpartition on the same data in the
 * same run (a Python script launched from the setup; skipped with a printed reason when python3 or
 * numpy is missing). The ratio Java / numpy is printed at tear-down. Python: {@code
 * -Dselection.bench.python} (default {@code python3} on the PATH); numpy runs with
 * OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed from its environment, and with
 * OPENBLAS_NUM_THREADS = {@code threads}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx3g"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class SimilarityBenchmark {
  @Param({"50000"})
  public int candidates;

  @Param({"2000"})
  public int liked;

  @Param({"512"})
  public int dim;

  @Param({"2"})
  public int threads;

  /** {@code best} (Vector API when available) or {@code scalar}. */
  @Param({"best"})
  public String kernel;

  private VectorBlock cand;
  private VectorBlock like;
  private SimilarityKernel sim;
  private double numpyBestSec = Double.NaN;
  private double numpyMedianSec = Double.NaN;
  private final List<Double> javaSec = new ArrayList<>();
  private long t0;

  @Setup(Level.Trial)
  public void setUp() throws IOException, InterruptedException {
    Random r = new Random(42);
    cand = VectorBlock.normalized(rows(r, candidates, dim), dim);
    like = VectorBlock.normalized(rows(r, liked, dim), dim);
    DotKernel k = kernel.equals("scalar") ? DotKernels.scalar() : DotKernels.best();
    sim = new SimilarityKernel(k);
    System.out.println("\n[similarity] kernel=" + k.name() + " threads=" + threads);
    runNumpy();
  }

  @Setup(Level.Iteration)
  public void start() {
    t0 = System.nanoTime();
  }

  @TearDown(Level.Iteration)
  public void stop() {
    javaSec.add((System.nanoTime() - t0) / 1e9);
  }

  @Benchmark
  public SimilarityStats statistics() {
    return sim.compute(cand, like, null, threads);
  }

  @TearDown(Level.Trial)
  public void report() {
    // The last measurement iterations (warm-up excluded: JMH runs warm-up iterations first).
    List<Double> measured = javaSec.subList(Math.max(0, javaSec.size() - 5), javaSec.size());
    double best = measured.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    System.out.printf(
        Locale.ROOT,
        "%n[similarity] java best %.3f s; numpy best %.3f s (median %.3f s); "
            + "java/numpy = %.2f%n",
        best,
        numpyBestSec,
        numpyMedianSec,
        best / numpyBestSec);
  }

  private void runNumpy() throws IOException, InterruptedException {
    String python = System.getProperty("selection.bench.python", "python3");
    Path dir = Files.createTempDirectory("selection-sim-bench");
    try {
      Path c = dir.resolve("cand.f32");
      Path l = dir.resolve("liked.f32");
      write(c, cand.data());
      write(l, like.data());
      Path script = dir.resolve("numpy_similarity.py");
      try (InputStream in = SimilarityBenchmark.class.getResourceAsStream("numpy_similarity.py")) {
        Files.copy(in, script);
      }
      ProcessBuilder pb =
          new ProcessBuilder(
              python,
              script.toString(),
              c.toString(),
              l.toString(),
              String.valueOf(candidates),
              String.valueOf(liked),
              String.valueOf(dim),
              "5");
      Map<String, String> env = pb.environment();
      // The shared machine pins OpenBLAS to a core type; numpy's own detection is the fair
      // baseline.
      env.remove("OPENBLAS_CORETYPE");
      env.remove("OPENBLAS_L2_SIZE");
      env.put("OPENBLAS_NUM_THREADS", String.valueOf(threads));
      env.put("OMP_NUM_THREADS", String.valueOf(threads));
      pb.redirectErrorStream(true);
      Process p;
      try {
        p = pb.start();
      } catch (IOException e) {
        System.out.println(
            "[similarity] numpy baseline skipped: cannot run "
                + python
                + " ("
                + e.getMessage()
                + ")");
        return;
      }
      StringBuilder all = new StringBuilder();
      try (BufferedReader br =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = br.readLine()) != null) {
          all.append(line).append('\n');
          if (line.startsWith("numpy_seconds")) {
            numpyBestSec = Double.parseDouble(line.replaceAll(".*best=([0-9.]+).*", "$1"));
            numpyMedianSec = Double.parseDouble(line.replaceAll(".*median=([0-9.]+).*", "$1"));
          }
        }
      }
      int rc = p.waitFor();
      System.out.print("[similarity] numpy: " + all);
      if (rc != 0 || Double.isNaN(numpyBestSec)) {
        System.out.println("[similarity] numpy baseline skipped: exit code " + rc);
      }
      SimilarityStats s = sim.compute(cand, like, null, threads);
      System.out.printf(
          Locale.ROOT,
          "[similarity] java checksum max0=%.6f top5_0=%.6f top20_0=%.6f " + "centroid0=%.6f%n",
          s.max()[0],
          s.top5Mean()[0],
          s.top20Mean()[0],
          s.centroid()[0]);
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  private static void write(Path p, float[] data) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(data);
    try (OutputStream out = Files.newOutputStream(p)) {
      out.write(b.array());
    }
  }

  private static List<float[]> rows(Random r, int n, int dim) {
    List<float[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      float[] v = new float[dim];
      for (int d = 0; d < dim; d++) {
        v[d] = (float) r.nextGaussian();
      }
      out.add(v);
    }
    return out;
  }
}
