package dev.selection.core.internal.rank;

import java.util.Objects;

/**
 * Rows of equal length stored contiguously, row-major, in one {@code float[]}: the layout the
 * similarity kernel streams through. Rows are L2-normalised when built with {@link #normalized}.
 * Immutable after construction (the array is not exposed for writing by this class's users).
 *
 * @param data {@code rows * dim} floats, row-major
 * @param rows number of rows
 * @param dim floats per row
 */
public record VectorBlock(float[] data, int rows, int dim) {
  /** Validates the shape. */
  public VectorBlock {
    Objects.requireNonNull(data, "data");
    if (rows < 0 || dim < 1 || (long) rows * dim != data.length) {
      throw new IllegalArgumentException(
          "Bad block shape " + rows + "x" + dim + " for " + data.length);
    }
  }

  /**
   * Packs vectors into a block, L2-normalising each row (in double, stored as float32).
   *
   * @param vectors rows, each of length {@code dim}, finite and non-zero (callers filter first)
   * @param dim row length
   * @throws IllegalArgumentException for a row of another length, a non-finite value or a zero row
   */
  public static VectorBlock normalized(java.util.List<float[]> vectors, int dim) {
    return normalized(vectors, dim, dim);
  }

  /**
   * Like {@link #normalized(java.util.List, int)}, but each row is zero-padded to {@code stride}
   * floats (a multiple of the SIMD width, see {@link #paddedDim}); padding does not change dot
   * products.
   */
  public static VectorBlock normalized(java.util.List<float[]> vectors, int dim, int stride) {
    if (stride < dim) {
      throw new IllegalArgumentException("stride < dim");
    }
    float[] data = new float[vectors.size() * stride];
    for (int r = 0; r < vectors.size(); r++) {
      float[] v = vectors.get(r);
      if (v.length != dim) {
        throw new IllegalArgumentException(
            "Row " + r + " has " + v.length + " values, expected " + dim);
      }
      double n = norm(v);
      if (!(n > 0) || Double.isInfinite(n)) {
        throw new IllegalArgumentException("Row " + r + " is zero or not finite");
      }
      for (int d = 0; d < dim; d++) {
        data[r * stride + d] = (float) (v[d] / n);
      }
    }
    return new VectorBlock(data, vectors.size(), stride);
  }

  /**
   * Packs rows that are already L2-normalised (no copy of their values is normalised again) into a
   * block of {@code stride} floats per row, zero-padded.
   */
  public static VectorBlock packed(java.util.List<float[]> unitRows, int stride) {
    float[] data = new float[unitRows.size() * stride];
    for (int r = 0; r < unitRows.size(); r++) {
      float[] v = unitRows.get(r);
      if (v.length > stride) {
        throw new IllegalArgumentException("Row " + r + " is longer than the stride " + stride);
      }
      System.arraycopy(v, 0, data, r * stride, v.length);
    }
    return new VectorBlock(data, unitRows.size(), stride);
  }

  /** Rounds a vector length up to a multiple of 16 floats (one AVX-512 register). */
  public static int paddedDim(int dim) {
    return (dim + 15) & ~15;
  }

  /**
   * Returns the Euclidean norm of {@code v} in double; NaN or infinite when a value is not finite
   * (a float squared in double cannot overflow, so the sum is finite exactly when every value is).
   */
  public static double norm(float[] v) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = 0;
    for (; i + 4 <= v.length; i += 4) {
      s0 += (double) v[i] * v[i];
      s1 += (double) v[i + 1] * v[i + 1];
      s2 += (double) v[i + 2] * v[i + 2];
      s3 += (double) v[i + 3] * v[i + 3];
    }
    for (; i < v.length; i++) {
      s0 += (double) v[i] * v[i];
    }
    return Math.sqrt((s0 + s1) + (s2 + s3));
  }

  /**
   * Scales {@code v} in place to unit length.
   *
   * @return {@code v}, or null when it is zero or not finite
   */
  public static float[] unitInPlace(float[] v) {
    return scaleInPlace(v, norm(v));
  }

  /**
   * Scales {@code v} in place to unit length given its norm {@code n} (as {@link #norm} computes
   * it).
   *
   * @return {@code v}, or null when {@code n} is zero or not finite
   */
  public static float[] scaleInPlace(float[] v, double n) {
    if (!(n > 0) || Double.isInfinite(n)) {
      return null;
    }
    double inv = 1 / n;
    for (int d = 0; d < v.length; d++) {
      v[d] = (float) (v[d] * inv);
    }
    return v;
  }

  /** Returns the sum of all rows, in double. */
  public double[] rowSum() {
    double[] s = new double[dim];
    for (int r = 0; r < rows; r++) {
      int o = r * dim;
      for (int d = 0; d < dim; d++) {
        s[d] += data[o + d];
      }
    }
    return s;
  }

  /**
   * Returns the float32 dot product of row {@code i} of this block and row {@code j} of {@code
   * other}.
   */
  public float dot(int i, VectorBlock other, int j) {
    return ScalarDotKernel.dot(data, i * dim, other.data, j * other.dim, dim);
  }
}
