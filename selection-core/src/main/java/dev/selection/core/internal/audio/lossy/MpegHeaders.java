package dev.selection.core.internal.audio.lossy;

/**
 * The 32-bit MPEG audio frame header as an {@code int} (ISO/IEC 11172-3 section 2.4.2.3, ISO/IEC
 * 13818-3 section 2.4.2.3, and the unofficial MPEG-2.5 extension for 8-12 kHz), read without
 * allocating, for the per-frame path. {@link MpegAudioHeader} is the record form for everything
 * else. Stateless, thread-safe.
 */
final class MpegHeaders {
  private MpegHeaders() {}

  /** kbit/s by [MPEG-1 layer 1..3, then MPEG-2/2.5 layer 1, then layers 2 and 3][bitrate index]. */
  private static final int[][] BITRATES = {
    {0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448},
    {0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384},
    {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320},
    {0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256},
    {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160},
  };

  private static final int[] RATES = {44100, 48000, 32000, 22050, 24000, 16000, 11025, 12000, 8000};

  /** Largest free-format frame accepted, in bytes (well above 640 kbit/s at 32 kHz, 2881 bytes). */
  static final int MAX_FREE_FORMAT_BYTES = 4096;

  /**
   * Returns true when {@code h} is a syntactically valid header: sync, a known version and layer, a
   * bitrate index other than 15 (0 is free format) and a sampling frequency index other than 3.
   */
  static boolean valid(int h) {
    return (h & 0xFFE00000) == 0xFFE00000
        && ((h >>> 19) & 3) != 1
        && ((h >>> 17) & 3) != 0
        && ((h >>> 12) & 15) != 15
        && ((h >>> 10) & 3) != 3;
  }

  /** 1 (MPEG-1), 2 (MPEG-2) or 25 (MPEG-2.5). */
  static int version(int h) {
    int v = (h >>> 19) & 3;
    return v == 3 ? 1 : v == 2 ? 2 : 25;
  }

  /** 1, 2 or 3. */
  static int layer(int h) {
    return 4 - ((h >>> 17) & 3);
  }

  /** True when a 16-bit CRC follows the header. */
  static boolean crc(int h) {
    return ((h >>> 16) & 1) == 0;
  }

  /** The bitrate in kbit/s, 0 for free format. */
  static int bitrateKbps(int h) {
    int layer = layer(h);
    int table = version(h) == 1 ? layer - 1 : (layer == 1 ? 3 : 4);
    return BITRATES[table][(h >>> 12) & 15];
  }

  /** True for a free-format frame (bitrate index 0). */
  static boolean freeFormat(int h) {
    return ((h >>> 12) & 15) == 0;
  }

  /** Sampling frequency index 0..8 in the order of the layer III band tables. */
  static int rateIndex(int h) {
    int v = version(h);
    return (v == 1 ? 0 : v == 2 ? 3 : 6) + ((h >>> 10) & 3);
  }

  /** The sampling frequency in Hz. */
  static int sampleRateHz(int h) {
    return RATES[rateIndex(h)];
  }

  /** True when the padding slot is present. */
  static boolean padding(int h) {
    return ((h >>> 9) & 1) != 0;
  }

  /** 0 stereo, 1 joint stereo, 2 dual channel, 3 single channel. */
  static int mode(int h) {
    return (h >>> 6) & 3;
  }

  /** 1 or 2. */
  static int channels(int h) {
    return mode(h) == 3 ? 1 : 2;
  }

  /** PCM samples per channel: 384 (layer I), 1152, or 576 (layer III of MPEG-2/2.5). */
  static int samplesPerFrame(int h) {
    int layer = layer(h);
    return layer == 1 ? 384 : (layer == 3 && version(h) != 1) ? 576 : 1152;
  }

  /** Bytes of one padding slot: 4 in layer I, else 1. */
  static int slotBytes(int h) {
    return layer(h) == 1 ? 4 : 1;
  }

  /**
   * The frame length in bytes, header included.
   *
   * @param freeFormatBytes the length without padding of this stream's free-format frames, used
   *     when the bitrate index is 0 (0 when unknown: the result is then 0)
   */
  static int frameBytes(int h, int freeFormatBytes) {
    int pad = padding(h) ? slotBytes(h) : 0;
    if (freeFormat(h)) {
      return freeFormatBytes <= 0 ? 0 : freeFormatBytes + pad;
    }
    int bitrate = bitrateKbps(h) * 1000;
    int rate = sampleRateHz(h);
    int layer = layer(h);
    if (layer == 1) {
      return (12 * bitrate / rate) * 4 + pad;
    }
    int perSample = (layer == 3 && version(h) != 1) ? 72 : 144;
    return perSample * bitrate / rate + pad;
  }

  /**
   * Returns true when {@code b} may follow {@code a} in one stream: same version, layer, sampling
   * frequency, and free format or not. The channel mode may change (the compliance stream {@code
   * he_mode} switches between mono and stereo); the stream converts such frames.
   */
  static boolean sameStream(int a, int b) {
    return valid(b) && ((a ^ b) & 0xFFFE0C00) == 0 && freeFormat(a) == freeFormat(b);
  }
}
