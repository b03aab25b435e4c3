package dev.selection.core.internal.audio.lossy;

/**
 * Constant tables of MPEG audio layer III (ISO/IEC 11172-3 section 2.4.3.4 and Annex B; ISO/IEC
 * 13818-3 section 2.4.3 for the lower sampling frequencies; the MPEG-2.5 8 kHz bands as every
 * decoder uses them, e.g. FFmpeg's {@code band_size_long/short} in {@code
 * libavcodec/mpegaudiodectab.h}). Everything that is a formula of the standard (requantisation
 * powers, intensity ratios, windows) is computed here, in double precision, once. Immutable,
 * thread-safe.
 */
final class Layer3Tables {
  private Layer3Tables() {}

  /**
   * Scale factor band widths, long blocks, by sampling frequency index 0..8 (44.1, 48, 32 kHz;
   * 22.05, 24, 16 kHz; 11.025, 12, 8 kHz). Table B.8 of 11172-3 and B.2 of 13818-3. At 24 kHz bands
   * 17 and 18 start at lines 278 and 332, as in the standard and its compliance streams (FFmpeg has
   * 278 and 330).
   */
  private static final int[][] LONG_WIDTHS = {
    {4, 4, 4, 4, 4, 4, 6, 6, 8, 8, 10, 12, 16, 20, 24, 28, 34, 42, 50, 54, 76, 158},
    {4, 4, 4, 4, 4, 4, 6, 6, 6, 8, 10, 12, 16, 18, 22, 28, 34, 40, 46, 54, 54, 192},
    {4, 4, 4, 4, 4, 4, 6, 6, 8, 10, 12, 16, 20, 24, 30, 38, 46, 56, 68, 84, 102, 26},
    {6, 6, 6, 6, 6, 6, 8, 10, 12, 14, 16, 20, 24, 28, 32, 38, 46, 52, 60, 68, 58, 54},
    {6, 6, 6, 6, 6, 6, 8, 10, 12, 14, 16, 18, 22, 26, 32, 38, 46, 54, 62, 70, 76, 36},
    {6, 6, 6, 6, 6, 6, 8, 10, 12, 14, 16, 20, 24, 28, 32, 38, 46, 52, 60, 68, 58, 54},
    {6, 6, 6, 6, 6, 6, 8, 10, 12, 14, 16, 20, 24, 28, 32, 38, 46, 52, 60, 68, 58, 54},
    {6, 6, 6, 6, 6, 6, 8, 10, 12, 14, 16, 20, 24, 28, 32, 38, 46, 52, 60, 68, 58, 54},
    {12, 12, 12, 12, 12, 12, 16, 20, 24, 28, 32, 40, 48, 56, 64, 76, 90, 2, 2, 2, 2, 2},
  };

  /** Scale factor band widths, short blocks (per window), same order. */
  private static final int[][] SHORT_WIDTHS = {
    {4, 4, 4, 4, 6, 8, 10, 12, 14, 18, 22, 30, 56},
    {4, 4, 4, 4, 6, 6, 10, 12, 14, 16, 20, 26, 66},
    {4, 4, 4, 4, 6, 8, 12, 16, 20, 26, 34, 42, 12},
    {4, 4, 4, 6, 6, 8, 10, 14, 18, 26, 32, 42, 18},
    {4, 4, 4, 6, 8, 10, 12, 14, 18, 24, 32, 44, 12},
    {4, 4, 4, 6, 8, 10, 12, 14, 18, 24, 30, 40, 18},
    {4, 4, 4, 6, 8, 10, 12, 14, 18, 24, 30, 40, 18},
    {4, 4, 4, 6, 8, 10, 12, 14, 18, 24, 30, 40, 18},
    {8, 8, 8, 12, 16, 20, 24, 28, 36, 2, 2, 2, 26},
  };

  /** Long-block band start indices (23 entries, the last 576). */
  static final int[][] LONG_START = new int[9][23];

  /** Short-block band widths per window (13 bands). */
  static final int[][] SHORT_WIDTH = SHORT_WIDTHS;

  /** Long-block band widths (22 bands). */
  static final int[][] LONG_WIDTH = LONG_WIDTHS;

  /** Pre-emphasis added to long-block scale factors when preflag is set (Table B.6). */
  static final int[] PRETAB = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 3, 3, 3, 2, 0};

  /** MPEG-1 scale factor lengths slen1, slen2 by scalefac_compress (2.4.2.7). */
  static final int[] SLEN1 = {0, 0, 0, 0, 3, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4};

  static final int[] SLEN2 = {0, 1, 2, 3, 0, 1, 2, 3, 1, 2, 3, 1, 2, 3, 2, 3};

  /**
   * MPEG-2 LSF: number of scale factors in each of the four partitions, by partition table (0..2
   * normal, 3..5 intensity-stereo right channel) and block kind (long, short, mixed). ISO/IEC
   * 13818-3 Table B.3 ("nr_of_sfb_block").
   */
  static final int[][][] LSF_COUNTS = {
    {{6, 5, 5, 5}, {9, 9, 9, 9}, {6, 9, 9, 9}},
    {{6, 5, 7, 3}, {9, 9, 12, 6}, {6, 9, 12, 6}},
    {{11, 10, 0, 0}, {18, 18, 0, 0}, {15, 18, 0, 0}},
    {{7, 7, 7, 0}, {12, 12, 12, 0}, {6, 15, 12, 0}},
    {{6, 6, 6, 3}, {12, 9, 9, 6}, {6, 12, 9, 6}},
    {{8, 8, 5, 0}, {15, 12, 9, 0}, {6, 18, 9, 0}},
  };

  /** Largest quantised magnitude: 15 plus 13 linbits. */
  static final int MAX_QUANT = 15 + 8191;

  /**
   * sign(i) |i|^(4/3) for i = -{@link #MAX_QUANT}..{@link #MAX_QUANT} (2.4.3.4.7.1), indexed by
   * {@code i + MAX_QUANT}: requantisation without a branch on the sign.
   */
  static final float[] POW43 = new float[2 * MAX_QUANT + 1];

  /** Offset of exponent 0 in {@link #GAIN}. */
  static final int GAIN_OFFSET = 420;

  /** 2^(e/4) for e = -420..+63, indexed by {@code e + GAIN_OFFSET}. */
  static final float[] GAIN = new float[GAIN_OFFSET + 64];

  /**
   * MPEG-1 intensity stereo ratios for is_pos 0..6: left k/(1+k), right 1/(1+k), k =
   * tan(is_pos*pi/12).
   */
  static final float[] IS_LEFT = new float[7];

  static final float[] IS_RIGHT = new float[7];

  /**
   * MPEG-2 intensity stereo factors by intensity_scale (scalefac_compress & 1) and is_pos 0..31
   * (its scale factors have at most 5 bits; 13818-3 2.4.3.2): odd positions scale the left channel
   * by io^((is_pos+1)/2), even ones the right by io^(is_pos/2), io = 2^-1/4 or 2^-1/2.
   */
  static final float[][] IS_LSF_LEFT = new float[2][32];

  static final float[][] IS_LSF_RIGHT = new float[2][32];

  /** Alias reduction butterflies (Table B.9): cs = 1/sqrt(1+c^2), ca = c/sqrt(1+c^2). */
  static final float[] CS = new float[8];

  static final float[] CA = new float[8];

  /**
   * IMDCT windows by block type 0..3; type 2 holds the 12-point short window in its first 12 slots.
   */
  static final float[][] WINDOW = new float[4][36];

  /** DCT-IV of size 18: {@code COS18[n * 18 + k] = cos(pi/18 (n + 1/2)(k + 1/2))}. */
  static final float[] COS18 = new float[18 * 18];

  /** DCT-IV of size 6: {@code COS6[n * 6 + k] = cos(pi/6 (n + 1/2)(k + 1/2))}. */
  static final float[] COS6 = new float[6 * 6];

  static {
    for (int s = 0; s < 9; s++) {
      int start = 0;
      for (int b = 0; b < 22; b++) {
        LONG_START[s][b] = start;
        start += LONG_WIDTHS[s][b];
      }
      LONG_START[s][22] = start;
    }
    for (int i = 0; i <= MAX_QUANT; i++) {
      float v = (float) Math.pow(i, 4.0 / 3.0);
      POW43[MAX_QUANT + i] = v;
      POW43[MAX_QUANT - i] = -v;
    }
    for (int e = -GAIN_OFFSET; e < 64; e++) {
      GAIN[e + GAIN_OFFSET] = (float) Math.pow(2.0, e / 4.0);
    }
    for (int i = 0; i < 7; i++) {
      if (i == 6) {
        IS_LEFT[i] = 1f;
        IS_RIGHT[i] = 0f;
      } else {
        double k = Math.tan(i * Math.PI / 12.0);
        IS_LEFT[i] = (float) (k / (1 + k));
        IS_RIGHT[i] = (float) (1 / (1 + k));
      }
    }
    for (int scale = 0; scale < 2; scale++) {
      for (int p = 0; p < 32; p++) {
        float f = (float) Math.pow(2.0, -(scale + 1) * ((p + 1) >> 1) / 4.0);
        boolean odd = (p & 1) != 0;
        IS_LSF_LEFT[scale][p] = odd ? f : 1f;
        IS_LSF_RIGHT[scale][p] = odd ? 1f : f;
      }
    }
    double[] c = {-0.6, -0.535, -0.33, -0.185, -0.095, -0.041, -0.0142, -0.0037};
    for (int i = 0; i < 8; i++) {
      double sq = Math.sqrt(1 + c[i] * c[i]);
      CS[i] = (float) (1 / sq);
      CA[i] = (float) (c[i] / sq);
    }
    for (int i = 0; i < 36; i++) {
      double normal = Math.sin(Math.PI / 36 * (i + 0.5));
      WINDOW[0][i] = (float) normal;
      // Start window (type 1): long rise, flat, short fall, zero.
      WINDOW[1][i] =
          (float)
              (i < 18 ? normal : i < 24 ? 1 : i < 30 ? Math.sin(Math.PI / 12 * (i - 18 + 0.5)) : 0);
      // Stop window (type 3): zero, short rise, flat, long fall.
      WINDOW[3][i] =
          (float)
              (i < 6 ? 0 : i < 12 ? Math.sin(Math.PI / 12 * (i - 6 + 0.5)) : i < 18 ? 1 : normal);
    }
    for (int i = 0; i < 12; i++) {
      WINDOW[2][i] = (float) Math.sin(Math.PI / 12 * (i + 0.5));
    }
    for (int n = 0; n < 18; n++) {
      for (int k = 0; k < 18; k++) {
        COS18[n * 18 + k] = (float) Math.cos(Math.PI / 18 * (n + 0.5) * (k + 0.5));
      }
    }
    for (int n = 0; n < 6; n++) {
      for (int k = 0; k < 6; k++) {
        COS6[n * 6 + k] = (float) Math.cos(Math.PI / 6 * (n + 0.5) * (k + 0.5));
      }
    }
  }
}
