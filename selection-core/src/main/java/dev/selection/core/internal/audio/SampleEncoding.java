package dev.selection.core.internal.audio;

/**
 * How one PCM sample is stored in an uncompressed container, and its conversion to a float in [-1,
 * 1]: integers map {@code s / 2^(bits-1)} (exact for 8- to 24-bit), floats are copied with NaN
 * mapped to 0 and values clamped to [-1, 1].
 *
 * @param bytes bytes per stored sample (1..8)
 * @param bigEndian byte order
 * @param floating IEEE float (4 or 8 bytes) rather than two's-complement integer
 * @param unsigned8 8-bit samples stored offset-binary (WAV) rather than signed (AIFF)
 */
public record SampleEncoding(int bytes, boolean bigEndian, boolean floating, boolean unsigned8) {
  /** Validates the combination. */
  public SampleEncoding {
    if (floating ? bytes != 4 && bytes != 8 : bytes < 1 || bytes > 4) {
      throw new IllegalArgumentException("Unsupported sample encoding: " + bytes + " bytes");
    }
  }

  /** Converts {@code count} samples from {@code src[pos...]} into {@code dst[off...]}. */
  void decode(byte[] src, int pos, float[] dst, int off, int count) {
    int p = pos;
    if (floating) {
      for (int i = 0; i < count; i++, p += bytes) {
        double v =
            bytes == 4
                ? Float.intBitsToFloat((int) read(src, p, 4))
                : Double.longBitsToDouble(read(src, p, 8));
        dst[off + i] = sanitize(v);
      }
      return;
    }
    switch (bytes) {
      case 1 -> {
        for (int i = 0; i < count; i++, p++) {
          int s = unsigned8 ? (src[p] & 0xff) - 128 : src[p];
          dst[off + i] = s * (1f / 128f);
        }
      }
      case 2 -> {
        for (int i = 0; i < count; i++, p += 2) {
          int s =
              bigEndian
                  ? (short) ((src[p] << 8) | (src[p + 1] & 0xff))
                  : (short) ((src[p + 1] << 8) | (src[p] & 0xff));
          dst[off + i] = s * (1f / 32768f);
        }
      }
      case 3 -> {
        for (int i = 0; i < count; i++, p += 3) {
          int s =
              bigEndian
                  ? (src[p] << 16) | ((src[p + 1] & 0xff) << 8) | (src[p + 2] & 0xff)
                  : (src[p + 2] << 16) | ((src[p + 1] & 0xff) << 8) | (src[p] & 0xff);
          dst[off + i] = s * (1f / 8388608f);
        }
      }
      default -> {
        for (int i = 0; i < count; i++, p += 4) {
          int s = (int) read(src, p, 4);
          dst[off + i] = (float) (s / 2147483648.0);
        }
      }
    }
  }

  private long read(byte[] b, int p, int n) {
    long v = 0;
    if (bigEndian) {
      for (int i = 0; i < n; i++) {
        v = (v << 8) | (b[p + i] & 0xffL);
      }
    } else {
      for (int i = n - 1; i >= 0; i--) {
        v = (v << 8) | (b[p + i] & 0xffL);
      }
    }
    return v;
  }

  /** Maps NaN to 0 and clamps to [-1, 1], so that no garbage leaves a decoder. */
  static float sanitize(double v) {
    if (Double.isNaN(v)) {
      return 0f;
    }
    return (float) Math.max(-1.0, Math.min(1.0, v));
  }
}
