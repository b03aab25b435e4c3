package dev.selection.core.internal.rank;

import java.util.Objects;

/**
 * A {@link VectorBlock} transposed (column-major: {@code data[d * stride + col]}), with the column
 * count zero-padded to a multiple of {@link #COLUMN_ALIGN} so that SIMD kernels can read whole
 * registers of columns. The layout of {@link DotKernel#dotBlockTransposed}. Immutable.
 *
 * @param data {@code dim * stride} floats
 * @param cols number of real columns (the rows of the original block)
 * @param stride floats per {@code d}, a multiple of {@link #COLUMN_ALIGN}, at least {@code cols}
 * @param dim length of a column
 */
public record TransposedBlock(float[] data, int cols, int stride, int dim) {
  /** Column alignment: four AVX-512 registers of floats. */
  public static final int COLUMN_ALIGN = 64;

  /** Validates the shape. */
  public TransposedBlock {
    Objects.requireNonNull(data, "data");
    if (cols < 0
        || stride < cols
        || stride % COLUMN_ALIGN != 0
        || dim < 1
        || (long) stride * dim != data.length) {
      throw new IllegalArgumentException("Bad transposed shape " + cols + "/" + stride + "x" + dim);
    }
  }

  /** Transposes a block. */
  public static TransposedBlock of(VectorBlock b) {
    int stride = Math.max(COLUMN_ALIGN, align(b.rows()));
    int dim = b.dim();
    float[] t = new float[stride * dim];
    float[] src = b.data();
    for (int r = 0; r < b.rows(); r++) {
      int o = r * dim;
      for (int d = 0; d < dim; d++) {
        t[d * stride + r] = src[o + d];
      }
    }
    return new TransposedBlock(t, b.rows(), stride, dim);
  }

  /** Rounds up to a multiple of {@link #COLUMN_ALIGN}. */
  public static int align(int n) {
    return (n + COLUMN_ALIGN - 1) / COLUMN_ALIGN * COLUMN_ALIGN;
  }
}
