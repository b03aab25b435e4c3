package dev.selection.core.internal.audio.lossy;

/**
 * The MPEG audio polyphase synthesis filterbank of one channel (ISO/IEC 11172-3 section 2.4.3.2.2 and
 * Figure A.2): 32 subband samples in, 32 PCM samples out.
 *
 * <p>The standard's matrixing {@code V[i] = sum_k cos((16 + i)(2k + 1) pi / 64) S[k]}, i = 0..63, is a
 * 32-point DCT-II {@code A[m] = sum_k S[k] cos(m (2k + 1) pi / 64)} read with its symmetries
 * ({@code A[32] = 0}, {@code A[64 - m] = -A[m]}); the DCT uses Lee's recursive factorisation (B. G. Lee,
 * "A new algorithm to compute the discrete cosine transform", IEEE Trans. ASSP 32(6), 1984). Of each
 * 64-value V block the windowing uses the first half at even ages and the second half at odd ages, so a
 * ring of 16 blocks keeps both halves ({@code P}, {@code Q}) side by side and the output is 16 windowed
 * rows of 32 contiguous values: {@code out[j] = sum_t D[32 t + j] * R_t[j]}, {@code R_t} = P (t even) or
 * Q (t odd) of the block t slots old. This form has no reduction across j, so the JIT vectorises it.
 *
 * <p>The window {@code D} is Table B.3 of the standard: its first 257 values are exact multiples of
 * 2^-16 (as FFmpeg also stores them, {@code ff_mpa_enwindow}), and {@code D[512 - i] = -D[i]} except at
 * multiples of 64, where it is symmetric. Output full scale is 1.0. Not thread-safe; no allocation after
 * construction.
 */
final class SynthesisFilterbank {
  /** D[0..256] times 65536 (ISO/IEC 11172-3 Table B.3). */
  private static final int[] WINDOW_HALF = {
    0, -1, -1, -1, -1, -1, -1, -2, -2, -2, -2, -3, -3, -4, -4, -5,
    -5, -6, -7, -7, -8, -9, -10, -11, -13, -14, -16, -17, -19, -21, -24, -26,
    -29, -31, -35, -38, -41, -45, -49, -53, -58, -63, -68, -73, -79, -85, -91, -97,
    -104, -111, -117, -125, -132, -139, -147, -154, -161, -169, -176, -183, -190, -196, -202, -208,
    213, 218, 222, 225, 227, 228, 228, 227, 224, 221, 215, 208, 200, 189, 177, 163,
    146, 127, 106, 83, 57, 29, -2, -36, -72, -111, -153, -197, -244, -294, -347, -401,
    -459, -519, -581, -645, -711, -779, -848, -919, -991, -1064, -1137, -1210, -1283, -1356, -1428,
    -1498, -1567, -1634, -1698, -1759, -1817, -1870, -1919, -1962, -2001, -2032, -2057, -2075, -2085,
    -2087, -2080, -2063,
    2037, 2000, 1952, 1893, 1822, 1739, 1644, 1535, 1414, 1280, 1131, 970, 794, 605, 402, 185,
    -45, -288, -545, -814, -1095, -1388, -1692, -2006, -2330, -2663, -3004, -3351, -3705, -4063, -4425,
    -4788, -5153, -5517, -5879, -6237, -6589, -6935, -7271, -7597, -7910, -8209, -8491, -8755, -8998,
    -9219, -9416, -9585, -9727, -9838, -9916, -9959, -9966, -9935, -9863, -9750, -9592, -9389, -9139,
    -8840, -8492, -8092, -7640, -7134,
    6574, 5959, 5288, 4561, 3776, 2935, 2037, 1082, 70, -998, -2122, -3300, -4533, -5818, -7154, -8540,
    -9975, -11455, -12980, -14548, -16155, -17799, -19478, -21189, -22929, -24694, -26482, -28289,
    -30112, -31947, -33791, -35640, -37489, -39336, -41176, -43006, -44821, -46617, -48390, -50137,
    -51853, -53534, -55178, -56778, -58333, -59838, -61289, -62684, -64019, -65290, -66494, -67629,
    -68692, -69679, -70590, -71420, -72169, -72835, -73415, -73908, -74313, -74630, -74856, -74992,
    75038,
  };
  /** Largest output sample, just below full scale (the canonical PCM's 32767 / 32768). */
  static final float MAX_SAMPLE = 32767f / 32768f;
  /** The synthesis window D as 16 rows of 32: {@code D_ROWS[t][j] = D[32 t + j]}. */
  static final float[][] D_ROWS = new float[16][32];
  /** DCT-II matrix by input: {@code DCT[k][m] = cos(pi m (2k + 1) / 64)}. */
  private static final float[][] DCT = new float[32][32];

  static {
    float[] d = new float[512];
    for (int i = 0; i <= 256; i++) {
      float v = WINDOW_HALF[i] / 65536f;
      d[i] = v;
      if (i > 0 && i < 256) {
        d[512 - i] = (i & 63) != 0 ? -v : v;
      }
    }
    for (int t = 0; t < 16; t++) {
      System.arraycopy(d, 32 * t, D_ROWS[t], 0, 32);
    }
    for (int k = 0; k < 32; k++) {
      for (int m = 0; m < 32; m++) {
        DCT[k][m] = (float) Math.cos(Math.PI * m * (2 * k + 1) / 64.0);
      }
    }
  }

  /** The first half (P) and second half (Q) of the last 16 V blocks, newest at {@link #slot}. */
  private final float[][] p = new float[16][32];
  private final float[][] q = new float[16][32];
  private int slot;
  private final float[] a = new float[32];
  private final float[] acc = new float[32];

  /** Clears the filter's history (after a gap in the stream). */
  void reset() {
    for (int i = 0; i < 16; i++) {
      java.util.Arrays.fill(p[i], 0f);
      java.util.Arrays.fill(q[i], 0f);
    }
  }

  /**
   * Filters one time slot.
   *
   * @param s the 32 subband samples
   * @param out receives 32 PCM samples at {@code out[outOff + j * stride]}
   */
  void synthesize(float[] s, float[] out, int outOff, int stride) {
    dct32(s);
    slot = (slot - 1) & 15;
    float[] x = a;
    float[] pn = p[slot];
    float[] qn = q[slot];
    // V[i] = A[16 + i] (i < 16), 0 (i = 16), -A[48 - i] (16 < i < 48), -A[i - 48] (i >= 48).
    for (int j = 0; j < 16; j++) {
      pn[j] = x[16 + j];
      qn[j] = -x[16 - j];
      qn[16 + j] = -x[j];
    }
    pn[16] = 0f;
    for (int j = 17; j < 32; j++) {
      pn[j] = -x[48 - j];
    }
    window(out, outOff, stride);
  }

  private void window(float[] out, int outOff, int stride) {
    float[] sum = acc;
    float[][] d = D_ROWS;
    int s = slot;
    {
      float[] d0 = d[0];
      float[] d1 = d[1];
      float[] r0 = p[s];
      float[] r1 = q[(s + 1) & 15];
      for (int j = 0; j < 32; j++) {
        sum[j] = d0[j] * r0[j] + d1[j] * r1[j];
      }
    }
    for (int t = 2; t < 16; t += 2) {
      float[] d0 = d[t];
      float[] d1 = d[t + 1];
      float[] r0 = p[(s + t) & 15];
      float[] r1 = q[(s + t + 1) & 15];
      for (int j = 0; j < 32; j++) {
        sum[j] += d0[j] * r0[j] + d1[j] * r1[j];
      }
    }
    // Clamped to [-1, 1): loud streams overshoot full scale (inputs are finite, so no NaN).
    for (int j = 0, o = outOff; j < 32; j++, o += stride) {
      out[o] = Math.max(-1f, Math.min(sum[j], MAX_SAMPLE));
    }
  }

  /**
   * A[m] = sum_k x[k] cos(pi m (2k + 1) / 64), m = 0..31, as a sum of matrix rows (vectorised by the
   * JIT), skipping the zero subbands at the top, which most frames have.
   */
  private void dct32(float[] x) {
    float[] y = a;
    int used = 32;
    while (used > 0 && x[used - 1] == 0f) {
      used--;
    }
    if (used == 0) {
      java.util.Arrays.fill(y, 0f);
      return;
    }
    if ((used & 1) != 0) {
      float x0 = x[0];
      float[] c0 = DCT[0];
      for (int m = 0; m < 32; m++) {
        y[m] = x0 * c0[m];
      }
      addPairs(x, y, 1, used);
    } else {
      float x0 = x[0];
      float x1 = x[1];
      float[] c0 = DCT[0];
      float[] c1 = DCT[1];
      for (int m = 0; m < 32; m++) {
        y[m] = x0 * c0[m] + x1 * c1[m];
      }
      addPairs(x, y, 2, used);
    }
  }

  private static void addPairs(float[] x, float[] y, int from, int to) {
    for (int k = from; k < to; k += 2) {
      float x0 = x[k];
      float x1 = x[k + 1];
      float[] c0 = DCT[k];
      float[] c1 = DCT[k + 1];
      for (int m = 0; m < 32; m++) {
        y[m] += x0 * c0[m] + x1 * c1[m];
      }
    }
  }
}
