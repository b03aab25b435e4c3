package dev.selection.core.internal.rank;

/**
 * The similarity kernel's two inner loops: blocks of dot products in the outer-product form (one
 * matrix row-major, the other transposed) and the fold of those products into per-column top lists.
 * Implementations are stateless and thread-safe. Every dot product is accumulated in float32 over
 * {@code d} in increasing order, so results do not depend on how a caller tiles the work.
 */
public interface DotKernel {
  /**
   * Writes {@code out[i * outStride + j] = dot(a row aRow0 + i, column bCol0 + j of bt)} for {@code
   * i < aRows}, {@code j < bCols}, where {@code bt} holds the second matrix transposed
   * (column-major: {@code bt[d * btStride + col]}). This outer-product form needs no horizontal
   * reductions, which makes it the fast form for short rows. Each dot product is accumulated over
   * {@code d} in increasing order.
   *
   * @param a first matrix, row-major, {@code dim} floats per row
   * @param aRow0 first row of {@code a}
   * @param aRows number of rows of {@code a}
   * @param bt second matrix, transposed; zero-padded so that {@code btStride} and {@code bCol0} are
   *     multiples of {@link TransposedBlock#COLUMN_ALIGN} and columns up to the next multiple of it
   *     past {@code bCol0 + bCols} exist
   * @param btStride floats between consecutive {@code d} in {@code bt}
   * @param bCol0 first column
   * @param bCols number of columns
   * @param dim row length of {@code a}, rows of {@code bt}
   * @param out receives the dot products; columns past {@code bCols} up to the alignment may be
   *     written too, so each output row needs room for {@code bCols} rounded up to the alignment
   * @param outStride floats between output rows
   */
  void dotBlockTransposed(
      float[] a,
      int aRow0,
      int aRows,
      float[] bt,
      int btStride,
      int bCol0,
      int bCols,
      int dim,
      float[] out,
      int outStride);

  /**
   * Folds rows of values into per-column top lists: for each column {@code c < width} and each row
   * {@code l < xRows}, {@code x[l * width + c]} enters the descending list {@code top[k * width +
   * c]}, {@code k < keep}, if it is larger than the list's last value (lists start at -∞). The
   * lists then hold the {@code keep} largest values seen, in descending order, whatever the
   * implementation. {@code x} may be overwritten.
   *
   * @param x values, row-major, {@code width} per row, finite or -∞ (never NaN)
   * @param xRows number of rows
   * @param top the lists, {@code keep * width} floats
   * @param keep list length, 1..20
   * @param width number of columns, a multiple of 16
   */
  void foldTop(float[] x, int xRows, float[] top, int keep, int width);

  /**
   * Returns a short name for logs and benchmarks, e.g. {@code "vector-api-16"} or {@code "scalar"}.
   */
  String name();
}
