package dev.selection.core.internal.audio.lossy;

/**
 * Layers I and II of MPEG-1 (ISO/IEC 11172-3 sections 2.4.3.2 and 2.4.3.3) and MPEG-2 LSF layer II
 * (ISO/IEC 13818-3 Table B.1): bit allocation, scale factors (with layer II's scfsi), grouped and
 * plain samples, joint-stereo bound. Produces subband samples for {@link SynthesisFilterbank}.
 *
 * <p>Tables: the layer II allocation tables B.2a-d of 11172-3 and B.1 of 13818-3, here in the
 * compact form FFmpeg also uses ({@code alloc_table_N} in {@code libavcodec/mpegaudiodectab.h}: per
 * subband the number of allocation bits, then the quantisation class of each allocation code); the
 * quantisation classes of Table B.4; scale factors 2^(1 - i/3) of Table B.1. Requantisation is the
 * standard's {@code C (s''' + D)}, which for every class equals {@code (2v + 1 - steps) / steps}.
 * Not thread-safe; no allocation after construction.
 */
final class Layer12Decoder {
  private static final int[] STEPS = {
    3, 5, 7, 9, 15, 31, 63, 127, 255, 511, 1023, 2047, 4095, 8191, 16383, 32767, 65535
  };

  /** Bits per sample, or minus the bits of a group of three samples. */
  private static final int[] BITS = {-5, -7, 3, -10, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

  private static final int[] SBLIMIT = {27, 30, 8, 12, 30};
  private static final int[][] ALLOC = {
    table(
        new int[] {4, 3, 4, 8, 3, 12, 2, 4},
        new int[][] {
          {0, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
          {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 16},
          {0, 1, 2, 3, 4, 5, 16},
          {0, 1, 16}
        }),
    table(
        new int[] {4, 3, 4, 8, 3, 12, 2, 7},
        new int[][] {
          {0, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
          {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 16},
          {0, 1, 2, 3, 4, 5, 16},
          {0, 1, 16}
        }),
    table(
        new int[] {4, 2, 3, 6},
        new int[][] {
          {0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
          {0, 1, 3, 4, 5, 6, 7}
        }),
    table(
        new int[] {4, 2, 3, 10},
        new int[][] {
          {0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
          {0, 1, 3, 4, 5, 6, 7}
        }),
    table(
        new int[] {4, 4, 3, 7, 2, 19},
        new int[][] {
          {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14},
          {0, 1, 3, 4, 5, 6, 7},
          {0, 1, 3}
        }),
  };
  private static final float[] SCALE = new float[64];

  static {
    for (int i = 0; i < 63; i++) {
      SCALE[i] = (float) Math.pow(2.0, 1.0 - i / 3.0);
    }
    // Index 63 is forbidden; FFmpeg decodes it too, as a tiny value. Silence is as good.
    SCALE[63] = 0f;
  }

  /**
   * Expands (nbal, count) pairs and class rows to the per-subband form: for subband sb, {@code
   * [nbal, class of code 1, class of code 2, ...]} starting at {@code offset[sb]}; the table's
   * first 32 entries hold the offsets.
   */
  private static int[] table(int[] runs, int[][] classes) {
    int sbs = 0;
    int size = 32;
    for (int r = 0; r < runs.length; r += 2) {
      sbs += runs[r + 1];
      size += runs[r + 1] * (1 << runs[r]);
    }
    int[] t = new int[size];
    int pos = 32;
    int sb = 0;
    int row = 0;
    for (int r = 0; r < runs.length; r += 2, row++) {
      int nbal = runs[r];
      for (int k = 0; k < runs[r + 1]; k++, sb++) {
        t[sb] = pos;
        t[pos] = nbal;
        System.arraycopy(classes[row], 0, t, pos + 1, (1 << nbal) - 1);
        pos += 1 << nbal;
      }
    }
    assert sbs <= 32;
    return t;
  }

  private final int channels;
  private final int[][] alloc = new int[2][32];
  private final int[][] scfsi = new int[2][32];
  private final int[][] scale = new int[2][96];

  Layer12Decoder(int channels) {
    this.channels = channels;
  }

  /** Selects the layer II allocation table (11172-3 Annex B, Table B.2 selection; 13818-3 B.1). */
  static int layer2Table(int header, int bitrateKbps) {
    if (MpegHeaders.version(header) != 1) {
      return 4;
    }
    int perChannel = bitrateKbps / MpegHeaders.channels(header);
    int rate = MpegHeaders.sampleRateHz(header);
    if ((rate == 48000 && perChannel >= 56) || (perChannel >= 56 && perChannel <= 80)) {
      return 0;
    }
    if (rate != 48000 && perChannel >= 96) {
      return 1;
    }
    if (rate != 32000 && perChannel <= 48) {
      return 2;
    }
    return 3;
  }

  /**
   * Decodes a layer I or II frame into subband samples.
   *
   * @param f the frame, with 8 readable bytes after {@code length}
   * @param length the frame length in bytes
   * @param header the header
   * @param pos byte offset after the header and CRC
   * @param out subband samples per channel and time slot, {@code out[ch][slot][subband]}
   * @param crcOut receives, in [0], the number of bits after the header protected by the CRC
   * @return time slots written (12 for layer I, 36 for layer II)
   */
  int decode(byte[] f, int length, int header, int pos, float[][][] out, int[] crcOut) {
    int mode = MpegHeaders.mode(header);
    int modeExt = (header >>> 4) & 3;
    int limit = length * 8;
    int p = pos * 8;
    if (MpegHeaders.layer(header) == 1) {
      int bound = mode == 1 ? 4 * (modeExt + 1) : 32;
      for (int sb = 0; sb < 32; sb++) {
        for (int ch = 0; ch < channels; ch++) {
          if (sb < bound || ch == 0) {
            alloc[ch][sb] = MpegBits.bits(f, p, 4);
            p += 4;
          } else {
            alloc[ch][sb] = alloc[0][sb];
          }
        }
      }
      crcOut[0] = p - pos * 8;
      for (int sb = 0; sb < 32; sb++) {
        for (int ch = 0; ch < channels; ch++) {
          if (alloc[ch][sb] != 0) {
            scale[ch][sb] = MpegBits.bits(f, p, 6);
            p += 6;
          }
        }
      }
      for (int s = 0; s < 12; s++) {
        for (int sb = 0; sb < 32; sb++) {
          int shared = 0;
          for (int ch = 0; ch < channels; ch++) {
            int a = alloc[ch][sb];
            float v = 0f;
            if (a != 0 && a != 15) {
              int nb = a + 1;
              int code;
              if (ch == 1 && sb >= bound) {
                code = shared;
              } else {
                code = p + nb <= limit ? MpegBits.bits(f, p, nb) : (1 << (nb - 1)) - 1;
                p += nb;
                shared = code;
              }
              int steps = (1 << nb) - 1;
              v = (2 * code + 1 - steps) / (float) steps * SCALE[scale[ch][sb]];
            }
            out[ch][s][sb] = v;
          }
        }
      }
      return 12;
    }
    int bitrate = MpegHeaders.bitrateKbps(header);
    if (bitrate == 0) {
      // Free format: the allocation table follows from the actual frame size.
      bitrate = (int) ((long) length * 8 * MpegHeaders.sampleRateHz(header) / 1152 / 1000);
    }
    int[] table = ALLOC[layer2Table(header, bitrate)];
    int sblimit = SBLIMIT[layer2Table(header, bitrate)];
    int bound = mode == 1 ? Math.min(4 * (modeExt + 1), sblimit) : sblimit;
    for (int sb = 0; sb < sblimit; sb++) {
      int nbal = table[table[sb]];
      for (int ch = 0; ch < channels; ch++) {
        if (sb < bound || ch == 0) {
          alloc[ch][sb] = MpegBits.bits(f, p, nbal);
          p += nbal;
        } else {
          alloc[ch][sb] = alloc[0][sb];
        }
      }
    }
    for (int sb = 0; sb < sblimit; sb++) {
      for (int ch = 0; ch < channels; ch++) {
        if (alloc[ch][sb] != 0) {
          scfsi[ch][sb] = MpegBits.bits(f, p, 2);
          p += 2;
        }
      }
    }
    crcOut[0] = p - pos * 8;
    for (int sb = 0; sb < sblimit; sb++) {
      for (int ch = 0; ch < channels; ch++) {
        if (alloc[ch][sb] == 0) {
          continue;
        }
        int[] sc = scale[ch];
        int a = MpegBits.bits(f, p, 6);
        p += 6;
        int b;
        int c;
        switch (scfsi[ch][sb]) {
          case 0 -> {
            b = MpegBits.bits(f, p, 6);
            c = MpegBits.bits(f, p + 6, 6);
            p += 12;
          }
          case 1 -> {
            b = a;
            c = MpegBits.bits(f, p, 6);
            p += 6;
          }
          case 2 -> {
            b = a;
            c = a;
          }
          default -> {
            c = MpegBits.bits(f, p, 6);
            b = c;
            p += 6;
          }
        }
        sc[sb * 3] = a;
        sc[sb * 3 + 1] = b;
        sc[sb * 3 + 2] = c;
      }
    }
    for (int part = 0; part < 3; part++) {
      for (int group = 0; group < 4; group++) {
        int slot = part * 12 + group * 3;
        for (int sb = 0; sb < 32; sb++) {
          if (sb >= sblimit) {
            for (int ch = 0; ch < channels; ch++) {
              out[ch][slot][sb] = 0f;
              out[ch][slot + 1][sb] = 0f;
              out[ch][slot + 2][sb] = 0f;
            }
            continue;
          }
          int row = table[sb];
          for (int ch = 0; ch < channels; ch++) {
            int a = alloc[ch][sb];
            if (a == 0) {
              out[ch][slot][sb] = 0f;
              out[ch][slot + 1][sb] = 0f;
              out[ch][slot + 2][sb] = 0f;
              continue;
            }
            int cls = table[row + a];
            int steps = STEPS[cls];
            int bits = BITS[cls];
            int c0;
            int c1;
            int c2;
            if (ch == 1 && sb >= bound) {
              // Above the bound both channels share the samples, each with its own scale factors.
              c0 = shared0;
              c1 = shared1;
              c2 = shared2;
            } else if (bits < 0) {
              int v = p - bits <= limit ? MpegBits.bits(f, p, -bits) : 0;
              p -= bits;
              c0 = v % steps;
              v /= steps;
              c1 = v % steps;
              c2 = (v / steps) % steps;
            } else {
              c0 = p + 3 * bits <= limit ? MpegBits.bits(f, p, bits) : steps >> 1;
              c1 = p + 3 * bits <= limit ? MpegBits.bits(f, p + bits, bits) : steps >> 1;
              c2 = p + 3 * bits <= limit ? MpegBits.bits(f, p + 2 * bits, bits) : steps >> 1;
              p += 3 * bits;
            }
            shared0 = c0;
            shared1 = c1;
            shared2 = c2;
            float s = SCALE[scale[ch][sb * 3 + part]] / steps;
            out[ch][slot][sb] = (2 * c0 + 1 - steps) * s;
            out[ch][slot + 1][sb] = (2 * c1 + 1 - steps) * s;
            out[ch][slot + 2][sb] = (2 * c2 + 1 - steps) * s;
          }
        }
      }
    }
    return 36;
  }

  private int shared0;
  private int shared1;
  private int shared2;
}
