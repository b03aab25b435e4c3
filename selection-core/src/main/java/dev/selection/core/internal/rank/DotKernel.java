package dev.selection.core.internal.rank;

/**
 * Computes a block of dot products between rows of two row-major float matrices. Implementations are
 * stateless and thread-safe. Every dot product is accumulated in float32 in an order that depends only
 * on {@code dim}, never on the block shape, so results do not depend on how a caller tiles the work.
 */
public interface DotKernel {
  /**
   * Writes {@code out[i * bRows + j] = dot(a row aRow0 + i, b row bRow0 + j)} for {@code i < aRows},
   * {@code j < bRows}.
   *
   * @param a first matrix, row-major, {@code dim} floats per row
   * @param aRow0 first row of {@code a}
   * @param aRows number of rows of {@code a}
   * @param b second matrix, row-major, {@code dim} floats per row
   * @param bRow0 first row of {@code b}
   * @param bRows number of rows of {@code b}
   * @param dim row length
   * @param out receives {@code aRows * bRows} values
   */
  void dotBlock(float[] a, int aRow0, int aRows, float[] b, int bRow0, int bRows, int dim, float[] out);

  /** Returns a short name for logs and benchmarks, e.g. {@code "vector-api-16"} or {@code "scalar"}. */
  String name();
}
