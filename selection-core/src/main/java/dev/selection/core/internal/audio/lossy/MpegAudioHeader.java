package dev.selection.core.internal.audio.lossy;

/**
 * One parsed 32-bit MPEG audio frame header (ISO/IEC 11172-3 section 2.4.2.3, ISO/IEC 13818-3, and
 * the unofficial MPEG 2.5 extension). {@link #parse} refuses free-format headers (their length is
 * not in the header); the frame reader measures them and uses {@link #of}.
 *
 * @param version 1 (MPEG-1), 2 (MPEG-2 LSF) or 25 (MPEG-2.5)
 * @param layer 1, 2 or 3
 * @param bitrateKbps the frame's bitrate in kbit/s
 * @param sampleRateHz the sampling frequency in Hz
 * @param padding whether the frame has the extra padding slot
 * @param mono whether the channel mode is single channel
 * @param crc whether a 16-bit CRC follows the header
 * @param frameBytes the frame length in bytes, header included
 * @param samplesPerFrame PCM samples per channel the frame decodes to
 */
record MpegAudioHeader(
    int version,
    int layer,
    int bitrateKbps,
    int sampleRateHz,
    boolean padding,
    boolean mono,
    boolean crc,
    int frameBytes,
    int samplesPerFrame) {

  private static final int[][] BITRATES = {
    // MPEG-1 layers I, II, III
    {0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448},
    {0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384},
    {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320},
    // MPEG-2/2.5 layer I, then layers II and III
    {0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256},
    {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160},
  };
  private static final int[] RATES_MPEG1 = {44100, 48000, 32000};

  /**
   * Parses a header, or returns null when the 32 bits are not a valid, supported header.
   *
   * @param h the four header bytes, big-endian
   */
  static MpegAudioHeader parse(int h) {
    if ((h & 0xFFE00000) != 0xFFE00000) {
      return null;
    }
    int versionBits = (h >>> 19) & 3;
    int layerBits = (h >>> 17) & 3;
    int bitrateIndex = (h >>> 12) & 15;
    int rateIndex = (h >>> 10) & 3;
    if (versionBits == 1
        || layerBits == 0
        || bitrateIndex == 0
        || bitrateIndex == 15
        || rateIndex == 3) {
      return null;
    }
    int version = versionBits == 3 ? 1 : versionBits == 2 ? 2 : 25;
    int layer = 4 - layerBits;
    int rate = RATES_MPEG1[rateIndex] >> (version == 1 ? 0 : version == 2 ? 1 : 2);
    int table = version == 1 ? layer - 1 : (layer == 1 ? 3 : 4);
    int bitrate = BITRATES[table][bitrateIndex];
    boolean padding = ((h >>> 9) & 1) != 0;
    boolean mono = ((h >>> 6) & 3) == 3;
    boolean crc = ((h >>> 16) & 1) == 0;
    int bytes;
    int samples;
    if (layer == 1) {
      bytes = (12 * bitrate * 1000 / rate + (padding ? 1 : 0)) * 4;
      samples = 384;
    } else if (layer == 2 || version == 1) {
      bytes = 144 * bitrate * 1000 / rate + (padding ? 1 : 0);
      samples = 1152;
    } else {
      bytes = 72 * bitrate * 1000 / rate + (padding ? 1 : 0);
      samples = 576;
    }
    return new MpegAudioHeader(version, layer, bitrate, rate, padding, mono, crc, bytes, samples);
  }

  /**
   * Returns the record of a header the frame reader accepted (free format included).
   *
   * @param h the header, valid
   * @param frameBytes the frame's actual length
   */
  static MpegAudioHeader of(int h, int frameBytes) {
    return new MpegAudioHeader(
        MpegHeaders.version(h),
        MpegHeaders.layer(h),
        MpegHeaders.bitrateKbps(h),
        MpegHeaders.sampleRateHz(h),
        MpegHeaders.padding(h),
        MpegHeaders.mode(h) == 3,
        MpegHeaders.crc(h),
        frameBytes,
        MpegHeaders.samplesPerFrame(h));
  }

  /**
   * Returns true when {@code other} belongs to the same stream (version, layer, rate, channels).
   */
  boolean sameStream(MpegAudioHeader other) {
    return other != null
        && other.version == version
        && other.layer == layer
        && other.sampleRateHz == sampleRateHz
        && other.mono == mono;
  }

  /** Returns the channel count this frame decodes to. */
  int channels() {
    return mono ? 1 : 2;
  }

  /** Offset of a Xing/Info tag from the frame start: header plus layer III side information. */
  int xingOffset() {
    if (version == 1) {
      return 4 + (mono ? 17 : 32);
    }
    return 4 + (mono ? 9 : 17);
  }
}
