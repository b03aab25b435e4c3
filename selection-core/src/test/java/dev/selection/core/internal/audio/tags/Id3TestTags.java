package dev.selection.core.internal.audio.tags;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds ID3v2 tags byte by byte, following the id3.org structure documents. */
public final class Id3TestTags {
  private Id3TestTags() {}

  /** A v2.3 text frame in Latin-1. */
  public static byte[] text(String id, String value) {
    byte[] v = value.getBytes(StandardCharsets.ISO_8859_1);
    return frame3(id, cat(new byte[] {0}, v));
  }

  /** A v2.3 frame: id, 32-bit size, two flag bytes, data. */
  public static byte[] frame3(String id, byte[] data) {
    return ByteBuffer.allocate(10 + data.length)
        .put(id.getBytes(StandardCharsets.US_ASCII))
        .putInt(data.length)
        .putShort((short) 0)
        .put(data)
        .array();
  }

  /** A v2.4 frame with a syncsafe size and the given format flags. */
  public static byte[] frame4(String id, byte[] data, int formatFlags) {
    return ByteBuffer.allocate(10 + data.length)
        .put(id.getBytes(StandardCharsets.US_ASCII))
        .put(syncsafe(data.length))
        .put((byte) 0)
        .put((byte) formatFlags)
        .put(data)
        .array();
  }

  /** A v2.2 frame: 3-char id, 24-bit size. */
  public static byte[] frame2(String id, byte[] data) {
    int n = data.length;
    return ByteBuffer.allocate(6 + n)
        .put(id.getBytes(StandardCharsets.US_ASCII))
        .put((byte) (n >> 16))
        .put((byte) (n >> 8))
        .put((byte) n)
        .put(data)
        .array();
  }

  /** A complete v2.3 tag of the given frames plus some padding. */
  public static byte[] v23(List<byte[]> frames) {
    return tag(3, 0, cat(cat(frames.toArray(byte[][]::new)), new byte[16]));
  }

  /** A complete tag with the given version, flags and body. */
  public static byte[] tag(int major, int flags, byte[] body) {
    return cat(
        new byte[] {'I', 'D', '3', (byte) major, 0, (byte) flags}, syncsafe(body.length), body);
  }

  static byte[] syncsafe(int n) {
    return new byte[] {
      (byte) ((n >> 21) & 0x7f),
      (byte) ((n >> 14) & 0x7f),
      (byte) ((n >> 7) & 0x7f),
      (byte) (n & 0x7f)
    };
  }

  /** Concatenates byte arrays. */
  public static byte[] cat(byte[]... parts) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      o.writeBytes(p);
    }
    return o.toByteArray();
  }
}
