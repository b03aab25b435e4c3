package dev.selection.onnx;

import dev.selection.onnx.internal.OpenL3Weights;

/**
 * An independent pure-Java forward pass of the OpenL3 network on one log-mel image, written from
 * the Keras layer definitions (marl/openl3 0.4.x {@code openl3/models.py}) in NHWC layout and the
 * Keras kernel order, sharing no code with the ONNX export.
 */
final class ReferenceForward {
  private ReferenceForward() {}

  /** Returns the embedding of one {@code [256, 199, 1]} image. */
  static float[] embed(OpenL3Weights w, float[] image, int offset) {
    int h = OpenL3FrontEnd.MEL_BANDS;
    int wd = OpenL3FrontEnd.FRAMES;
    float[] x = new float[h * wd];
    System.arraycopy(image, offset, x, 0, x.length);
    int c = 1;
    x = batchNorm(x, w.inputNorm());
    for (int i = 0; i < 8; i++) {
      OpenL3Weights.Conv conv = w.convs().get(i);
      x = conv3x3Same(x, h, wd, c, conv);
      c = conv.outChannels();
      if (i == 7) {
        break;
      }
      x = batchNorm(x, w.norms().get(i));
      for (int k = 0; k < x.length; k++) {
        x[k] = Math.max(0f, x[k]);
      }
      if (i % 2 == 1 && i < 6) {
        int oh = (h - 2) / 2 + 1;
        int ow = (wd - 2) / 2 + 1;
        float[] p = new float[oh * ow * c];
        for (int y = 0; y < oh; y++) {
          for (int xx = 0; xx < ow; xx++) {
            for (int ch = 0; ch < c; ch++) {
              float m = Float.NEGATIVE_INFINITY;
              for (int dy = 0; dy < 2; dy++) {
                for (int dx = 0; dx < 2; dx++) {
                  m = Math.max(m, x[((2 * y + dy) * wd + 2 * xx + dx) * c + ch]);
                }
              }
              p[(y * ow + xx) * c + ch] = m;
            }
          }
        }
        x = p;
        h = oh;
        wd = ow;
      }
    }
    float[] out = new float[c];
    java.util.Arrays.fill(out, Float.NEGATIVE_INFINITY);
    for (int k = 0; k < h * wd; k++) {
      for (int ch = 0; ch < c; ch++) {
        out[ch] = Math.max(out[ch], x[k * c + ch]);
      }
    }
    return out;
  }

  private static float[] batchNorm(float[] x, OpenL3Weights.BatchNorm bn) {
    int c = bn.channels();
    float[] scale = new float[c];
    float[] shift = new float[c];
    for (int ch = 0; ch < c; ch++) {
      double s = bn.gamma()[ch] / Math.sqrt(bn.variance()[ch] + (double) OpenL3Weights.BN_EPSILON);
      scale[ch] = (float) s;
      shift[ch] = (float) (bn.beta()[ch] - bn.mean()[ch] * s);
    }
    float[] y = new float[x.length];
    for (int k = 0; k < x.length; k++) {
      int ch = k % c;
      y[k] = x[k] * scale[ch] + shift[ch];
    }
    return y;
  }

  private static float[] conv3x3Same(float[] x, int h, int w, int cin, OpenL3Weights.Conv conv) {
    int cout = conv.outChannels();
    float[] k = conv.kernel();
    float[] y = new float[h * w * cout];
    float[] acc = new float[cout];
    for (int row = 0; row < h; row++) {
      for (int col = 0; col < w; col++) {
        System.arraycopy(conv.bias(), 0, acc, 0, cout);
        for (int dy = 0; dy < 3; dy++) {
          int yy = row + dy - 1;
          if (yy < 0 || yy >= h) {
            continue;
          }
          for (int dx = 0; dx < 3; dx++) {
            int xx = col + dx - 1;
            if (xx < 0 || xx >= w) {
              continue;
            }
            int inBase = (yy * w + xx) * cin;
            int kBase = (dy * 3 + dx) * cin * cout;
            for (int ci = 0; ci < cin; ci++) {
              float v = x[inBase + ci];
              if (v == 0f) {
                continue;
              }
              int kRow = kBase + ci * cout;
              for (int co = 0; co < cout; co++) {
                acc[co] += v * k[kRow + co];
              }
            }
          }
        }
        System.arraycopy(acc, 0, y, (row * w + col) * cout, cout);
      }
    }
    return y;
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }
}
