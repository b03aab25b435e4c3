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
 * scaled differences, {@code A[2m+1] = B[m] + B[m+1]}), unrolled into straight-line code per time
 * slot and channel ({@link #matrix}, written by {@code src/codegen/synthesis_dct32.py}): its 209
 * operations stay in registers and write the V block straight into the window's history, with no
 * transposition of the subband samples.
 *
 * <p>Of each 64-value V block the windowing uses the first half at even ages and the second half at
 * odd ages; a ring of 16 blocks keeps both halves ({@code P}, {@code Q}), the channels side by side
 * in rows of {@code 32 * channels}, and the output is 16 windowed rows: {@code out[j] = sum_t D[32
 * t + j] R_t[j]}, {@code R_t} = P (t even) or Q (t odd) of the block t slots old. No reduction
 * across j: every inner loop runs over contiguous data with the same index, which the JIT
 * vectorises.
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
  }

  private final int channels;
  private final int width;

  /** The first half (P) and second half (Q) of the last 16 V blocks, newest at {@link #slot}. */
  private final float[][] p;

  private final float[][] q;
  private int slot;
  private final float[] sum;

  SynthesisFilterbank(int channels) {
    this.channels = channels;
    this.width = 32 * channels;
    p = new float[16][width];
    q = new float[16][width];
    sum = new float[width];
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
    for (int t = 0; t < slots; t++) {
      slot = (slot - 1) & 15;
      float[] pn = p[slot];
      float[] qn = q[slot];
      for (int ch = 0; ch < channels; ch++) {
        matrix(s[ch][t], pn, qn, ch * 32);
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

  /** Lee's factor 1 / (2 cos(pi (2k + 1) / (2n))). */
  private static float lee(int n, int k) {
    return (float) (1 / (2 * Math.cos(Math.PI * (2 * k + 1) / (2.0 * n))));
  }

  // GENERATED by src/codegen/synthesis_dct32.py: do not edit by hand.
  private static final float C32_0 = lee(32, 0);
  private static final float C32_1 = lee(32, 1);
  private static final float C32_2 = lee(32, 2);
  private static final float C32_3 = lee(32, 3);
  private static final float C32_4 = lee(32, 4);
  private static final float C32_5 = lee(32, 5);
  private static final float C32_6 = lee(32, 6);
  private static final float C32_7 = lee(32, 7);
  private static final float C32_8 = lee(32, 8);
  private static final float C32_9 = lee(32, 9);
  private static final float C32_10 = lee(32, 10);
  private static final float C32_11 = lee(32, 11);
  private static final float C32_12 = lee(32, 12);
  private static final float C32_13 = lee(32, 13);
  private static final float C32_14 = lee(32, 14);
  private static final float C32_15 = lee(32, 15);
  private static final float C16_0 = lee(16, 0);
  private static final float C16_1 = lee(16, 1);
  private static final float C16_2 = lee(16, 2);
  private static final float C16_3 = lee(16, 3);
  private static final float C16_4 = lee(16, 4);
  private static final float C16_5 = lee(16, 5);
  private static final float C16_6 = lee(16, 6);
  private static final float C16_7 = lee(16, 7);
  private static final float C8_0 = lee(8, 0);
  private static final float C8_1 = lee(8, 1);
  private static final float C8_2 = lee(8, 2);
  private static final float C8_3 = lee(8, 3);
  private static final float C4_0 = lee(4, 0);
  private static final float C4_1 = lee(4, 1);
  private static final float C2_0 = lee(2, 0);

  /**
   * One V block of one channel: the DCT of the 32 subband samples {@code x}, written as the block's
   * first half into {@code pn[b..b+32)} and its second half into {@code qn[b..b+32)}.
   */
  static void matrix(float[] x, float[] pn, float[] qn, int b) {
    float t0 = x[0] + x[31];
    float t1 = (x[0] - x[31]) * C32_0;
    float t2 = x[1] + x[30];
    float t3 = (x[1] - x[30]) * C32_1;
    float t4 = x[2] + x[29];
    float t5 = (x[2] - x[29]) * C32_2;
    float t6 = x[3] + x[28];
    float t7 = (x[3] - x[28]) * C32_3;
    float t8 = x[4] + x[27];
    float t9 = (x[4] - x[27]) * C32_4;
    float t10 = x[5] + x[26];
    float t11 = (x[5] - x[26]) * C32_5;
    float t12 = x[6] + x[25];
    float t13 = (x[6] - x[25]) * C32_6;
    float t14 = x[7] + x[24];
    float t15 = (x[7] - x[24]) * C32_7;
    float t16 = x[8] + x[23];
    float t17 = (x[8] - x[23]) * C32_8;
    float t18 = x[9] + x[22];
    float t19 = (x[9] - x[22]) * C32_9;
    float t20 = x[10] + x[21];
    float t21 = (x[10] - x[21]) * C32_10;
    float t22 = x[11] + x[20];
    float t23 = (x[11] - x[20]) * C32_11;
    float t24 = x[12] + x[19];
    float t25 = (x[12] - x[19]) * C32_12;
    float t26 = x[13] + x[18];
    float t27 = (x[13] - x[18]) * C32_13;
    float t28 = x[14] + x[17];
    float t29 = (x[14] - x[17]) * C32_14;
    float t30 = x[15] + x[16];
    float t31 = (x[15] - x[16]) * C32_15;
    float t32 = t0 + t30;
    float t33 = (t0 - t30) * C16_0;
    float t34 = t2 + t28;
    float t35 = (t2 - t28) * C16_1;
    float t36 = t4 + t26;
    float t37 = (t4 - t26) * C16_2;
    float t38 = t6 + t24;
    float t39 = (t6 - t24) * C16_3;
    float t40 = t8 + t22;
    float t41 = (t8 - t22) * C16_4;
    float t42 = t10 + t20;
    float t43 = (t10 - t20) * C16_5;
    float t44 = t12 + t18;
    float t45 = (t12 - t18) * C16_6;
    float t46 = t14 + t16;
    float t47 = (t14 - t16) * C16_7;
    float t48 = t32 + t46;
    float t49 = (t32 - t46) * C8_0;
    float t50 = t34 + t44;
    float t51 = (t34 - t44) * C8_1;
    float t52 = t36 + t42;
    float t53 = (t36 - t42) * C8_2;
    float t54 = t38 + t40;
    float t55 = (t38 - t40) * C8_3;
    float t56 = t48 + t54;
    float t57 = (t48 - t54) * C4_0;
    float t58 = t50 + t52;
    float t59 = (t50 - t52) * C4_1;
    float t60 = t56 + t58;
    float t61 = (t56 - t58) * C2_0;
    float t62 = t57 + t59;
    float t63 = (t57 - t59) * C2_0;
    float t64 = t62 + t63;
    float t65 = t49 + t55;
    float t66 = (t49 - t55) * C4_0;
    float t67 = t51 + t53;
    float t68 = (t51 - t53) * C4_1;
    float t69 = t65 + t67;
    float t70 = (t65 - t67) * C2_0;
    float t71 = t66 + t68;
    float t72 = (t66 - t68) * C2_0;
    float t73 = t71 + t72;
    float t74 = t69 + t73;
    float t75 = t73 + t70;
    float t76 = t70 + t72;
    float t77 = t33 + t47;
    float t78 = (t33 - t47) * C8_0;
    float t79 = t35 + t45;
    float t80 = (t35 - t45) * C8_1;
    float t81 = t37 + t43;
    float t82 = (t37 - t43) * C8_2;
    float t83 = t39 + t41;
    float t84 = (t39 - t41) * C8_3;
    float t85 = t77 + t83;
    float t86 = (t77 - t83) * C4_0;
    float t87 = t79 + t81;
    float t88 = (t79 - t81) * C4_1;
    float t89 = t85 + t87;
    float t90 = (t85 - t87) * C2_0;
    float t91 = t86 + t88;
    float t92 = (t86 - t88) * C2_0;
    float t93 = t91 + t92;
    float t94 = t78 + t84;
    float t95 = (t78 - t84) * C4_0;
    float t96 = t80 + t82;
    float t97 = (t80 - t82) * C4_1;
    float t98 = t94 + t96;
    float t99 = (t94 - t96) * C2_0;
    float t100 = t95 + t97;
    float t101 = (t95 - t97) * C2_0;
    float t102 = t100 + t101;
    float t103 = t98 + t102;
    float t104 = t102 + t99;
    float t105 = t99 + t101;
    float t106 = t89 + t103;
    float t107 = t103 + t93;
    float t108 = t93 + t104;
    float t109 = t104 + t90;
    float t110 = t90 + t105;
    float t111 = t105 + t92;
    float t112 = t92 + t101;
    float t113 = t1 + t31;
    float t114 = (t1 - t31) * C16_0;
    float t115 = t3 + t29;
    float t116 = (t3 - t29) * C16_1;
    float t117 = t5 + t27;
    float t118 = (t5 - t27) * C16_2;
    float t119 = t7 + t25;
    float t120 = (t7 - t25) * C16_3;
    float t121 = t9 + t23;
    float t122 = (t9 - t23) * C16_4;
    float t123 = t11 + t21;
    float t124 = (t11 - t21) * C16_5;
    float t125 = t13 + t19;
    float t126 = (t13 - t19) * C16_6;
    float t127 = t15 + t17;
    float t128 = (t15 - t17) * C16_7;
    float t129 = t113 + t127;
    float t130 = (t113 - t127) * C8_0;
    float t131 = t115 + t125;
    float t132 = (t115 - t125) * C8_1;
    float t133 = t117 + t123;
    float t134 = (t117 - t123) * C8_2;
    float t135 = t119 + t121;
    float t136 = (t119 - t121) * C8_3;
    float t137 = t129 + t135;
    float t138 = (t129 - t135) * C4_0;
    float t139 = t131 + t133;
    float t140 = (t131 - t133) * C4_1;
    float t141 = t137 + t139;
    float t142 = (t137 - t139) * C2_0;
    float t143 = t138 + t140;
    float t144 = (t138 - t140) * C2_0;
    float t145 = t143 + t144;
    float t146 = t130 + t136;
    float t147 = (t130 - t136) * C4_0;
    float t148 = t132 + t134;
    float t149 = (t132 - t134) * C4_1;
    float t150 = t146 + t148;
    float t151 = (t146 - t148) * C2_0;
    float t152 = t147 + t149;
    float t153 = (t147 - t149) * C2_0;
    float t154 = t152 + t153;
    float t155 = t150 + t154;
    float t156 = t154 + t151;
    float t157 = t151 + t153;
    float t158 = t114 + t128;
    float t159 = (t114 - t128) * C8_0;
    float t160 = t116 + t126;
    float t161 = (t116 - t126) * C8_1;
    float t162 = t118 + t124;
    float t163 = (t118 - t124) * C8_2;
    float t164 = t120 + t122;
    float t165 = (t120 - t122) * C8_3;
    float t166 = t158 + t164;
    float t167 = (t158 - t164) * C4_0;
    float t168 = t160 + t162;
    float t169 = (t160 - t162) * C4_1;
    float t170 = t166 + t168;
    float t171 = (t166 - t168) * C2_0;
    float t172 = t167 + t169;
    float t173 = (t167 - t169) * C2_0;
    float t174 = t172 + t173;
    float t175 = t159 + t165;
    float t176 = (t159 - t165) * C4_0;
    float t177 = t161 + t163;
    float t178 = (t161 - t163) * C4_1;
    float t179 = t175 + t177;
    float t180 = (t175 - t177) * C2_0;
    float t181 = t176 + t178;
    float t182 = (t176 - t178) * C2_0;
    float t183 = t181 + t182;
    float t184 = t179 + t183;
    float t185 = t183 + t180;
    float t186 = t180 + t182;
    float t187 = t170 + t184;
    float t188 = t184 + t174;
    float t189 = t174 + t185;
    float t190 = t185 + t171;
    float t191 = t171 + t186;
    float t192 = t186 + t173;
    float t193 = t173 + t182;
    float t194 = t141 + t187;
    float t195 = t187 + t155;
    float t196 = t155 + t188;
    float t197 = t188 + t145;
    float t198 = t145 + t189;
    float t199 = t189 + t156;
    float t200 = t156 + t190;
    float t201 = t190 + t142;
    float t202 = t142 + t191;
    float t203 = t191 + t157;
    float t204 = t157 + t192;
    float t205 = t192 + t144;
    float t206 = t144 + t193;
    float t207 = t193 + t153;
    float t208 = t153 + t182;
    pn[b + 0] = t61;
    pn[b + 1] = t202;
    pn[b + 2] = t110;
    pn[b + 3] = t203;
    pn[b + 4] = t76;
    pn[b + 5] = t204;
    pn[b + 6] = t111;
    pn[b + 7] = t205;
    pn[b + 8] = t63;
    pn[b + 9] = t206;
    pn[b + 10] = t112;
    pn[b + 11] = t207;
    pn[b + 12] = t72;
    pn[b + 13] = t208;
    pn[b + 14] = t101;
    pn[b + 15] = t182;
    pn[b + 16] = 0f;
    pn[b + 17] = -t182;
    pn[b + 18] = -t101;
    pn[b + 19] = -t208;
    pn[b + 20] = -t72;
    pn[b + 21] = -t207;
    pn[b + 22] = -t112;
    pn[b + 23] = -t206;
    pn[b + 24] = -t63;
    pn[b + 25] = -t205;
    pn[b + 26] = -t111;
    pn[b + 27] = -t204;
    pn[b + 28] = -t76;
    pn[b + 29] = -t203;
    pn[b + 30] = -t110;
    pn[b + 31] = -t202;
    qn[b + 0] = -t61;
    qn[b + 1] = -t201;
    qn[b + 2] = -t109;
    qn[b + 3] = -t200;
    qn[b + 4] = -t75;
    qn[b + 5] = -t199;
    qn[b + 6] = -t108;
    qn[b + 7] = -t198;
    qn[b + 8] = -t64;
    qn[b + 9] = -t197;
    qn[b + 10] = -t107;
    qn[b + 11] = -t196;
    qn[b + 12] = -t74;
    qn[b + 13] = -t195;
    qn[b + 14] = -t106;
    qn[b + 15] = -t194;
    qn[b + 16] = -t60;
    qn[b + 17] = -t194;
    qn[b + 18] = -t106;
    qn[b + 19] = -t195;
    qn[b + 20] = -t74;
    qn[b + 21] = -t196;
    qn[b + 22] = -t107;
    qn[b + 23] = -t197;
    qn[b + 24] = -t64;
    qn[b + 25] = -t198;
    qn[b + 26] = -t108;
    qn[b + 27] = -t199;
    qn[b + 28] = -t75;
    qn[b + 29] = -t200;
    qn[b + 30] = -t109;
    qn[b + 31] = -t201;
  }
  // END GENERATED

}
