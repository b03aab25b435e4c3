package dev.selection.core.internal.audio.lossy;

/**
 * The VBR/gapless information an encoder writes into the first (silent) frame of an MP3: a Xing or
 * Info tag, optionally followed by a LAME tag with the encoder delay and padding, or a Fraunhofer
 * VBRI tag.
 *
 * <p>Layouts: the Xing tag (flags, frame count, byte count, 100-byte TOC, quality) at the end of
 * the layer III side information; the LAME tag right after it, with the 12-bit encoder delay and
 * 12-bit padding at byte 21 (LAME's "Mp3 Info Tag rev 1 specifications"); VBRI 32 bytes after the
 * header. FFmpeg (libavformat/mp3dec.c, {@code mp3_parse_info_tag}, 5.1) reads the same fields and
 * honours the delays when the encoder string starts with {@code LAME}, {@code Lavf} or {@code
 * Lavc}; so do we.
 *
 * @param kind "Xing", "Info" or "VBRI"
 * @param frames audio frames in the file after the tag frame, or -1
 * @param bytes bytes of the stream as the encoder counted them, or -1
 * @param encoderDelay samples of encoder delay to drop at the start, or -1 without a LAME tag
 * @param encoderPadding samples of padding to drop at the end, or -1 without a LAME tag
 */
record XingTag(String kind, long frames, long bytes, int encoderDelay, int encoderPadding) {

  /** Returns true when the tag frame carries no audio and must not be decoded (as FFmpeg does). */
  boolean skipsTagFrame() {
    return frames > 0 || bytes > 0;
  }

  /** Returns true when the LAME tag gave encoder delay and padding. */
  boolean hasGaplessInfo() {
    return encoderDelay >= 0 && encoderPadding >= 0;
  }

  private static long be32(byte[] b, int o) {
    return ((b[o] & 0xFFL) << 24)
        | ((b[o + 1] & 0xFF) << 16)
        | ((b[o + 2] & 0xFF) << 8)
        | (b[o + 3] & 0xFF);
  }

  private static boolean ascii(byte[] b, int o, int len, String s) {
    if (o + s.length() > len) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (b[o + i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Parses the tag in a frame, or returns null if it has none.
   *
   * @param f the frame bytes, header included
   * @param len the frame length
   * @param h the frame's header
   */
  static XingTag parse(byte[] f, int len, MpegAudioHeader h) {
    if (h.layer() != 3) {
      return null;
    }
    int o = h.xingOffset();
    boolean xing = ascii(f, o, len, "Xing");
    if (xing || ascii(f, o, len, "Info")) {
      if (o + 8 > len) {
        return null;
      }
      long flags = be32(f, o + 4);
      int p = o + 8;
      long frames = -1;
      long bytes = -1;
      if ((flags & 1) != 0 && p + 4 <= len) {
        frames = be32(f, p);
        p += 4;
      }
      if ((flags & 2) != 0 && p + 4 <= len) {
        bytes = be32(f, p);
        p += 4;
      }
      if ((flags & 4) != 0) {
        p += 100;
      }
      if ((flags & 8) != 0) {
        p += 4;
      }
      int delay = -1;
      int padding = -1;
      if (p + 24 <= len
          && (ascii(f, p, len, "LAME") || ascii(f, p, len, "Lavf") || ascii(f, p, len, "Lavc"))) {
        int v = ((f[p + 21] & 0xFF) << 16) | ((f[p + 22] & 0xFF) << 8) | (f[p + 23] & 0xFF);
        delay = v >>> 12;
        padding = v & 0xFFF;
      }
      return new XingTag(xing ? "Xing" : "Info", frames, bytes, delay, padding);
    }
    if (ascii(f, 36, len, "VBRI") && 54 <= len && f[40] == 0 && f[41] == 1) {
      return new XingTag("VBRI", be32(f, 50), be32(f, 46), -1, -1);
    }
    return null;
  }
}
