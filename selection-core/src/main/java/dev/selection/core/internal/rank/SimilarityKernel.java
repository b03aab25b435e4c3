package dev.selection.core.internal.rank;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Exact cosine similarity of every candidate against every liked song (no approximate index), fused
 * with the per-candidate statistics of SPEC §7.2 so that the N×M similarity matrix is never
 * materialised: candidates are processed in tiles of {@value #CAND_TILE} rows against liked tiles of
 * {@value #LIKED_TILE} rows (the candidate tile stays in L2, the liked tile streams through it), each
 * tile's dot products land in a small scratch buffer and are folded at once into a sorted top-20 list per
 * candidate. Work is split into chunks of candidate rows over at most {@code threads} threads; results
 * do not depend on the thread count or tiling. Thread-safe.
 *
 * <p>Leave-one-out: {@code selfIndex[c]} names the liked row that is candidate {@code c} itself (a
 * training sample that is liked), which is skipped for every statistic, the centroid included.
 */
public final class SimilarityKernel {
  static final int CAND_TILE = 64;
  static final int LIKED_TILE = 128;
  static final int TOP = 20;
  private static final int MIN_ROWS_PER_THREAD = 256;

  private final DotKernel kernel;

  /** Creates a driver around the given dot-product kernel. */
  public SimilarityKernel(DotKernel kernel) {
    this.kernel = Objects.requireNonNull(kernel, "kernel");
  }

  /** Creates a driver around the fastest available kernel. */
  public SimilarityKernel() {
    this(DotKernels.best());
  }

  /** Returns the dot-product kernel in use. */
  public DotKernel kernel() {
    return kernel;
  }

  /**
   * Computes the statistics of every candidate row against all liked rows.
   *
   * @param candidates L2-normalised candidate rows
   * @param liked L2-normalised liked rows, same {@code dim}
   * @param selfIndex per candidate, the liked row to leave out, or -1; null means none
   * @param threads most threads to use (1 runs on the calling thread)
   * @throws IllegalArgumentException on mismatched dimensions
   */
  public SimilarityStats compute(
      VectorBlock candidates, VectorBlock liked, int[] selfIndex, int threads) {
    return compute(candidates, liked, selfIndex, threads, TOP);
  }

  /**
   * As {@link #compute(VectorBlock, VectorBlock, int[], int)}, keeping only the {@code keep} largest
   * cosines per candidate ({@code keep = 1} when only the maximum is needed; the top-5 and top-20
   * means then equal the maximum).
   */
  public SimilarityStats compute(
      VectorBlock candidates, VectorBlock liked, int[] selfIndex, int threads, int keep) {
    return compute(candidates, liked, TransposedBlock.of(liked), selfIndex, threads, keep);
  }

  /**
   * As {@link #compute(VectorBlock, VectorBlock, int[], int, int)}, with the liked rows also given
   * transposed (callers that score many candidate batches against one liked set transpose it once).
   *
   * @param likedT {@code TransposedBlock.of(liked)}
   */
  public SimilarityStats compute(VectorBlock candidates, VectorBlock liked, TransposedBlock likedT,
      int[] selfIndex, int threads, int keep) {
    if (keep < 1 || keep > TOP) {
      throw new IllegalArgumentException("keep must be 1.." + TOP);
    }
    if (likedT.cols() != liked.rows() || likedT.dim() != liked.dim()) {
      throw new IllegalArgumentException("likedT is not the transpose of liked");
    }
    if (candidates.dim() != liked.dim()) {
      throw new IllegalArgumentException(
          "Dimension mismatch: " + candidates.dim() + " vs " + liked.dim());
    }
    int n = candidates.rows();
    if (selfIndex != null && selfIndex.length != n) {
      throw new IllegalArgumentException("selfIndex must have one entry per candidate");
    }
    SimilarityStats out = new SimilarityStats(
        new float[n], new float[n], new float[n], new float[n]);
    double[] sum = liked.rowSum();
    double sumNormSq = 0;
    for (double v : sum) {
      sumNormSq += v * v;
    }
    double[] likedDotSum = new double[liked.rows()];
    for (int l = 0; l < liked.rows(); l++) {
      likedDotSum[l] = dotD(liked.data(), l * liked.dim(), sum);
    }
    final double sumNormSqF = sumNormSq;
    int chunk = Math.max(CAND_TILE, ceilTo(Math.max(1, n / Math.max(1, threads * 4)), CAND_TILE));
    int chunks = (n + chunk - 1) / chunk;
    int workers = Math.max(1, Math.min(threads, (n + MIN_ROWS_PER_THREAD - 1) / MIN_ROWS_PER_THREAD));
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable work = () -> {
      Scratch s = new Scratch();
      int c;
      while ((c = next.getAndIncrement()) < chunks && failure.get() == null) {
        int c0 = c * chunk;
        int c1 = Math.min(n, c0 + chunk);
        try {
          for (int t = c0; t < c1; t += CAND_TILE) {
            runTile(candidates, likedT, selfIndex, t, Math.min(c1, t + CAND_TILE), s, out, keep);
            centroid(candidates, liked, selfIndex, sum, sumNormSqF, likedDotSum, t,
                Math.min(c1, t + CAND_TILE), out);
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }
    };
    if (workers <= 1) {
      work.run();
    } else {
      List<Thread> started = new ArrayList<>();
      for (int w = 1; w < workers; w++) {
        Thread th = new Thread(work, "selection-similarity-" + w);
        th.setDaemon(true);
        th.start();
        started.add(th);
      }
      work.run();
      for (Thread th : started) {
        try {
          th.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          failure.compareAndSet(null, e);
        }
      }
    }
    Throwable f = failure.get();
    if (f != null) {
      if (f instanceof RuntimeException re) {
        throw re;
      }
      if (f instanceof Error er) {
        throw er;
      }
      throw new IllegalStateException("Similarity computation interrupted", f);
    }
    return out;
  }

  private static final class Scratch {
    final float[] dots = new float[CAND_TILE * LIKED_TILE];
    final float[] top = new float[CAND_TILE * TOP];
    final int[] count = new int[CAND_TILE];
  }

  private void runTile(VectorBlock cand, TransposedBlock liked, int[] selfIndex, int t0, int t1,
      Scratch s, SimilarityStats out, int keep) {
    int rows = t1 - t0;
    Arrays.fill(s.count, 0, rows, 0);
    int m = liked.cols();
    int dim = cand.dim();
    for (int l0 = 0; l0 < m; l0 += LIKED_TILE) {
      int lr = Math.min(LIKED_TILE, m - l0);
      kernel.dotBlockTransposed(cand.data(), t0, rows, liked.data(), liked.stride(), l0, lr, dim, s.dots,
          LIKED_TILE);
      for (int i = 0; i < rows; i++) {
        int self = selfIndex == null ? -1 : selfIndex[t0 + i];
        int base = i * LIKED_TILE;
        int tb = i * TOP;
        int cnt = s.count[i];
        if (self >= l0 && self < l0 + lr) {
          s.dots[base + self - l0] = Float.NaN; // NaN > threshold is false: left out
        }
        // Until the list is full every value enters; after that only values above the smallest kept.
        int j = 0;
        if (cnt < keep) {
          // Filling: append unsorted (NaN, the left-out self, fails the test), then sort once.
          for (; j < lr && cnt < keep; j++) {
            float v = s.dots[base + j];
            if (v > Float.NEGATIVE_INFINITY) {
              s.top[tb + cnt++] = v;
            }
          }
          sortDescending(s.top, tb, cnt);
        }
        if (cnt == keep) {
          // Full: only values above the smallest kept one enter.
          float thr = s.top[tb + keep - 1];
          for (; j < lr; j++) {
            float v = s.dots[base + j];
            if (v > thr) {
              insert(s.top, tb, keep - 1, v, keep);
              thr = s.top[tb + keep - 1];
            }
          }
        }
        s.count[i] = cnt;
      }
    }
    for (int i = 0; i < rows; i++) {
      int cnt = s.count[i];
      int tb = i * TOP;
      int c = t0 + i;
      if (cnt == 0) {
        out.max()[c] = Float.NaN;
        out.top5Mean()[c] = Float.NaN;
        out.top20Mean()[c] = Float.NaN;
        continue;
      }
      out.max()[c] = clamp(s.top[tb]);
      double acc = 0;
      int k5 = Math.min(5, cnt);
      for (int k = 0; k < cnt; k++) {
        acc += s.top[tb + k];
        if (k + 1 == k5) {
          out.top5Mean()[c] = clamp((float) (acc / k5));
        }
      }
      out.top20Mean()[c] = clamp((float) (acc / cnt));
    }
  }

  /** Insertion sort, descending, of {@code top[tb .. tb+n)} (at most {@value #TOP} values). */
  private static void sortDescending(float[] top, int tb, int n) {
    for (int k = 1; k < n; k++) {
      insert(top, tb, k, top[tb + k], 0);
    }
  }

  /**
   * Inserts {@code v} into the descending run {@code top[tb .. tb+len)} whose free slot is at
   * {@code tb + hole}; returns {@code newCount}.
   */
  private static int insert(float[] top, int tb, int hole, float v, int newCount) {
    int k = hole;
    while (k > 0 && top[tb + k - 1] < v) {
      top[tb + k] = top[tb + k - 1];
      k--;
    }
    top[tb + k] = v;
    return newCount;
  }

  private static void centroid(VectorBlock cand, VectorBlock liked, int[] selfIndex, double[] sum,
      double sumNormSq, double[] likedDotSum, int t0, int t1, SimilarityStats out) {
    int dim = cand.dim();
    for (int c = t0; c < t1; c++) {
      int self = selfIndex == null ? -1 : selfIndex[c];
      double xs = dotD(cand.data(), c * dim, sum);
      double normSq = sumNormSq;
      if (self >= 0) {
        double xl = dotF(cand.data(), c * dim, liked.data(), self * dim, dim);
        double ll = dotF(liked.data(), self * dim, liked.data(), self * dim, dim);
        xs -= xl;
        normSq = sumNormSq - 2 * likedDotSum[self] + ll;
      }
      int remaining = liked.rows() - (self >= 0 ? 1 : 0);
      out.centroid()[c] = remaining <= 0 || !(normSq > 1e-12)
          ? Float.NaN
          : clamp((float) (xs / Math.sqrt(normSq)));
    }
  }

  private static double dotD(float[] a, int ao, double[] s) {
    // Four independent sums break the add-latency chain (this runs once per candidate).
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int d = 0;
    int n = s.length;
    for (; d + 4 <= n; d += 4) {
      s0 += a[ao + d] * s[d];
      s1 += a[ao + d + 1] * s[d + 1];
      s2 += a[ao + d + 2] * s[d + 2];
      s3 += a[ao + d + 3] * s[d + 3];
    }
    for (; d < n; d++) {
      s0 += a[ao + d] * s[d];
    }
    return (s0 + s1) + (s2 + s3);
  }

  private static double dotF(float[] a, int ao, float[] b, int bo, int dim) {
    double acc = 0;
    for (int d = 0; d < dim; d++) {
      acc += (double) a[ao + d] * b[bo + d];
    }
    return acc;
  }

  /** Rounding can push a cosine of unit vectors a hair past ±1. */
  private static float clamp(float v) {
    return v > 1f ? 1f : (v < -1f ? -1f : v);
  }

  private static int ceilTo(int v, int m) {
    return (v + m - 1) / m * m;
  }
}
