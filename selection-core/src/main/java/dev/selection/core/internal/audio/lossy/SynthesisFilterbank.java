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
  /** The full synthesis window D[0..511]. */
  static final float[] D = new float[512];
  /** Lee's factors 1 / (2 cos(pi (2k + 1) / (2n))) for n = 32, 16, 8, 4, 2, at offsets n - 2 ... */
  private static final float[] LEE = new float[64];

  static {
    for (int i = 0; i <= 256; i++) {
      float v = WINDOW_HALF[i] / 65536f;
      D[i] = v;
      if (i > 0 && i < 256) {
        D[512 - i] = (i & 63) != 0 ? -v : v;
      }
    }
    for (int n = 2; n <= 32; n <<= 1) {
      for (int k = 0; k < n / 2; k++) {
        LEE[n + k] = (float) (1 / (2 * Math.cos(Math.PI * (2 * k + 1) / (2.0 * n))));
      }
    }
  }

  /** 16 blocks of 64: P (32 values) then Q (32 values). */
  private final float[] ring = new float[16 * 64];
  private int slot;
  private final float[] dctOut = new float[32];
  private final float[] scratch = new float[256];

  /** Clears the filter's history (after a gap in the stream). */
  void reset() {
    java.util.Arrays.fill(ring, 0f);
  }

  /**
   * Filters one time slot.
   *
   * @param s 32 subband samples at {@code s[sOff..sOff+31]}
   * @param out receives 32 PCM samples at {@code out[outOff + j * stride]}
   */
  void synthesize(float[] s, int sOff, float[] out, int outOff, int stride) {
    dct32(s, sOff, dctOut);
    slot = (slot - 1) & 15;
    int b = slot * 64;
    float[] a = dctOut;
    float[] r = ring;
    for (int j = 0; j < 16; j++) {
      r[b + j] = a[16 + j];
      r[b + 32 + j] = -a[16 - j];
    }
    r[b + 16] = 0f;
    for (int j = 17; j < 32; j++) {
      r[b + j] = -a[48 - j];
    }
    for (int j = 16; j < 32; j++) {
      r[b + 32 + j] = -a[j - 16];
    }
    window(out, outOff, stride);
  }

  private void window(float[] out, int outOff, int stride) {
    float[] r = ring;
    float[] d = D;
    float[] acc = scratch;
    int s = slot;
    int o0 = s * 64;
    int o1 = ((s + 1) & 15) * 64 + 32;
    int o2 = ((s + 2) & 15) * 64;
    int o3 = ((s + 3) & 15) * 64 + 32;
    int o4 = ((s + 4) & 15) * 64;
    int o5 = ((s + 5) & 15) * 64 + 32;
    int o6 = ((s + 6) & 15) * 64;
    int o7 = ((s + 7) & 15) * 64 + 32;
    int o8 = ((s + 8) & 15) * 64;
    int o9 = ((s + 9) & 15) * 64 + 32;
    int o10 = ((s + 10) & 15) * 64;
    int o11 = ((s + 11) & 15) * 64 + 32;
    int o12 = ((s + 12) & 15) * 64;
    int o13 = ((s + 13) & 15) * 64 + 32;
    int o14 = ((s + 14) & 15) * 64;
    int o15 = ((s + 15) & 15) * 64 + 32;
    for (int j = 0; j < 32; j++) {
      acc[j] = d[j] * r[o0 + j] + d[32 + j] * r[o1 + j] + d[64 + j] * r[o2 + j]
          + d[96 + j] * r[o3 + j] + d[128 + j] * r[o4 + j] + d[160 + j] * r[o5 + j]
          + d[192 + j] * r[o6 + j] + d[224 + j] * r[o7 + j] + d[256 + j] * r[o8 + j]
          + d[288 + j] * r[o9 + j] + d[320 + j] * r[o10 + j] + d[352 + j] * r[o11 + j]
          + d[384 + j] * r[o12 + j] + d[416 + j] * r[o13 + j] + d[448 + j] * r[o14 + j]
          + d[480 + j] * r[o15 + j];
    }
    for (int j = 0, p = outOff; j < 32; j++, p += stride) {
      out[p] = acc[j];
    }
  }

  /** A[m] = sum_k x[k] cos(pi m (2k + 1) / 64), m = 0..31, by Lee's factorisation. */
  private void dct32(float[] x, int off, float[] out) {
    float[] t = scratch;
    System.arraycopy(x, off, t, 32, 32);
    dct(t, 32, 32, out, 0, t, 64);
  }

  /**
   * DCT-II of {@code n} values at {@code in[inOff]} into {@code out[outOff]}; {@code tmp[tmpOff..]}
   * holds 2n scratch values (each level uses n and hands the next level the rest).
   */
  private static void dct(float[] in, int inOff, int n, float[] out, int outOff, float[] tmp,
      int tmpOff) {
    if (n == 2) {
      float a = in[inOff];
      float b = in[inOff + 1];
      out[outOff] = a + b;
      out[outOff + 1] = (a - b) * LEE[2];
      return;
    }
    int half = n >> 1;
    int ea = tmpOff;
    int ob = tmpOff + half;
    for (int k = 0; k < half; k++) {
      float a = in[inOff + k];
      float b = in[inOff + n - 1 - k];
      tmp[ea + k] = a + b;
      tmp[ob + k] = (a - b) * LEE[n + k];
    }
    // Even outputs from the sums, odd outputs from the differences (B[m] + B[m+1]).
    int evenOut = tmpOff + n;
    int oddOut = tmpOff + n + half;
    dct(tmp, ea, half, tmp, evenOut, tmp, tmpOff + 2 * n);
    dct(tmp, ob, half, tmp, oddOut, tmp, tmpOff + 2 * n);
    for (int m = 0; m < half; m++) {
      out[outOff + 2 * m] = tmp[evenOut + m];
      float next = m + 1 < half ? tmp[oddOut + m + 1] : 0f;
      out[outOff + 2 * m + 1] = tmp[oddOut + m] + next;
    }
  }
}
