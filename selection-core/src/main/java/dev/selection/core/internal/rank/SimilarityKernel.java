package dev.selection.core.internal.rank;

import dev.selection.core.internal.extract.ForegroundGate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Exact cosine similarity of every candidate against every liked song (no approximate index), fused
 * with the per-candidate statistics of SPEC §7.2 so that the N×M similarity matrix is never
 * materialised: candidates are processed in tiles of {@value #CAND_TILE} rows against liked tiles
 * of {@value #LIKED_TILE} rows (the candidate tile, transposed, stays in L1/L2 and the liked rows
 * stream through it); each tile's dot products land in a small scratch buffer, a register of
 * candidates per liked row, and are folded at once into a sorted top-20 list per candidate, one
 * candidate per SIMD lane (a branch-free max/min insertion network). Work is split into chunks of
 * candidate rows over at most {@code threads} threads; results do not depend on the thread count or
 * tiling. Thread-safe.
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
   * As {@link #compute(VectorBlock, VectorBlock, int[], int)}, keeping only the {@code keep}
   * largest cosines per candidate ({@code keep = 1} when only the maximum is needed; the top-5 and
   * top-20 means then equal the maximum).
   */
  public SimilarityStats compute(
      VectorBlock candidates, VectorBlock liked, int[] selfIndex, int threads, int keep) {
    return compute(candidates, Reference.of(liked), selfIndex, threads, keep);
  }

  /**
   * A liked (or disliked) block with what the centroid statistic needs precomputed once: the row
   * sum, its squared norm and each row's dot product with it. Build it once per liked set and reuse
   * it for every batch of candidates. Immutable.
   */
  public static final class Reference {
    final VectorBlock block;
    final double[] sum;
    final double sumNormSq;
    final double[] rowDotSum;

    private Reference(VectorBlock block) {
      this.block = block;
      this.sum = block.rowSum();
      double n = 0;
      for (double v : sum) {
        n += v * v;
      }
      this.sumNormSq = n;
      this.rowDotSum = new double[block.rows()];
      for (int l = 0; l < block.rows(); l++) {
        rowDotSum[l] = dotD(block.data(), l * block.dim(), sum);
      }
    }

    /** Precomputes a block's centroid terms. */
    public static Reference of(VectorBlock block) {
      return new Reference(Objects.requireNonNull(block, "block"));
    }

    /** Returns the block. */
    public VectorBlock block() {
      return block;
    }
  }

  /**
   * As {@link #compute(VectorBlock, VectorBlock, int[], int, int)} against a prepared reference
   * block.
   */
  public SimilarityStats compute(
      VectorBlock candidates, Reference ref, int[] selfIndex, int threads, int keep) {
    VectorBlock liked = ref.block;
    if (keep < 1 || keep > TOP) {
      throw new IllegalArgumentException("keep must be 1.." + TOP);
    }
    if (candidates.dim() != liked.dim()) {
      throw new IllegalArgumentException(
          "Dimension mismatch: " + candidates.dim() + " vs " + liked.dim());
    }
    int n = candidates.rows();
    if (selfIndex != null && selfIndex.length != n) {
      throw new IllegalArgumentException("selfIndex must have one entry per candidate");
    }
    SimilarityStats out =
        new SimilarityStats(new float[n], new float[n], new float[n], new float[n]);
    double[] sum = ref.sum;
    final double sumNormSqF = ref.sumNormSq;
    double[] likedDotSum = ref.rowDotSum;
    int chunk = Math.max(CAND_TILE, ceilTo(Math.max(1, n / Math.max(1, threads * 4)), CAND_TILE));
    int chunks = (n + chunk - 1) / chunk;
    int workers =
        Math.max(1, Math.min(threads, (n + MIN_ROWS_PER_THREAD - 1) / MIN_ROWS_PER_THREAD));
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable work =
        () -> {
          Scratch s = Scratch.forDim(candidates.dim());
          int c;
          while ((c = next.getAndIncrement()) < chunks && failure.get() == null) {
            int c0 = c * chunk;
            int c1 = Math.min(n, c0 + chunk);
            try {
              for (int t = c0; t < c1; t += CAND_TILE) {
                // A training gives way here to a host's prediction (no-op on other threads).
                ForegroundGate.checkpoint();
                runTile(candidates, liked, selfIndex, t, Math.min(c1, t + CAND_TILE), s, out, keep);
                centroid(
                    candidates,
                    liked,
                    selfIndex,
                    sum,
                    sumNormSqF,
                    likedDotSum,
                    t,
                    Math.min(c1, t + CAND_TILE),
                    out);
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
        // A training's workers give way to predictions as its own thread does.
        Thread th = new Thread(ForegroundGate.propagating(work), "selection-similarity-" + w);
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
    /**
     * Dot products of a liked tile against the candidate tile, liked-major: {@code [l * CAND_TILE +
     * c]}.
     */
    final float[] dots = new float[LIKED_TILE * CAND_TILE];

    /** Per candidate, its largest cosines in descending order: {@code [k * CAND_TILE + c]}. */
    final float[] top = new float[TOP * CAND_TILE];

    /** The candidate tile transposed: {@code [d * CAND_TILE + c]}, zero past the tile's rows. */
    final float[] candT;

    private Scratch(int dim) {
      candT = new float[dim * CAND_TILE];
    }

    /** One scratch per thread, reused across calls (grown when a longer vector kind comes). */
    private static final ThreadLocal<Scratch> CACHE = new ThreadLocal<>();

    static Scratch forDim(int dim) {
      Scratch s = CACHE.get();
      if (s == null || s.candT.length < dim * CAND_TILE) {
        s = new Scratch(dim);
        CACHE.set(s);
      }
      return s;
    }
  }

  /**
   * One tile of candidates: transposed once into the scratch, so that each liked row yields a
   * register of sixteen candidates' dot products ({@link DotKernel#dotBlockTransposed} with the
   * liked rows as the broadcast side); the kernel then folds each liked row into the candidates'
   * top lists, one candidate per lane ({@link DotKernel#foldTop}). The left-out self becomes -∞ and
   * is not counted.
   */
  private void runTile(
      VectorBlock cand,
      VectorBlock liked,
      int[] selfIndex,
      int t0,
      int t1,
      Scratch s,
      SimilarityStats out,
      int keep) {
    int rows = t1 - t0;
    int m = liked.rows();
    int dim = cand.dim();
    float[] ct = s.candT;
    if (rows < CAND_TILE) {
      Arrays.fill(ct, 0, dim * CAND_TILE, 0f);
    }
    float[] src = cand.data();
    for (int c = 0; c < rows; c++) {
      int o = (t0 + c) * dim;
      for (int d = 0; d < dim; d++) {
        ct[d * CAND_TILE + c] = src[o + d];
      }
    }
    Arrays.fill(s.top, 0, keep * CAND_TILE, Float.NEGATIVE_INFINITY);
    for (int l0 = 0; l0 < m; l0 += LIKED_TILE) {
      int lr = Math.min(LIKED_TILE, m - l0);
      kernel.dotBlockTransposed(
          liked.data(), l0, lr, ct, CAND_TILE, 0, rows, dim, s.dots, CAND_TILE);
      if (selfIndex != null) {
        for (int c = 0; c < rows; c++) {
          int self = selfIndex[t0 + c];
          if (self >= l0 && self < l0 + lr) {
            s.dots[(self - l0) * CAND_TILE + c] = Float.NEGATIVE_INFINITY;
          }
        }
      }
      kernel.foldTop(s.dots, lr, s.top, keep, CAND_TILE);
    }
    for (int i = 0; i < rows; i++) {
      int c = t0 + i;
      int self = selfIndex == null ? -1 : selfIndex[c];
      int valid = m - (self >= 0 && self < m ? 1 : 0);
      int cnt = Math.min(keep, valid);
      if (cnt <= 0) {
        out.max()[c] = Float.NaN;
        out.top5Mean()[c] = Float.NaN;
        out.top20Mean()[c] = Float.NaN;
        continue;
      }
      out.max()[c] = clamp(s.top[i]);
      double acc = 0;
      int k5 = Math.min(5, cnt);
      for (int k = 0; k < cnt; k++) {
        acc += s.top[k * CAND_TILE + i];
        if (k + 1 == k5) {
          out.top5Mean()[c] = clamp((float) (acc / k5));
        }
      }
      out.top20Mean()[c] = clamp((float) (acc / cnt));
    }
  }

  private static void centroid(
      VectorBlock cand,
      VectorBlock liked,
      int[] selfIndex,
      double[] sum,
      double sumNormSq,
      double[] likedDotSum,
      int t0,
      int t1,
      SimilarityStats out) {
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
      out.centroid()[c] =
          remaining <= 0 || !(normSq > 1e-12) ? Float.NaN : clamp((float) (xs / Math.sqrt(normSq)));
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
