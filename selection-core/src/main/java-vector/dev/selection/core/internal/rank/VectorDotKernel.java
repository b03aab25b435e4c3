package dev.selection.core.internal.rank;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD kernel on the incubating Vector API ({@code jdk.incubator.vector}): outer-product register
 * tiles (four broadcast rows × four registers of columns, sixteen {@code FloatVector} accumulators, fused
 * multiply-add over the preferred species, no lane reductions) and a branch-free max/min network that
 * folds a register of columns into their top lists at once.
 *
 * <p>Compiled by a separate compiler execution with {@code --add-modules jdk.incubator.vector} and loaded
 * reflectively by {@link DotKernels} only when the module is present, so the rest of the SDK never
 * links against an incubator module. Uses only API present since JDK 17. Thread-safe.
 */
public final class VectorDotKernel implements DotKernel {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  /** Creates the kernel (public for reflective loading). */
  public VectorDotKernel() { }

  @Override
  public String name() {
    return "vector-api-" + S.length();
  }

  @Override
  public void dotBlockTransposed(float[] a, int aRow0, int aRows, float[] bt, int btStride, int bCol0,
      int bCols, int dim, float[] out, int outStride) {
    int lanes = S.length();
    int jEnd = (bCols + lanes - 1) / lanes * lanes;
    int i = 0;
    for (; i + 4 <= aRows; i += 4) {
      int a0 = (aRow0 + i) * dim;
      int j = 0;
      for (; j + 4 * lanes <= jEnd; j += 4 * lanes) {
        outer4x4(a, a0, dim, bt, btStride, bCol0 + j, out, i * outStride + j, outStride);
      }
      for (; j < jEnd; j += lanes) {
        for (int r = 0; r < 4; r++) {
          outer1(a, a0 + r * dim, dim, bt, btStride, bCol0 + j, out, (i + r) * outStride + j);
        }
      }
    }
    for (; i < aRows; i++) {
      for (int j = 0; j < jEnd; j += lanes) {
        outer1(a, (aRow0 + i) * dim, dim, bt, btStride, bCol0 + j, out, i * outStride + j);
      }
    }
  }

  /** One row of {@code a} against one register of columns. */
  private static void outer1(float[] a, int ao, int dim, float[] bt, int btStride, int col, float[] out,
      int o) {
    FloatVector c = FloatVector.zero(S);
    for (int d = 0; d < dim; d++) {
      c = FloatVector.broadcast(S, a[ao + d]).fma(FloatVector.fromArray(S, bt, d * btStride + col), c);
    }
    c.intoArray(out, o);
  }

  /**
   * Four rows of {@code a} against four registers of columns: per {@code d}, four column loads, four
   * broadcasts and sixteen fused multiply-adds into sixteen accumulators (no lane reductions).
   */
  private static void outer4x4(float[] a, int a0, int dim, float[] bt, int btStride, int col,
      float[] out, int o, int outStride) {
    int lanes = S.length();
    int a1 = a0 + dim;
    int a2 = a1 + dim;
    int a3 = a2 + dim;
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = c00;
    FloatVector c02 = c00;
    FloatVector c03 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c12 = c00;
    FloatVector c13 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c22 = c00;
    FloatVector c23 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    FloatVector c32 = c00;
    FloatVector c33 = c00;
    for (int d = 0; d < dim; d++) {
      int bo = d * btStride + col;
      FloatVector y0 = FloatVector.fromArray(S, bt, bo);
      FloatVector y1 = FloatVector.fromArray(S, bt, bo + lanes);
      FloatVector y2 = FloatVector.fromArray(S, bt, bo + 2 * lanes);
      FloatVector y3 = FloatVector.fromArray(S, bt, bo + 3 * lanes);
      FloatVector x = FloatVector.broadcast(S, a[a0 + d]);
      c00 = x.fma(y0, c00);
      c01 = x.fma(y1, c01);
      c02 = x.fma(y2, c02);
      c03 = x.fma(y3, c03);
      x = FloatVector.broadcast(S, a[a1 + d]);
      c10 = x.fma(y0, c10);
      c11 = x.fma(y1, c11);
      c12 = x.fma(y2, c12);
      c13 = x.fma(y3, c13);
      x = FloatVector.broadcast(S, a[a2 + d]);
      c20 = x.fma(y0, c20);
      c21 = x.fma(y1, c21);
      c22 = x.fma(y2, c22);
      c23 = x.fma(y3, c23);
      x = FloatVector.broadcast(S, a[a3 + d]);
      c30 = x.fma(y0, c30);
      c31 = x.fma(y1, c31);
      c32 = x.fma(y2, c32);
      c33 = x.fma(y3, c33);
    }
    c00.intoArray(out, o);
    c01.intoArray(out, o + lanes);
    c02.intoArray(out, o + 2 * lanes);
    c03.intoArray(out, o + 3 * lanes);
    o += outStride;
    c10.intoArray(out, o);
    c11.intoArray(out, o + lanes);
    c12.intoArray(out, o + 2 * lanes);
    c13.intoArray(out, o + 3 * lanes);
    o += outStride;
    c20.intoArray(out, o);
    c21.intoArray(out, o + lanes);
    c22.intoArray(out, o + 2 * lanes);
    c23.intoArray(out, o + 3 * lanes);
    o += outStride;
    c30.intoArray(out, o);
    c31.intoArray(out, o + lanes);
    c32.intoArray(out, o + 2 * lanes);
    c33.intoArray(out, o + 3 * lanes);
  }

  @Override
  public void foldTop(float[] x, int xRows, float[] top, int keep, int width) {
    // A constant list length at each call site lets the JIT unroll the network completely.
    for (int l = 0; l < xRows; l++) {
      int xo = l * width;
      switch (keep) {
        case 1 -> fold(x, xo, top, 1, width);
        case 5 -> fold(x, xo, top, 5, width);
        case 20 -> fold(x, xo, top, 20, width);
        default -> fold(x, xo, top, keep, width);
      }
    }
  }

  /**
   * Inserts one row into the lists, a register of columns at a time: level by level, the larger of
   * list value and carried value stays, the smaller is carried down (a branch-free insertion network;
   * the last level's loser drops out).
   */
  private static void fold(float[] x, int xo, float[] top, int keep, int width) {
    for (int c = 0; c < width; c += S.length()) {
      FloatVector carry = FloatVector.fromArray(S, x, xo + c);
      for (int k = 0; k < keep; k++) {
        int to = k * width + c;
        FloatVector t = FloatVector.fromArray(S, top, to);
        t.max(carry).intoArray(top, to);
        carry = t.min(carry);
      }
    }
  }
}
