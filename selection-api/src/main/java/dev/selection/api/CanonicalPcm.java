package dev.selection.api;

/**
 * The canonical PCM a songId is the SHA-256 of: the decoder's float samples, interleaved, each
 * mapped to a signed 16-bit little-endian integer by {@link #toCanonical16}. So {@code sha256sum}
 * of {@code selection decode --format s16le} output is the file's songId, and two files with the
 * same decoded audio share a songId whatever their container or tags.
 */
public final class CanonicalPcm {
  private CanonicalPcm() {}

  /**
   * Maps a sample to 16 bits: {@code floor(x * 32768 + 0.5)}, clamped to [-32768, 32767]; NaN maps
   * to 0.
   */
  public static short toCanonical16(float x) {
    if (Float.isNaN(x)) {
      return 0; // decoders never emit NaN; mapped like the reference script for completeness
    }
    double v = Math.floor(x * 32768.0 + 0.5);
    return v < -32768 ? Short.MIN_VALUE : v > 32767 ? Short.MAX_VALUE : (short) v;
  }
}
