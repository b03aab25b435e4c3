package dev.selection.core.internal.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SimilarityKernelTest {

  static Stream<Long> seeds() {
    long base = Long.getLong("selection.test.seed", 20261124L);
    return LongStream.range(0, 25).mapToObj(i -> base + i * 7919);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void kernel_matchesDoubleReference_onRandomShapes(long seed) {
    System.out.println("SimilarityKernelTest seed=" + seed);
    Random rnd = new Random(seed);
    int dim = 1 + rnd.nextInt(rnd.nextBoolean() ? 40 : 600);
    int n = 1 + rnd.nextInt(300);
    int m = 1 + rnd.nextInt(rnd.nextBoolean() ? 30 : 400);
    VectorBlock cand = VectorBlock.normalized(randomRows(rnd, n, dim), dim);
    VectorBlock liked = VectorBlock.normalized(randomRows(rnd, m, dim), dim);
    int[] self = new int[n];
    for (int i = 0; i < n; i++) {
      self[i] = rnd.nextInt(4) == 0 ? rnd.nextInt(m) : -1;
    }
    double[][] ref = reference(cand, liked, self);
    int threads = 1 + rnd.nextInt(3);
    for (DotKernel k : kernels()) {
      SimilarityStats s = new SimilarityKernel(k).compute(cand, liked, self, threads);
      // Shorter lists: keep 5 gives exact max and top-5 mean, keep 1 the max.
      SimilarityStats s5 = new SimilarityKernel(k).compute(cand, liked, self, threads, 5);
      SimilarityStats s1 = new SimilarityKernel(k).compute(cand, liked, self, threads, 1);
      for (int i = 0; i < n; i++) {
        String at = k.name() + " seed " + seed + " row " + i;
        check(s.max()[i], ref[i][0], at + " max");
        check(s.top5Mean()[i], ref[i][1], at + " top5");
        check(s.top20Mean()[i], ref[i][2], at + " top20");
        check(s.centroid()[i], ref[i][3], at + " centroid");
        check(s5.max()[i], ref[i][0], at + " keep5 max");
        check(s5.top5Mean()[i], ref[i][1], at + " keep5 top5");
        check(s5.centroid()[i], ref[i][3], at + " keep5 centroid");
        check(s1.max()[i], ref[i][0], at + " keep1 max");
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void dotBlockTransposed_equalsExactDotProducts_everyKernel(long seed) {
    System.out.println("SimilarityKernelTest transposed seed=" + seed);
    Random rnd = new Random(seed);
    int dim = 1 + rnd.nextInt(700);
    int n = 1 + rnd.nextInt(70);
    int m = 1 + rnd.nextInt(300);
    float[] a = flat(randomRows(rnd, n, dim));
    VectorBlock b = new VectorBlock(flat(randomRows(rnd, m, dim)), m, dim);
    TransposedBlock bt = TransposedBlock.of(b);
    assertThat(bt.stride() % TransposedBlock.COLUMN_ALIGN).isZero();
    // A column window starting at an aligned column, with rows and columns that are not multiples
    // of
    // any register width.
    int col0 =
        rnd.nextInt(bt.stride() / TransposedBlock.COLUMN_ALIGN) * TransposedBlock.COLUMN_ALIGN;
    col0 = Math.min(col0, (m - 1) / TransposedBlock.COLUMN_ALIGN * TransposedBlock.COLUMN_ALIGN);
    int cols = 1 + rnd.nextInt(m - col0);
    int outStride = TransposedBlock.align(cols) + TransposedBlock.COLUMN_ALIGN * rnd.nextInt(2);
    // float32 accumulation of unnormalised Gaussian rows: the error grows with the magnitude.
    double tol = 1e-5 * Math.max(1, Math.sqrt(dim) / 4);
    for (DotKernel k : kernels()) {
      float[] out = new float[n * outStride];
      k.dotBlockTransposed(a, 0, n, bt.data(), bt.stride(), col0, cols, dim, out, outStride);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < cols; j++) {
          double exact = 0;
          for (int d = 0; d < dim; d++) {
            exact += (double) a[i * dim + d] * b.data()[(col0 + j) * dim + d];
          }
          assertThat((double) out[i * outStride + j])
              .as("%s seed %d row %d col %d", k.name(), seed, i, col0 + j)
              .isCloseTo(exact, within(tol * Math.max(1, Math.abs(exact))));
        }
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void foldTop_keepsLargestValuesSorted_everyKernel(long seed) {
    System.out.println("SimilarityKernelTest foldTop seed=" + seed);
    Random rnd = new Random(seed);
    int width = 16 * (1 + rnd.nextInt(4));
    int keep = new int[] {1, 2, 5, 7, 20}[rnd.nextInt(5)];
    int batches = 1 + rnd.nextInt(3);
    List<float[]> rowsOfBatches = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      int rows = 1 + rnd.nextInt(40);
      float[] x = new float[rows * width];
      for (int i = 0; i < x.length; i++) {
        // Ties and -inf (a left-out self) on purpose.
        x[i] =
            rnd.nextInt(10) == 0
                ? Float.NEGATIVE_INFINITY
                : (rnd.nextInt(8) - 4) / 4f + (rnd.nextBoolean() ? 0 : (float) rnd.nextGaussian());
      }
      rowsOfBatches.add(x);
    }
    for (DotKernel k : kernels()) {
      float[] top = new float[keep * width];
      java.util.Arrays.fill(top, Float.NEGATIVE_INFINITY);
      List<List<Float>> seen = new ArrayList<>();
      for (int c = 0; c < width; c++) {
        seen.add(new ArrayList<>());
      }
      for (float[] x : rowsOfBatches) {
        for (int i = 0; i < x.length; i++) {
          seen.get(i % width).add(x[i]);
        }
        k.foldTop(x.clone(), x.length / width, top, keep, width);
      }
      for (int c = 0; c < width; c++) {
        List<Float> want = new ArrayList<>(seen.get(c));
        want.sort(java.util.Comparator.reverseOrder());
        for (int r = 0; r < keep; r++) {
          float expected = r < want.size() ? want.get(r) : Float.NEGATIVE_INFINITY;
          assertThat(top[r * width + c])
              .as("%s seed %d col %d rank %d", k.name(), seed, c, r)
              .isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void vectorKernel_isUsed_whenIncubatorModulePresent() {
    // Surefire adds --add-modules jdk.incubator.vector (see the module pom).
    assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isPresent();
    assertThat(DotKernels.best().name()).startsWith("vector-api-");
  }

  @Test
  void stats_areNaN_whenOnlyLikedSongIsLeftOut() {
    VectorBlock one = VectorBlock.normalized(List.of(new float[] {1, 0}), 2);
    SimilarityStats s = new SimilarityKernel().compute(one, one, new int[] {0}, 1);
    assertThat(s.max()[0]).isNaN();
    assertThat(s.top5Mean()[0]).isNaN();
    assertThat(s.centroid()[0]).isNaN();
  }

  @Test
  void stats_handComputed_smallCase() {
    VectorBlock cand = VectorBlock.normalized(List.of(new float[] {1, 0}), 2);
    VectorBlock liked =
        VectorBlock.normalized(
            List.of(new float[] {1, 0}, new float[] {0, 1}, new float[] {-1, 0}), 2);
    SimilarityStats s = new SimilarityKernel().compute(cand, liked, null, 1);
    assertThat(s.max()[0]).isEqualTo(1f);
    assertThat((double) s.top5Mean()[0]).isCloseTo(0.0, within(1e-6)); // (1 + 0 - 1) / 3
    // centroid = (0, 1) after summing: cosine with (1, 0) is 0
    assertThat((double) s.centroid()[0]).isCloseTo(0.0, within(1e-6));
    // leave out the identical liked row 0: max is 0, centroid of (0,1),(-1,0) is (-1,1)/√2
    SimilarityStats loo = new SimilarityKernel().compute(cand, liked, new int[] {0}, 1);
    assertThat((double) loo.max()[0]).isCloseTo(0.0, within(1e-6));
    assertThat((double) loo.centroid()[0]).isCloseTo(-Math.sqrt(0.5), within(1e-6));
  }

  private static List<DotKernel> kernels() {
    List<DotKernel> ks = new ArrayList<>();
    ks.add(DotKernels.scalar());
    DotKernels.vector().ifPresent(ks::add);
    return ks;
  }

  private static void check(float got, double want, String what) {
    if (Double.isNaN(want)) {
      assertThat(got).as(what).isNaN();
    } else {
      assertThat((double) got).as(what).isCloseTo(want, within(1e-5));
    }
  }

  /** Naive double-precision reference: full similarity row, sorted. */
  private static double[][] reference(VectorBlock cand, VectorBlock liked, int[] self) {
    int dim = cand.dim();
    double[][] out = new double[cand.rows()][4];
    for (int i = 0; i < cand.rows(); i++) {
      List<Double> sims = new ArrayList<>();
      double[] sum = new double[dim];
      for (int l = 0; l < liked.rows(); l++) {
        if (l == self[i]) {
          continue;
        }
        double s = 0;
        for (int d = 0; d < dim; d++) {
          s += (double) cand.data()[i * dim + d] * liked.data()[l * dim + d];
          sum[d] += liked.data()[l * dim + d];
        }
        sims.add(s);
      }
      if (sims.isEmpty()) {
        Arrays.fill(out[i], Double.NaN);
        continue;
      }
      sims.sort((x, y) -> Double.compare(y, x));
      out[i][0] = sims.get(0);
      out[i][1] =
          sims.subList(0, Math.min(5, sims.size())).stream()
              .mapToDouble(x -> x)
              .average()
              .orElseThrow();
      out[i][2] =
          sims.subList(0, Math.min(20, sims.size())).stream()
              .mapToDouble(x -> x)
              .average()
              .orElseThrow();
      double dotc = 0;
      double nc = 0;
      for (int d = 0; d < dim; d++) {
        dotc += cand.data()[i * dim + d] * sum[d];
        nc += sum[d] * sum[d];
      }
      out[i][3] = nc < 1e-12 ? Double.NaN : dotc / Math.sqrt(nc);
    }
    return out;
  }

  static List<float[]> randomRows(Random rnd, int n, int dim) {
    List<float[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] v = new float[dim];
      do {
        for (int d = 0; d < dim; d++) {
          v[d] = (float) rnd.nextGaussian();
        }
      } while (VectorBlock.norm(v) == 0);
      rows.add(v);
    }
    return rows;
  }

  private static float[] flat(List<float[]> rows) {
    int dim = rows.get(0).length;
    float[] out = new float[rows.size() * dim];
    for (int i = 0; i < rows.size(); i++) {
      System.arraycopy(rows.get(i), 0, out, i * dim, dim);
    }
    return out;
  }
}
