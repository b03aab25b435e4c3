package dev.selection.core.internal.audio.lossy;

import static dev.selection.core.internal.audio.lossy.Layer3Tables.GAIN;
import static dev.selection.core.internal.audio.lossy.Layer3Tables.GAIN_OFFSET;
import static dev.selection.core.internal.audio.lossy.Layer3Tables.LONG_START;
import static dev.selection.core.internal.audio.lossy.Layer3Tables.LONG_WIDTH;
import static dev.selection.core.internal.audio.lossy.Layer3Tables.POW43;
import static dev.selection.core.internal.audio.lossy.Layer3Tables.SHORT_WIDTH;

/**
 * Layer III of MPEG-1 (ISO/IEC 11172-3 section 2.4.3.4), MPEG-2 LSF (ISO/IEC 13818-3) and MPEG-2.5:
 * side information, the bit reservoir, scale factors, Huffman decoding, requantisation, M/S and
 * intensity stereo, short-block reordering, alias reduction and the hybrid filterbank (IMDCT,
 * windowing, overlap-add, frequency inversion). Produces subband samples for {@link
 * SynthesisFilterbank}.
 *
 * <p>Where the standard leaves a decoder free (damaged data), this follows FFmpeg's behaviour
 * (facts read in {@code libavcodec/mpegaudiodec_template.c}, not its code): granules whose data lie
 * before the start of the available reservoir decode as silence and the later ones of the frame are
 * still decoded; big values stop at the end of part2_3; a count1 quadruple running past it is
 * dropped; unread bytes of a frame become the reservoir of the next.
 *
 * <p>The hybrid filterbank works on all 32 subbands at once: the spectrum is transposed to {@code
 * [line][subband]} so that the 18-point DCT-IV behind the 36-point IMDCT (and the 6-point one
 * behind the 12-point IMDCT of short blocks) are sums of rows, loops the JIT vectorises. Not
 * thread-safe; no allocation after construction.
 */
final class Layer3Decoder {
  /** Reservoir bytes kept between frames: more than the 511 main_data_begin can reach back. */
  private static final int RESERVOIR = 4096;

  /** Zero bytes after the main data, so that reads past damaged lengths stay in the array. */
  private static final int PAD = 64;

  private static final float INV_SQRT2 = (float) (1 / Math.sqrt(2));
  private static final float[] SIGN = new float[32];

  static {
    for (int i = 0; i < 32; i++) {
      SIGN[i] = (i & 1) == 0 ? 1f : -1f;
    }
  }

  private final int channels;

  // Side information, indexed by granule * 2 + channel.
  private final int[] part23 = new int[4];
  private final int[] bigValues = new int[4];
  private final int[] globalGain = new int[4];
  private final int[] sfCompress = new int[4];
  private final int[] blockType = new int[4];
  private final boolean[] mixed = new boolean[4];
  private final int[] table = new int[12];
  private final int[] subblockGain = new int[12];
  private final int[] region1Start = new int[4];
  private final int[] region2Start = new int[4];
  private final boolean[] preflag = new boolean[4];
  private final int[] sfShift = new int[4];
  private final int[] count1Table = new int[4];
  private final int[] scfsi = new int[2];

  /** Scale factors per channel: long bands, then short bands as (band, window) triples. */
  private final int[][] scalefac = new int[2][40];

  /** Largest legal intensity position + 1 per scale factor (MPEG-2 LSF right channel). */
  private final int[] isLimit = new int[40];

  private final int[] slen = new int[4];
  private final int[] regionEnd = new int[3];
  private final boolean[] found = new boolean[3];

  private final byte[] reservoir = new byte[RESERVOIR];
  private int reservoirLength;
  private final byte[] mainData = new byte[RESERVOIR + 4096 + PAD];

  private final int[] quant = new int[576 + 4];
  private final float[][] xr = new float[2][576];
  private final int[] nonZero = new int[2];

  /** Per channel: every line of {@code xr[ch]} at or above this index is zero. */
  private final int[] extent = {576, 576};

  private final float[] reorder = new float[576];

  /**
   * Lines per granule and channel, transposed: {@code lines[k][(granule * channels + ch) * 32 +
   * sb]}.
   */
  private final float[][] lines = new float[18][128];

  /** The DCT-IV of {@link #lines}, same layout. */
  private final float[][] dct = new float[18][128];

  /**
   * One granule and channel of {@link #lines} / {@link #dct}, copied out for the per-block stages.
   */
  private final float[][] lineRows = new float[18][32];

  private final float[][] dctRows = new float[18][32];
  private final int[] kinds = new int[4];
  private final boolean[] mixes = new boolean[4];
  private final int[] longEnds = new int[4];
  private final float[][][] overlap = new float[2][18][32];

  Layer3Decoder(int channels) {
    this.channels = channels;
  }

  /** Forgets the reservoir and the overlap (after a gap in the stream). */
  void reset() {
    reservoirLength = 0;
    for (float[][] channel : overlap) {
      for (float[] row : channel) {
        java.util.Arrays.fill(row, 0f);
      }
    }
  }

  /**
   * Decodes one frame into subband samples.
   *
   * @param f the frame bytes (header first), with at least 8 readable bytes after {@code length}
   * @param length the frame length
   * @param header the 32-bit header
   * @param sideInfoOffset byte offset of the side information (4, or 6 with a CRC)
   * @param conceal true when the frame failed its CRC: its side information is not trusted, the
   *     frame decodes as silence and its bytes still feed the reservoir
   * @param out subband samples per channel and time slot, {@code out[ch][slot][subband]}
   * @return time slots written (36 for MPEG-1, 18 for LSF), or -1 when the side information is
   *     invalid (the frame is then skipped, as FFmpeg does)
   */
  int decode(
      byte[] f, int length, int header, int sideInfoOffset, boolean conceal, float[][][] out) {
    boolean lsf = ((header >>> 19) & 1) == 0;
    int granules = lsf ? 1 : 2;
    int sideBytes = lsf ? (channels == 1 ? 9 : 17) : (channels == 1 ? 17 : 32);
    int dataStart = sideInfoOffset + sideBytes;
    if (dataStart > length) {
      return -1;
    }
    int rateIndex = MpegHeaders.rateIndex(header);
    int modeExt = MpegHeaders.mode(header) == 1 ? (header >>> 4) & 3 : 0;
    boolean ms = (modeExt & 2) != 0;
    boolean intensity = (modeExt & 1) != 0;
    int mainDataBegin;
    if (conceal) {
      mainDataBegin = 0;
    } else {
      mainDataBegin = readSideInfo(f, sideInfoOffset * 8, lsf, granules, rateIndex);
      if (mainDataBegin < 0) {
        return -1;
      }
    }
    // Main data: the reservoir followed by this frame's bytes after the side information.
    int frameData = length - dataStart;
    System.arraycopy(reservoir, 0, mainData, 0, reservoirLength);
    System.arraycopy(f, dataStart, mainData, reservoirLength, frameData);
    int total = reservoirLength + frameData;
    java.util.Arrays.fill(mainData, total, total + PAD, (byte) 0);
    int limitBits = total * 8;

    int gr = 0;
    int bitPos;
    if (conceal) {
      bitPos = limitBits;
      gr = granules;
    } else {
      long bits = (long) reservoirLength * 8;
      for (; gr < granules && (bits >> 3) < mainDataBegin; gr++) {
        for (int ch = 0; ch < channels; ch++) {
          bits += part23[gr * 2 + ch];
        }
      }
      bitPos = (int) Math.max(0, Math.min(limitBits, bits - 8L * mainDataBegin));
    }
    int slots = 18 * granules;
    for (int g = 0; g < granules; g++) {
      boolean decodeIt = g >= gr;
      for (int ch = 0; ch < channels; ch++) {
        int i = g * 2 + ch;
        if (decodeIt) {
          int start = bitPos;
          int end = (int) Math.min((long) start + part23[i], limitBits);
          int p = Math.min(start, limitBits);
          p = lsf ? readScalefactorsLsf(p, i, ch, intensity) : readScalefactorsMpeg1(p, g, ch);
          int nz = huffman(p, Math.min(end, limitBits), i);
          nonZero[ch] = nz;
          requantize(i, ch, rateIndex, nz);
          bitPos = start + part23[i];
        } else {
          nonZero[ch] = 0;
          java.util.Arrays.fill(xr[ch], 0, extent[ch], 0f);
          extent[ch] = 0;
        }
      }
      if (channels == 2 && decodeIt) {
        stereo(g, lsf, ms, intensity, rateIndex);
      }
      for (int ch = 0; ch < channels; ch++) {
        int i = g * 2 + ch;
        int bt = decodeIt ? blockType[i] : 0;
        boolean mix = decodeIt && mixed[i];
        int nz = nonZero[ch];
        if (bt == 2) {
          nz = reorderShort(ch, rateIndex, mix, nz);
        }
        int boundaries = aliasBoundaries(bt, mix, nz);
        int used = (nz + 17) / 18;
        int limit = bt == 2 && !mix ? used : Math.min(32, Math.max(used, boundaries + 1));
        // Stereo processing and reordering write at most up to here (nz <= 18 * limit).
        extent[ch] = Math.max(extent[ch], Math.min(576, Math.max(nonZero[ch], limit * 18)));
        int n = Math.max(limit, bt == 2 && mix ? 2 : 0);
        int c = g * channels + ch;
        kinds[c] = bt;
        mixes[c] = mix;
        longEnds[c] = bt != 2 ? n : (mix ? 2 : 0);
        transpose(ch, n, c * 32);
        antialias(c * 32, boundaries);
      }
    }
    // The 18-point DCT-IVs of every granule and channel in one pass over rows of 32 columns each:
    // long rows keep C2's vector loops busy (short blocks' columns are computed and not used).
    dctIv18(32 * channels * granules);
    for (int g = 0; g < granules; g++) {
      for (int ch = 0; ch < channels; ch++) {
        int c = g * channels + ch;
        hybrid(ch, c, kinds[c], mixes[c], longEnds[c], out[ch], g * 18);
      }
    }
    // Unread bytes of this frame's main data become the next frame's reservoir.
    int endByte = (Math.min(bitPos, limitBits) + 7) >>> 3;
    int keep = total - endByte;
    if (conceal) {
      // Nothing was read: the next frame may still reach back into all of it.
      keep = total;
    } else if (bitPos > limitBits) {
      // Damaged lengths ran past the data: keep this frame's bytes, as FFmpeg does.
      keep = Math.min(frameData, RESERVOIR);
    }
    keep = Math.min(keep, RESERVOIR);
    System.arraycopy(mainData, total - keep, reservoir, 0, keep);
    reservoirLength = keep;
    return slots;
  }

  /** Reads the side information; returns main_data_begin, or -1 when it is invalid. */
  private int readSideInfo(byte[] f, int pos, boolean lsf, int granules, int rateIndex) {
    int p = pos;
    int mainDataBegin;
    if (lsf) {
      mainDataBegin = MpegBits.bits(f, p, 8);
      p += 8 + channels;
    } else {
      mainDataBegin = MpegBits.bits(f, p, 9);
      p += 9 + (channels == 1 ? 5 : 3);
      for (int ch = 0; ch < channels; ch++) {
        scfsi[ch] = MpegBits.bits(f, p, 4);
        p += 4;
      }
    }
    for (int gr = 0; gr < granules; gr++) {
      for (int ch = 0; ch < channels; ch++) {
        int i = gr * 2 + ch;
        part23[i] = MpegBits.bits(f, p, 12);
        bigValues[i] = MpegBits.bits(f, p + 12, 9);
        globalGain[i] = MpegBits.bits(f, p + 21, 8);
        p += 29;
        if (bigValues[i] > 288) {
          return -1;
        }
        if (lsf) {
          sfCompress[i] = MpegBits.bits(f, p, 9);
          p += 9;
        } else {
          sfCompress[i] = MpegBits.bits(f, p, 4);
          p += 4;
        }
        boolean windowSwitching = MpegBits.bits(f, p, 1) != 0;
        p += 1;
        if (windowSwitching) {
          blockType[i] = MpegBits.bits(f, p, 2);
          mixed[i] = MpegBits.bits(f, p + 2, 1) != 0;
          p += 3;
          if (blockType[i] == 0) {
            return -1;
          }
          table[i * 3] = MpegBits.bits(f, p, 5);
          table[i * 3 + 1] = MpegBits.bits(f, p + 5, 5);
          table[i * 3 + 2] = 0;
          p += 10;
          for (int w = 0; w < 3; w++) {
            subblockGain[i * 3 + w] = MpegBits.bits(f, p, 3);
            p += 3;
          }
          // Implicit regions (2.4.2.7): 36 lines (72 at 8 kHz) for short and mixed blocks, as
          // FFmpeg
          // reads them, else the first 8 long bands; region 2 is empty.
          if (blockType[i] == 2) {
            region1Start[i] = rateIndex == 8 ? 72 : 36;
          } else {
            region1Start[i] = LONG_START[rateIndex][8];
          }
          region2Start[i] = 576;
        } else {
          blockType[i] = 0;
          mixed[i] = false;
          for (int r = 0; r < 3; r++) {
            table[i * 3 + r] = MpegBits.bits(f, p, 5);
            p += 5;
          }
          int r0 = MpegBits.bits(f, p, 4);
          int r1 = MpegBits.bits(f, p + 4, 3);
          p += 7;
          region1Start[i] = LONG_START[rateIndex][Math.min(r0 + 1, 22)];
          region2Start[i] = LONG_START[rateIndex][Math.min(r0 + r1 + 2, 22)];
        }
        if (lsf) {
          preflag[i] = false;
        } else {
          preflag[i] = MpegBits.bits(f, p, 1) != 0;
          p += 1;
        }
        sfShift[i] = 1 + MpegBits.bits(f, p, 1);
        count1Table[i] = MpegBits.bits(f, p + 1, 1);
        p += 2;
      }
    }
    return mainDataBegin;
  }

  /**
   * MPEG-1 scale factors (2.4.2.7, scfsi reuse of granule 0's in granule 1); returns the bit after.
   */
  private int readScalefactorsMpeg1(int pos, int gr, int ch) {
    int i = gr * 2 + ch;
    int[] sf = scalefac[ch];
    int slen1 = Layer3Tables.SLEN1[sfCompress[i]];
    int slen2 = Layer3Tables.SLEN2[sfCompress[i]];
    byte[] b = mainData;
    int p = pos;
    if (blockType[i] == 2) {
      // Mixed: 8 long bands + 3 short bands x 3 windows with slen1; else 6 short bands x 3.
      int n1 = mixed[i] ? 17 : 18;
      for (int k = 0; k < n1; k++) {
        sf[k] = MpegBits.bits(b, p, slen1);
        p += slen1;
      }
      for (int k = n1; k < n1 + 18; k++) {
        sf[k] = MpegBits.bits(b, p, slen2);
        p += slen2;
      }
      sf[n1 + 18] = 0;
      sf[n1 + 19] = 0;
      sf[n1 + 20] = 0;
    } else {
      int reuse = gr == 0 ? 0 : scfsi[ch];
      int k = 0;
      for (int group = 0; group < 4; group++) {
        int n = group == 0 ? 6 : 5;
        int slen = group < 2 ? slen1 : slen2;
        if ((reuse & (8 >>> group)) != 0) {
          k += n;
          continue;
        }
        for (int j = 0; j < n; j++, k++) {
          sf[k] = MpegBits.bits(b, p, slen);
          p += slen;
        }
      }
      sf[21] = 0;
    }
    return p;
  }

  /** MPEG-2 LSF scale factors (13818-3 2.4.3.2); returns the bit after. */
  private int readScalefactorsLsf(int pos, int i, int ch, boolean intensity) {
    int[] sf = scalefac[ch];
    int kind = blockType[i] == 2 ? (mixed[i] ? 2 : 1) : 0;
    int c = sfCompress[i];
    int[] slen = this.slen;
    java.util.Arrays.fill(slen, 0);
    int tab;
    boolean isRight = intensity && ch == 1;
    if (isRight) {
      c >>= 1;
      if (c < 180) {
        slen[0] = c / 36;
        slen[1] = (c % 36) / 6;
        slen[2] = c % 6;
        tab = 3;
      } else if (c < 244) {
        c -= 180;
        slen[0] = (c >> 4) & 3;
        slen[1] = (c >> 2) & 3;
        slen[2] = c & 3;
        tab = 4;
      } else {
        c -= 244;
        slen[0] = c / 3;
        slen[1] = c % 3;
        tab = 5;
      }
      preflag[i] = false;
    } else if (c < 400) {
      slen[0] = (c >> 4) / 5;
      slen[1] = (c >> 4) % 5;
      slen[2] = (c & 15) >> 2;
      slen[3] = c & 3;
      tab = 0;
      preflag[i] = false;
    } else if (c < 500) {
      c -= 400;
      slen[0] = (c >> 2) / 5;
      slen[1] = (c >> 2) % 5;
      slen[2] = c & 3;
      tab = 1;
      preflag[i] = false;
    } else {
      c -= 500;
      slen[0] = c / 3;
      slen[1] = c % 3;
      tab = 2;
      preflag[i] = true;
    }
    byte[] b = mainData;
    int p = pos;
    int k = 0;
    for (int part = 0; part < 4; part++) {
      int n = Layer3Tables.LSF_COUNTS[tab][kind][part];
      int len = slen[part];
      for (int j = 0; j < n; j++, k++) {
        sf[k] = MpegBits.bits(b, p, len);
        // The largest value marks an illegal intensity position; without bits there is none (0 is a
        // legal position), as minimp3 reads 13818-3 2.4.3.2.
        isLimit[k] = len == 0 ? Integer.MAX_VALUE : (1 << len) - 1;
        p += len;
      }
    }
    for (; k < 40; k++) {
      sf[k] = 0;
      isLimit[k] = Integer.MAX_VALUE;
    }
    return p;
  }

  /**
   * Huffman-decodes the big values and count1 regions of one granule and channel into {@link
   * #quant}; returns the count of lines that may be non-zero.
   */
  private int huffman(int pos, int end, int i) {
    int[] q = quant;
    byte[] b = mainData;
    int[] lut = HuffmanTables.LUT;
    int p = pos;
    int idx = 0;
    int big = bigValues[i] * 2;
    int[] bounds = this.regionEnd;
    bounds[0] = Math.min(region1Start[i], big);
    bounds[1] = Math.max(bounds[0], Math.min(region2Start[i], big));
    bounds[2] = big;
    for (int r = 0; r < 3; r++) {
      int regionEnd = bounds[r];
      int t = table[i * 3 + r];
      int base = HuffmanTables.TABLE_OFFSET[t];
      if (base < 0) {
        while (idx < regionEnd) {
          q[idx++] = 0;
        }
        continue;
      }
      int linbits = HuffmanTables.LINBITS[t];
      while (idx < regionEnd) {
        if (p >= end) {
          // Out of bits: the rest of the big values are zero (FFmpeg does the same).
          while (idx < big) {
            q[idx++] = 0;
          }
          break;
        }
        // One load serves a whole pair: at most 19 code bits + 2 x (13 linbits + sign) = 47 of 57.
        long w = MpegBits.peek64(b, p);
        int e = lut[base + (int) (w >>> (64 - HuffmanTables.FIRST_BITS))];
        if (e < 0) {
          e =
              lut[
                  base
                      + ((e >>> 5) & 0x3FFFFF)
                      + (int) ((w << HuffmanTables.FIRST_BITS) >>> (64 - (e & 31)))];
        }
        int len = e >>> 16;
        p += len;
        int x;
        int y;
        if ((e & HuffmanTables.ESCAPE) == 0) {
          // Signs folded into the symbol.
          x = (e << 22) >> 27;
          y = (e << 27) >> 27;
        } else {
          w <<= len;
          x = (e >>> 5) & 15;
          y = e & 15;
          if (x == 15) {
            x += (int) (w >>> (64 - linbits));
            w <<= linbits;
            p += linbits;
          }
          if (x != 0) {
            if (w < 0) {
              x = -x;
            }
            w <<= 1;
            p++;
          }
          if (y == 15) {
            y += (int) (w >>> (64 - linbits));
            w <<= linbits;
            p += linbits;
          }
          if (y != 0) {
            if (w < 0) {
              y = -y;
            }
            p++;
          }
        }
        q[idx] = x;
        q[idx + 1] = y;
        idx += 2;
      }
    }
    // Count1 region: quadruples of -1/0/+1.
    boolean tableB = count1Table[i] != 0;
    while (idx <= 572 && p < end) {
      int w = MpegBits.peek32(b, p);
      // Code and sign bits in one symbol (at most 10 bits).
      int e = tableB ? HuffmanTables.QUAD_B[w >>> 24] : HuffmanTables.QUAD_A[w >>> 22];
      p += e >>> 8;
      int q0 = (e << 24) >> 30;
      int q1 = (e << 26) >> 30;
      int q2 = (e << 28) >> 30;
      int q3 = (e << 30) >> 30;
      if (p > end) {
        // The quadruple ran past part2_3_length: an encoder's miscount, dropped as FFmpeg does.
        break;
      }
      q[idx] = q0;
      q[idx + 1] = q1;
      q[idx + 2] = q2;
      q[idx + 3] = q3;
      idx += 4;
    }
    return idx;
  }

  /** Requantises lines [0, nz) of {@link #quant} into {@code xr[ch]} and zeroes the rest. */
  private void requantize(int i, int ch, int rateIndex, int nz) {
    float[] out = xr[ch];
    int[] q = quant;
    int[] sf = scalefac[ch];
    int gain = globalGain[i] - 210 + GAIN_OFFSET;
    int shift = sfShift[i];
    int pos = 0;
    if (blockType[i] != 2 || mixed[i]) {
      int longBands = blockType[i] == 2 ? (rateIndex <= 2 ? 8 : 6) : 22;
      int[] widths = LONG_WIDTH[rateIndex];
      for (int band = 0; band < longBands && pos < nz; band++) {
        int pre = preflag[i] ? Layer3Tables.PRETAB[band] : 0;
        float g = GAIN[Math.max(0, gain - ((sf[band] + pre) << shift))];
        pos = scale(q, out, pos, Math.min(pos + widths[band], nz), g);
      }
      if (blockType[i] == 2) {
        pos = requantizeShort(i, sf, longBands, 3, rateIndex, pos, nz, out);
      }
    } else {
      pos = requantizeShort(i, sf, 0, 0, rateIndex, 0, nz, out);
    }
    int from = Math.min(pos, 576);
    if (extent[ch] > from) {
      java.util.Arrays.fill(out, from, extent[ch], 0f);
    }
    extent[ch] = from;
  }

  private int requantizeShort(
      int i, int[] sf, int sfOffset, int firstBand, int rateIndex, int from, int nz, float[] out) {
    int[] q = quant;
    int gain = globalGain[i] - 210 + GAIN_OFFSET;
    int shift = sfShift[i];
    int[] widths = SHORT_WIDTH[rateIndex];
    int pos = from;
    int k = sfOffset;
    for (int band = firstBand; band < 13 && pos < nz; band++) {
      int width = widths[band];
      for (int w = 0; w < 3; w++, k++) {
        int e = gain - (subblockGain[i * 3 + w] << 3) - (sf[k] << shift);
        pos = scale(q, out, pos, Math.min(pos + width, nz), GAIN[Math.max(0, e)]);
      }
    }
    return pos;
  }

  private static int scale(int[] q, float[] out, int from, int to, float g) {
    float[] p43 = POW43;
    for (int j = from; j < to; j++) {
      out[j] = p43[q[j] + Layer3Tables.MAX_QUANT] * g;
    }
    return Math.max(from, to);
  }

  /** M/S and intensity stereo of one granule (11172-3 2.4.3.4.9, 13818-3 2.4.3.2). */
  private void stereo(int gr, boolean lsf, boolean ms, boolean intensity, int rateIndex) {
    float[] l = xr[0];
    float[] r = xr[1];
    if (!intensity) {
      if (ms) {
        int n = Math.max(nonZero[0], nonZero[1]);
        for (int j = 0; j < n; j++) {
          float a = l[j];
          float b = r[j];
          l[j] = (a + b) * INV_SQRT2;
          r[j] = (a - b) * INV_SQRT2;
        }
        nonZero[0] = n;
        nonZero[1] = n;
      }
      return;
    }
    int i = gr * 2 + 1;
    int[] sf = scalefac[1];
    int scale = sfCompress[i] & 1;
    boolean shortBlocks = blockType[i] == 2;
    boolean mix = mixed[i];
    int longEnd = shortBlocks ? (mix ? (rateIndex <= 2 ? 8 : 6) : 0) : 22;
    int shortStart = shortBlocks ? (mix ? 3 : 0) : 13;
    // Walk the bands from the top down; in each window, bands above the right channel's highest
    // non-zero line are intensity coded.
    int top = 576;
    boolean[] found = this.found;
    found[0] = false;
    found[1] = false;
    found[2] = false;
    if (shortBlocks) {
      int[] widths = SHORT_WIDTH[rateIndex];
      for (int band = 12; band >= shortStart; band--) {
        int width = widths[band];
        // The last band has no scale factor of its own: it uses the one below it (or see below).
        int sfBand = band == 12 ? 11 : band;
        for (int w = 2; w >= 0; w--) {
          top -= width;
          if (!found[w] && !anyNonZero(r, top, width)) {
            int k = longEnd + (sfBand - shortStart) * 3 + w;
            int pos = sf[k];
            int limit = lsf ? isLimit[k] : 7;
            if (band == 12 && anyNonZero(r, topStart11(top, w, width, widths[11]), widths[11])) {
              // The top band has no scale factor; it takes band 11's position, but when band 11 is
              // not intensity coded (the right channel has lines there) a default one.
              pos = lsf ? 0 : 3;
              limit = Integer.MAX_VALUE;
            }
            if (intensityBand(l, r, top, width, pos, lsf, scale, limit)) {
              continue;
            }
          } else {
            found[w] = true;
          }
          if (ms) {
            midSide(l, r, top, width);
          }
        }
      }
    }
    boolean nonZeroFound = found[0] || found[1] || found[2];
    int[] widths = LONG_WIDTH[rateIndex];
    for (int band = longEnd - 1; band >= 0; band--) {
      int width = widths[band];
      top -= width;
      if (!nonZeroFound && !anyNonZero(r, top, width)) {
        int k = band == 21 ? 20 : band;
        int pos = sf[k];
        int limit = lsf ? isLimit[k] : 7;
        if (band == 21 && anyNonZero(r, top - widths[20], widths[20])) {
          // As for short blocks: band 21 takes band 20's position, or the default one when band 20
          // is not intensity coded.
          pos = lsf ? 0 : 3;
          limit = Integer.MAX_VALUE;
        }
        if (intensityBand(l, r, top, width, pos, lsf, scale, limit)) {
          continue;
        }
      } else {
        nonZeroFound = true;
      }
      if (ms) {
        midSide(l, r, top, width);
      }
    }
    int n = 576;
    nonZero[0] = n;
    nonZero[1] = n;
  }

  /** Start of band 11's window w in bitstream order, given band 12's window w starts at top. */
  private static int topStart11(int top, int w, int width12, int w11) {
    int band12Start = top - w * width12;
    return band12Start - 3 * w11 + w * w11;
  }

  private static boolean anyNonZero(float[] x, int from, int len) {
    for (int j = from; j < from + len; j++) {
      if (x[j] != 0f) {
        return true;
      }
    }
    return false;
  }

  /**
   * Applies intensity stereo to one band; returns false when the position is illegal (not coded).
   */
  private static boolean intensityBand(
      float[] l, float[] r, int from, int len, int isPos, boolean lsf, int scale, int illegal) {
    float kl;
    float kr;
    if (lsf) {
      if (isPos >= illegal) {
        return false;
      }
      kl = Layer3Tables.IS_LSF_LEFT[scale][isPos];
      kr = Layer3Tables.IS_LSF_RIGHT[scale][isPos];
    } else {
      if (isPos >= 7) {
        return false;
      }
      kl = Layer3Tables.IS_LEFT[isPos];
      kr = Layer3Tables.IS_RIGHT[isPos];
    }
    for (int j = from; j < from + len; j++) {
      float v = l[j];
      l[j] = v * kl;
      r[j] = v * kr;
    }
    return true;
  }

  private static void midSide(float[] l, float[] r, int from, int len) {
    for (int j = from; j < from + len; j++) {
      float a = l[j];
      float b = r[j];
      l[j] = (a + b) * INV_SQRT2;
      r[j] = (a - b) * INV_SQRT2;
    }
  }

  /**
   * Reorders the short bands of a granule from (band, window, line) to (band, line, window) order
   * (2.4.3.4.8); returns the new count of possibly non-zero lines.
   */
  private int reorderShort(int ch, int rateIndex, boolean mix, int nz) {
    float[] x = xr[ch];
    float[] tmp = reorder;
    int[] widths = SHORT_WIDTH[rateIndex];
    int pos = mix ? LONG_START[rateIndex][rateIndex <= 2 ? 8 : 6] : 0;
    for (int band = mix ? 3 : 0; band < 13 && pos < nz; band++) {
      int width = widths[band];
      for (int j = 0; j < width; j++) {
        tmp[3 * j] = x[pos + j];
        tmp[3 * j + 1] = x[pos + width + j];
        tmp[3 * j + 2] = x[pos + 2 * width + j];
      }
      System.arraycopy(tmp, 0, x, pos, 3 * width);
      pos += 3 * width;
    }
    return Math.max(nz, Math.min(pos, 576));
  }

  /**
   * How many subband boundaries take the alias reduction (2.4.3.4.10): none in short blocks, only
   * the one between subbands 0 and 1 in mixed blocks, else those below the last non-zero line.
   */
  private static int aliasBoundaries(int bt, boolean mix, int nz) {
    if (bt == 2) {
      return mix ? 1 : 0;
    }
    return Math.min(31, (nz + 17) / 18);
  }

  /**
   * Alias reduction of one granule and channel, on its transposed lines (after {@link #transpose}):
   * the butterfly of boundary {@code sb} joins line {@code 17 - k} of subband {@code sb - 1} and
   * line {@code k} of subband {@code sb}, k = 0..7 (the lines {@code 18 sb - 1 - k} and {@code 18
   * sb + k}). Butterflies of different boundaries share no line, so each k is one loop over the
   * boundaries.
   */
  private void antialias(int col0, int boundaries) {
    float[][] t = lines;
    float[] cs = Layer3Tables.CS;
    float[] ca = Layer3Tables.CA;
    int end = col0 + boundaries;
    for (int k = 0; k < 8; k++) {
      float[] lo = t[17 - k];
      float[] hi = t[k];
      float c = cs[k];
      float a = ca[k];
      for (int col = col0 + 1; col <= end; col++) {
        float l = lo[col - 1];
        float h = hi[col];
        lo[col - 1] = l * c - h * a;
        hi[col] = h * c + l * a;
      }
    }
  }

  /**
   * IMDCT, windowing, overlap-add and frequency inversion of one granule and channel, all subbands
   * at once (2.4.3.4.10). Writes 18 time slots of 32 subband samples into {@code
   * out[slot0..slot0+17]}.
   *
   * <p>Every inner loop runs over subbands with the same index into row arrays and has a small
   * body: the shape C2's auto-vectoriser turns into SIMD code (a loop of one long expression is not
   * unrolled, and one indexing a shared array at different offsets is not vectorised, at least up
   * to JDK 25).
   */
  private void hybrid(int ch, int c, int bt, boolean mix, int longEnd, float[][] out, int slot0) {
    float[][] ov = overlap[ch];
    // This granule and channel's columns, as rows of 32 for loops without offsets.
    int col0 = c * 32;
    if (bt != 2 || longEnd > 0) {
      for (int k = 0; k < 18; k++) {
        System.arraycopy(dct[k], col0, dctRows[k], 0, 32);
      }
    }
    if (bt == 2) {
      for (int k = 0; k < 18; k++) {
        System.arraycopy(lines[k], col0, lineRows[k], 0, 32);
      }
    }
    // Subbands without lines (zeroed by transpose) come out of the transforms as the overlap alone.
    if (bt != 2) {
      if (mix && bt != 0) {
        // A mixed start/stop block: the two lowest subbands take the normal window (2.4.2.7,
        // mixed_block_flag), as FFmpeg's imdct36_blocks does too.
        imdctLong(ch, 0, 2, Layer3Tables.WINDOW[0], ov, out, slot0);
        imdctLong(ch, 2, 32, Layer3Tables.WINDOW[bt], ov, out, slot0);
      } else {
        imdctLong(ch, 0, 32, Layer3Tables.WINDOW[bt], ov, out, slot0);
      }
    } else {
      if (longEnd > 0) {
        imdctLong(ch, 0, longEnd, Layer3Tables.WINDOW[0], ov, out, slot0);
      }
      imdctShort(ch, longEnd, 32, ov, out, slot0);
    }
    float[] sign = SIGN;
    // Frequency inversion: odd subbands, odd time slots.
    for (int i = 1; i < 18; i += 2) {
      float[] o = out[slot0 + i];
      for (int sb = 0; sb < 32; sb++) {
        o[sb] *= sign[sb];
      }
    }
  }

  /**
   * Transposes the first {@code n} subbands of {@code xr[ch]} from [subband][line] to
   * [line][subband].
   */
  private void transpose(int ch, int n, int col0) {
    float[] x = xr[ch];
    float[][] t = lines;
    // Three rows per pass: three neighbouring loads per subband.
    for (int k = 0; k < 18; k += 3) {
      float[] r0 = t[k];
      float[] r1 = t[k + 1];
      float[] r2 = t[k + 2];
      for (int sb = 0, src = k; sb < n; sb++, src += 18) {
        int col = col0 + sb;
        r0[col] = x[src];
        r1[col] = x[src + 1];
        r2[col] = x[src + 2];
      }
      // Zero columns make the transforms below work on whole rows: fixed trip counts, no tails.
      if (n < 32) {
        java.util.Arrays.fill(r0, col0 + n, col0 + 32, 0f);
        java.util.Arrays.fill(r1, col0 + n, col0 + 32, 0f);
        java.util.Arrays.fill(r2, col0 + n, col0 + 32, 0f);
      }
    }
  }

  /**
   * The 18-point DCT-IV behind the 36-point IMDCT, {@code y[n] = sum_k cos(pi/18 (n+1/2)(k+1/2))
   * x[k]}, on the first {@code width} columns of {@link #lines} (every granule and channel of the
   * frame).
   */
  private void dctIv18(int width) {
    float[] c = Layer3Tables.COS18;
    float[][] t = lines;
    for (int n = 0; n < 18; n++) {
      float[] yn = dct[n];
      int cn = n * 18;
      {
        float c0 = c[cn];
        float c1 = c[cn + 1];
        float[] t0 = t[0];
        float[] t1 = t[1];
        for (int col = 0; col < width; col++) {
          yn[col] = c0 * t0[col] + c1 * t1[col];
        }
      }
      for (int k = 2; k < 18; k += 2) {
        float c0 = c[cn + k];
        float c1 = c[cn + k + 1];
        float[] t0 = t[k];
        float[] t1 = t[k + 1];
        for (int col = 0; col < width; col++) {
          yn[col] += c0 * t0[col] + c1 * t1[col];
        }
      }
    }
  }

  /**
   * Windows and overlaps the long-block subbands [from, to) of one channel (after {@link
   * #dctIv18}).
   */
  private void imdctLong(
      int ch, int from, int to, float[] win, float[][] ov, float[][] out, int slot0) {
    float[][] y = dctRows;
    // x[i] = y[9 + i] (i < 9), -y[26 - i] (9 <= i < 27), -y[i - 27] (i >= 27).
    for (int i = 0; i < 18; i++) {
      float wOut = i < 9 ? win[i] : -win[i];
      float wOv = -win[18 + i];
      float[] src = y[i < 9 ? 9 + i : 26 - i];
      float[] srcOv = y[i < 9 ? 8 - i : i - 9];
      float[] o = out[slot0 + i];
      float[] v = ov[i];
      for (int sb = from; sb < to; sb++) {
        o[sb] = wOut * src[sb] + v[sb];
        v[sb] = wOv * srcOv[sb];
      }
    }
  }

  /** Three 12-point IMDCTs per subband of [from, to), windowed and overlapped (2.4.3.4.10.2). */
  private void imdctShort(int ch, int from, int to, float[][] ov, float[][] out, int slot0) {
    float[][] t = lineRows;
    float[][] y = dctRows;
    float[] c = Layer3Tables.COS6;
    float[] win = Layer3Tables.WINDOW[2];
    // y[w * 6 + n]: DCT-IV of the lines 3k + w of window w.
    for (int w = 0; w < 3; w++) {
      for (int n = 0; n < 6; n++) {
        int cn = n * 6;
        float[] yn = y[w * 6 + n];
        float c0 = c[cn];
        float c1 = c[cn + 1];
        float c2 = c[cn + 2];
        float c3 = c[cn + 3];
        float c4 = c[cn + 4];
        float c5 = c[cn + 5];
        float[] t0 = t[w];
        float[] t1 = t[w + 3];
        float[] t2 = t[w + 6];
        float[] t3 = t[w + 9];
        float[] t4 = t[w + 12];
        float[] t5 = t[w + 15];
        for (int sb = from; sb < to; sb++) {
          yn[sb] = c0 * t0[sb] + c1 * t1[sb] + c2 * t2[sb];
        }
        for (int sb = from; sb < to; sb++) {
          yn[sb] += c3 * t3[sb] + c4 * t4[sb] + c5 * t5[sb];
        }
      }
    }
    for (int i = 0; i < 18; i++) {
      float[] o = out[slot0 + i];
      float[] v = ov[i];
      for (int sb = from; sb < to; sb++) {
        o[sb] = v[sb];
        v[sb] = 0f;
      }
    }
    // z[0..36): window w adds its 12 windowed samples at 6 + 6w. x_w[i] = y_w[i + 3] (i < 3),
    // -y_w[8 - i] (3 <= i < 9), -y_w[i - 9] (i >= 9).
    for (int w = 0; w < 3; w++) {
      for (int i = 0; i < 12; i++) {
        int zi = 6 + 6 * w + i;
        float[] src = y[w * 6 + (i < 3 ? i + 3 : i < 9 ? 8 - i : i - 9)];
        float s = i < 3 ? win[i] : -win[i];
        float[] dst = zi < 18 ? out[slot0 + zi] : ov[zi - 18];
        for (int sb = from; sb < to; sb++) {
          dst[sb] += s * src[sb];
        }
      }
    }
  }
}
