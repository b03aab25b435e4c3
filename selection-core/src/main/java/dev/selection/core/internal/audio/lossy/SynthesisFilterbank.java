package dev.selection.core.internal.audio.lossy;

/**
 * The MPEG audio polyphase synthesis filterbank (ISO/IEC 11172-3 section 2.4.3.2.2 and Figure A.2)
 * of every channel of a stream: per time slot, 32 subband samples in, 32 PCM samples out.
 *
 * <p>The standard's matrixing {@code V[i] = sum_k cos((16 + i)(2k + 1) pi / 64) S[k]}, i = 0..63,
 * is a 32-point DCT-II {@code A[m] = sum_k S[k] cos(m (2k + 1) pi / 64)} read with its symmetries
 * ({@code A[32] = 0}, {@code A[64 - m] = -A[m]}). The DCT uses Lee's recursive factorisation (B. G.
 * Lee, "A new algorithm to compute the discrete cosine transform", IEEE Trans. ASSP 32(6), 1984:
 * even outputs from the DCT of the sums {@code x[k] + x[n-1-k]}, odd outputs from that of the
 * scaled differences, {@code A[2m+1] = B[m] + B[m+1]}), applied to all time slots and channels of a
 * frame at once: the subband samples are transposed to rows {@code [subband][channel * slots +
 * slot]}, so every butterfly is an operation on whole rows, which the JIT vectorises.
 *
 * <p>Of each 64-value V block the windowing uses the first half at even ages and the second half at
 * odd ages; a ring of 16 blocks keeps both halves ({@code P}, {@code Q}), the channels side by side
 * in rows of {@code 32 * channels}, and the output is 16 windowed rows: {@code out[j] = sum_t D[32
 * t + j] R_t[j]}, {@code R_t} = P (t even) or Q (t odd) of the block t slots old. No reduction
 * across j: vectorised too.
 *
 * <p>The window {@code D} is Table B.3 of the standard: its first 257 values are exact multiples of
 * 2^-16 (as FFmpeg also stores them, {@code ff_mpa_enwindow}), and {@code D[512 - i] = -D[i]}
 * except at multiples of 64, where it is symmetric. Output full scale is 1.0, clamped to [-1, 1).
 * Not thread-safe; no allocation after construction.
 */
final class SynthesisFilterbank {
  /** D[0..256] times 65536 (ISO/IEC 11172-3 Table B.3). */
  private static final int[] WINDOW_HALF = {
    0, -1, -1, -1, -1, -1, -1, -2, -2, -2, -2, -3, -3, -4, -4, -5, -5, -6, -7, -7, -8, -9, -10, -11,
    -13, -14, -16, -17, -19, -21, -24, -26, -29, -31, -35, -38, -41, -45, -49, -53, -58, -63, -68,
    -73, -79, -85, -91, -97, -104, -111, -117, -125, -132, -139, -147, -154, -161, -169, -176, -183,
    -190, -196, -202, -208, 213, 218, 222, 225, 227, 228, 228, 227, 224, 221, 215, 208, 200, 189,
    177, 163, 146, 127, 106, 83, 57, 29, -2, -36, -72, -111, -153, -197, -244, -294, -347, -401,
    -459, -519, -581, -645, -711, -779, -848, -919, -991, -1064, -1137, -1210, -1283, -1356, -1428,
    -1498, -1567, -1634, -1698, -1759, -1817, -1870, -1919, -1962, -2001, -2032, -2057, -2075,
    -2085, -2087, -2080, -2063, 2037, 2000, 1952, 1893, 1822, 1739, 1644, 1535, 1414, 1280, 1131,
    970, 794, 605, 402, 185, -45, -288, -545, -814, -1095, -1388, -1692, -2006, -2330, -2663, -3004,
    -3351, -3705, -4063, -4425, -4788, -5153, -5517, -5879, -6237, -6589, -6935, -7271, -7597,
    -7910, -8209, -8491, -8755, -8998, -9219, -9416, -9585, -9727, -9838, -9916, -9959, -9966,
    -9935, -9863, -9750, -9592, -9389, -9139, -8840, -8492, -8092, -7640, -7134, 6574, 5959, 5288,
    4561, 3776, 2935, 2037, 1082, 70, -998, -2122, -3300, -4533, -5818, -7154, -8540, -9975, -11455,
    -12980, -14548, -16155, -17799, -19478, -21189, -22929, -24694, -26482, -28289, -30112, -31947,
    -33791, -35640, -37489, -39336, -41176, -43006, -44821, -46617, -48390, -50137, -51853, -53534,
    -55178, -56778, -58333, -59838, -61289, -62684, -64019, -65290, -66494, -67629, -68692, -69679,
    -70590, -71420, -72169, -72835, -73415, -73908, -74313, -74630, -74856, -74992, 75038,
  };

  /** Largest output sample, just below full scale (the canonical PCM's 32767 / 32768). */
  static final float MAX_SAMPLE = 32767f / 32768f;

  /** Most time slots in a frame (layers II and III of MPEG-1). */
  private static final int MAX_SLOTS = 36;

  /** Lee's factors 1 / (2 cos(pi (2k + 1) / (2n))) for n = 2..32 at {@code LEE[n + k]}. */
  private static final float[] LEE = new float[64];

  /**
   * The window as 16 rows, repeated for each of two channels: {@code D2[t][c * 32 + j] = D[32 t +
   * j]}.
   */
  private static final float[][] D2 = new float[16][64];

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
      System.arraycopy(d, 32 * t, D2[t], 0, 32);
      System.arraycopy(d, 32 * t, D2[t], 32, 32);
    }
    for (int n = 2; n <= 32; n <<= 1) {
      for (int k = 0; k < n / 2; k++) {
        LEE[n + k] = (float) (1 / (2 * Math.cos(Math.PI * (2 * k + 1) / (2.0 * n))));
      }
    }
  }

  private final int channels;
  private final int width;

  /** The first half (P) and second half (Q) of the last 16 V blocks, newest at {@link #slot}. */
  private final float[][] p;

  private final float[][] q;
  private int slot;
  private final float[] sum;

  /** Transposed input: {@code in[subband][channel * slots + slot]}. */
  private final float[][] in = new float[32][];

  /** Rows for the DCT's intermediate results: 32 per recursion level. */
  private final float[][] pool = new float[32 * 5][];

  private int poolNext;

  /** The DCT output per time slot and channel: {@code flat[(channel * slots + slot) * 32 + m]}. */
  private final float[] flat;

  /** The DCT output rows, {@code A[m]}, references into {@link #pool}. */
  private final float[][] dctOut = new float[32][];

  /** Per recursion level (log2 of the size): its sums/differences and its sub-results. */
  private final float[][][] levelIn = new float[6][][];

  private final float[][][] levelOut = new float[6][][];

  SynthesisFilterbank(int channels) {
    this.channels = channels;
    this.width = 32 * channels;
    p = new float[16][width];
    q = new float[16][width];
    sum = new float[width];
    flat = new float[MAX_SLOTS * 32 * channels];
    for (int k = 0; k < 32; k++) {
      in[k] = new float[MAX_SLOTS * channels];
    }
    for (int i = 0; i < pool.length; i++) {
      pool[i] = new float[MAX_SLOTS * channels];
    }
    for (int lg = 2; lg <= 5; lg++) {
      levelIn[lg] = new float[1 << lg][];
      levelOut[lg] = new float[1 << lg][];
    }
  }

  /** Clears the filter's history (after a gap in the stream). */
  void reset() {
    for (int i = 0; i < 16; i++) {
      java.util.Arrays.fill(p[i], 0f);
      java.util.Arrays.fill(q[i], 0f);
    }
  }

  /**
   * Filters the time slots of one frame, every channel.
   *
   * @param s subband samples {@code s[channel][slot][subband]}
   * @param slots time slots to filter (at most 36)
   * @param out receives {@code slots * 32} interleaved PCM frames from index 0
   */
  void synthesize(float[][][] s, int slots, float[] out) {
    int cols = slots * channels;
    for (int ch = 0; ch < channels; ch++) {
      float[][] rows = s[ch];
      int col0 = ch * slots;
      for (int t = 0; t < slots; t++) {
        float[] row = rows[t];
        int col = col0 + t;
        for (int k = 0; k < 32; k++) {
          in[k][col] = row[k];
        }
      }
    }
    poolNext = 0;
    dct(in, 0, 32, dctOut, 0, cols);
    // A per time slot and channel, {@code at[col * 32 + m]}: the V halves below are then plain
    // (partly reversed) copies instead of 64 loads through row references each.
    float[][] a = dctOut;
    float[] at = flat;
    for (int m = 0; m < 32; m++) {
      float[] row = a[m];
      for (int col = 0, o = m; col < cols; col++, o += 32) {
        at[o] = row[col];
      }
    }
    for (int t = 0; t < slots; t++) {
      slot = (slot - 1) & 15;
      float[] pn = p[slot];
      float[] qn = q[slot];
      for (int ch = 0; ch < channels; ch++) {
        int base = (ch * slots + t) * 32;
        int b = ch * 32;
        // V[i] = A[16 + i] (i < 16), 0 (i = 16), -A[48 - i] (16 < i < 48), -A[i - 48] (i >= 48).
        System.arraycopy(at, base + 16, pn, b, 16);
        pn[b + 16] = 0f;
        for (int j = 17; j < 32; j++) {
          pn[b + j] = -at[base + 48 - j];
        }
        for (int j = 0; j < 16; j++) {
          qn[b + j] = -at[base + 16 - j];
          qn[b + 16 + j] = -at[base + j];
        }
      }
      window(out, t * width);
    }
  }

  private void window(float[] out, int outOff) {
    float[] acc = sum;
    float[][] d = D2;
    int n = width;
    int s = slot;
    {
      float[] d0 = d[0];
      float[] d1 = d[1];
      float[] r0 = p[s];
      float[] r1 = q[(s + 1) & 15];
      for (int j = 0; j < n; j++) {
        acc[j] = d0[j] * r0[j] + d1[j] * r1[j];
      }
    }
    for (int t = 2; t < 16; t += 2) {
      float[] d0 = d[t];
      float[] d1 = d[t + 1];
      float[] r0 = p[(s + t) & 15];
      float[] r1 = q[(s + t + 1) & 15];
      for (int j = 0; j < n; j++) {
        acc[j] += d0[j] * r0[j] + d1[j] * r1[j];
      }
    }
    for (int j = 0; j < n; j++) {
      acc[j] = Math.max(-1f, Math.min(acc[j], MAX_SAMPLE));
    }
    // Interleave the channels, clamped to [-1, 1): loud streams overshoot full scale (inputs are
    // finite, so there is no NaN).
    int c = channels;
    for (int ch = 0; ch < c; ch++) {
      for (int j = 0, o = outOff + ch; j < 32; j++, o += c) {
        out[o] = acc[ch * 32 + j];
      }
    }
  }

  private float[] row() {
    return pool[poolNext++];
  }

  /**
   * DCT-II of {@code n} rows {@code x[xOff..xOff+n)} (each a column per transform), into the row
   * references {@code y[yOff..yOff+n)}; {@code cols} values of each row are used.
   */
  private void dct(float[][] x, int xOff, int n, float[][] y, int yOff, int cols) {
    if (n == 2) {
      float[] x0 = x[xOff];
      float[] x1 = x[xOff + 1];
      float[] y0 = row();
      float[] y1 = row();
      float c = LEE[2];
      for (int i = 0; i < cols; i++) {
        y0[i] = x0[i] + x1[i];
        y1[i] = (x0[i] - x1[i]) * c;
      }
      y[yOff] = y0;
      y[yOff + 1] = y1;
      return;
    }
    int half = n >> 1;
    // Sums and scaled differences, then the two half-size transforms. Each recursion level has its
    // own
    // arrays of row references: the two calls at a level run one after the other and hand their
    // results up as references, so the next call may reuse them.
    int lg = Integer.numberOfTrailingZeros(n);
    float[][] lv = levelIn[lg];
    float[][] sub = levelOut[lg];
    for (int k = 0; k < half; k++) {
      float[] lo = x[xOff + k];
      float[] hi = x[xOff + n - 1 - k];
      float[] sumRow = row();
      float[] diffRow = row();
      float c = LEE[n + k];
      for (int i = 0; i < cols; i++) {
        float u = lo[i];
        float v = hi[i];
        sumRow[i] = u + v;
        diffRow[i] = (u - v) * c;
      }
      lv[k] = sumRow;
      lv[half + k] = diffRow;
    }
    dct(lv, 0, half, sub, 0, cols);
    dct(lv, half, half, sub, half, cols);
    for (int m = 0; m < half; m++) {
      y[yOff + 2 * m] = sub[m];
      float[] odd = sub[half + m];
      if (m + 1 < half) {
        float[] next = sub[half + m + 1];
        for (int i = 0; i < cols; i++) {
          odd[i] += next[i];
        }
      }
      y[yOff + 2 * m + 1] = odd;
    }
  }
}
