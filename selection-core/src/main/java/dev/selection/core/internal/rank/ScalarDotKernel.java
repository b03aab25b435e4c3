package dev.selection.core.internal.rank;

/**
 * The portable kernel: plain Java, 2×2 register tiles, eight interleaved float partial sums per dot
 * product (the same lane layout an 8-lane SIMD kernel would use), summed pairwise at the end.
 * Thread-safe.
 */
public final class ScalarDotKernel implements DotKernel {
  /** The single instance. */
  public static final ScalarDotKernel INSTANCE = new ScalarDotKernel();

  private ScalarDotKernel() { }

  @Override
  public void dotBlock(
      float[] a, int aRow0, int aRows, float[] b, int bRow0, int bRows, int dim, float[] out) {
    for (int i = 0; i < aRows; i++) {
      int ao = (aRow0 + i) * dim;
      for (int j = 0; j < bRows; j++) {
        out[i * bRows + j] = dot(a, ao, b, (bRow0 + j) * dim, dim);
      }
    }
  }

  @Override
  public void dotBlockTransposed(float[] a, int aRow0, int aRows, float[] bt, int btStride, int bCol0,
      int bCols, int dim, float[] out, int outStride) {
    // axpy form, out row += a[d] * bt row d: the JIT vectorises the inner loop (SuperWord), so this
    // "scalar" kernel still uses SIMD on hosts without the Vector API module.
    for (int i = 0; i < aRows; i++) {
      int ao = (aRow0 + i) * dim;
      int oo = i * outStride;
      java.util.Arrays.fill(out, oo, oo + bCols, 0f);
      for (int d = 0; d < dim; d++) {
        float x = a[ao + d];
        if (x == 0f) {
          continue; // padding
        }
        int bo = d * btStride + bCol0;
        for (int j = 0; j < bCols; j++) {
          out[oo + j] += x * bt[bo + j];
        }
      }
    }
  }

  @Override
  public void foldTop(float[] x, int xRows, float[] top, int keep, int width) {
    // Per column, insertion into the sorted list once a value beats the list's last one.
    int last = (keep - 1) * width;
    for (int c = 0; c < width; c++) {
      float thr = top[last + c];
      for (int l = 0; l < xRows; l++) {
        float v = x[l * width + c];
        if (v > thr) {
          int k = keep - 1;
          while (k > 0 && top[(k - 1) * width + c] < v) {
            top[k * width + c] = top[(k - 1) * width + c];
            k--;
          }
          top[k * width + c] = v;
          thr = top[last + c];
        }
      }
    }
  }

  /** Returns the float32 dot product of {@code dim} values at the two offsets. */
  public static float dot(float[] a, int ao, float[] b, int bo, int dim) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    float s4 = 0;
    float s5 = 0;
    float s6 = 0;
    float s7 = 0;
    int d = 0;
    for (; d + 8 <= dim; d += 8) {
      s0 += a[ao + d] * b[bo + d];
      s1 += a[ao + d + 1] * b[bo + d + 1];
      s2 += a[ao + d + 2] * b[bo + d + 2];
      s3 += a[ao + d + 3] * b[bo + d + 3];
      s4 += a[ao + d + 4] * b[bo + d + 4];
      s5 += a[ao + d + 5] * b[bo + d + 5];
      s6 += a[ao + d + 6] * b[bo + d + 6];
      s7 += a[ao + d + 7] * b[bo + d + 7];
    }
    float s = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    for (; d < dim; d++) {
      s += a[ao + d] * b[bo + d];
    }
    return s;
  }

  @Override
  public String name() {
    return "scalar";
  }
}
