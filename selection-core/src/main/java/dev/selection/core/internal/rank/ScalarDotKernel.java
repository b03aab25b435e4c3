package dev.selection.core.internal.rank;

/**
 * The portable kernel, plain Java: register-blocked scalar accumulators for the outer-product form
 * and insertion into sorted lists for the top-k fold. Also the float32 dot product with eight
 * interleaved partial sums used for single pairs ({@link #dot}). Thread-safe.
 */
public final class ScalarDotKernel implements DotKernel {
  /** The single instance. */
  public static final ScalarDotKernel INSTANCE = new ScalarDotKernel();

  private ScalarDotKernel() {}

  @Override
  public void dotBlockTransposed(
      float[] a,
      int aRow0,
      int aRows,
      float[] bt,
      int btStride,
      int bCol0,
      int bCols,
      int dim,
      float[] out,
      int outStride) {
    // Two rows × eight columns of independent float accumulators held in registers: each bt load
    // serves two rows, and sixteen dependency chains keep the scalar multiply-add units busy. (An
    // axpy
    // loop over the output row is not vectorised by C2 on Java 17 and ran at a third of this
    // speed.)
    int i = 0;
    for (; i + 2 <= aRows; i += 2) {
      int a0 = (aRow0 + i) * dim;
      int a1 = a0 + dim;
      int o0 = i * outStride;
      int o1 = o0 + outStride;
      int j = 0;
      for (; j + 8 <= bCols; j += 8) {
        float p0 = 0;
        float p1 = 0;
        float p2 = 0;
        float p3 = 0;
        float p4 = 0;
        float p5 = 0;
        float p6 = 0;
        float p7 = 0;
        float q0 = 0;
        float q1 = 0;
        float q2 = 0;
        float q3 = 0;
        float q4 = 0;
        float q5 = 0;
        float q6 = 0;
        float q7 = 0;
        for (int d = 0, bo = bCol0 + j; d < dim; d++, bo += btStride) {
          float x = a[a0 + d];
          float y = a[a1 + d];
          float b0 = bt[bo];
          float b1 = bt[bo + 1];
          float b2 = bt[bo + 2];
          float b3 = bt[bo + 3];
          float b4 = bt[bo + 4];
          float b5 = bt[bo + 5];
          float b6 = bt[bo + 6];
          float b7 = bt[bo + 7];
          p0 += x * b0;
          p1 += x * b1;
          p2 += x * b2;
          p3 += x * b3;
          p4 += x * b4;
          p5 += x * b5;
          p6 += x * b6;
          p7 += x * b7;
          q0 += y * b0;
          q1 += y * b1;
          q2 += y * b2;
          q3 += y * b3;
          q4 += y * b4;
          q5 += y * b5;
          q6 += y * b6;
          q7 += y * b7;
        }
        out[o0 + j] = p0;
        out[o0 + j + 1] = p1;
        out[o0 + j + 2] = p2;
        out[o0 + j + 3] = p3;
        out[o0 + j + 4] = p4;
        out[o0 + j + 5] = p5;
        out[o0 + j + 6] = p6;
        out[o0 + j + 7] = p7;
        out[o1 + j] = q0;
        out[o1 + j + 1] = q1;
        out[o1 + j + 2] = q2;
        out[o1 + j + 3] = q3;
        out[o1 + j + 4] = q4;
        out[o1 + j + 5] = q5;
        out[o1 + j + 6] = q6;
        out[o1 + j + 7] = q7;
      }
      for (; j < bCols; j++) {
        out[o0 + j] = column(a, a0, bt, btStride, bCol0 + j, dim);
        out[o1 + j] = column(a, a1, bt, btStride, bCol0 + j, dim);
      }
    }
    for (; i < aRows; i++) {
      int ao = (aRow0 + i) * dim;
      for (int j = 0; j < bCols; j++) {
        out[i * outStride + j] = column(a, ao, bt, btStride, bCol0 + j, dim);
      }
    }
  }

  /** One row of {@code a} against one column of {@code bt}, accumulated over {@code d} in order. */
  private static float column(float[] a, int ao, float[] bt, int btStride, int col, int dim) {
    float s = 0;
    for (int d = 0, bo = col; d < dim; d++, bo += btStride) {
      s += a[ao + d] * bt[bo];
    }
    return s;
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
