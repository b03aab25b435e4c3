package dev.selection.core.internal.audio;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * MSB-first bit reader over a {@link SourceFile} for FLAC frames. It keeps every byte since the
 * last {@link #markFrameStart()} in its buffer so that the frame's CRC-8 and CRC-16 can be computed
 * after parsing; the buffer grows to the largest frame seen, capped at {@link #MAX_FRAME_BYTES}.
 * Not thread-safe.
 */
final class FlacBitReader {
  /** Larger frames are refused as corrupt (a legal frame is at most ~16 MiB, real ones ~20 KiB). */
  static final int MAX_FRAME_BYTES = 1 << 24;

  private final SourceFile src;
  private byte[] buf = new byte[1 << 16];
  private int limit;
  private int pos;
  private int bit;
  private int mark;

  FlacBitReader(SourceFile src) {
    this.src = src;
  }

  /** Marks the current (byte-aligned) position as the start of a frame, for the CRCs. */
  void markFrameStart() {
    if (bit != 0) {
      throw new IllegalStateException("not byte-aligned");
    }
    mark = pos;
  }

  /** Returns true when no byte is left in the file. */
  boolean atEnd() {
    return limit - pos < 1 && !fill(1);
  }

  /** Returns true when the next bytes equal {@code magic} (without consuming them). */
  boolean peekBytes(byte[] magic) {
    if (limit - pos < magic.length && !fill(magic.length)) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if (buf[pos + i] != magic[i]) {
        return false;
      }
    }
    return true;
  }

  /** Reads {@code n} (0..32) bits as an unsigned value (for n = 32, the int's bits). */
  int readBits(int n) {
    if (n == 0) {
      return 0;
    }
    if (limit - pos >= 8) {
      // Fast path: a 64-bit window holds at least 57 unread bits.
      long w = (long) BE_LONG.get(buf, pos) << bit;
      int consumed = bit + n;
      pos += consumed >>> 3;
      bit = consumed & 7;
      return (int) (w >>> (64 - n));
    }
    int need = (bit + n + 7) >>> 3;
    if (limit - pos < need) {
      require(need);
    }
    long acc = 0;
    for (int i = 0; i < need; i++) {
      acc = (acc << 8) | (buf[pos + i] & 0xff);
    }
    int consumed = bit + n;
    long v = (acc >>> ((need << 3) - consumed)) & ((1L << n) - 1);
    pos += consumed >>> 3;
    bit = consumed & 7;
    return (int) v;
  }

  /** Reads {@code n} (1..32) bits as a two's-complement signed value. */
  int readSigned(int n) {
    int v = readBits(n);
    int shift = 32 - n;
    return (v << shift) >> shift;
  }

  /** Reads a unary-coded count: zeros up to a terminating one. */
  int readUnary() {
    int count = 0;
    while (true) {
      if (pos >= limit) {
        require(1);
      }
      int b = (buf[pos] << bit) & 0xff;
      if (b != 0) {
        int zeros = Integer.numberOfLeadingZeros(b) - 24;
        count += zeros;
        int consumed = bit + zeros + 1;
        pos += consumed >>> 3;
        bit = consumed & 7;
        return count;
      }
      count += 8 - bit;
      pos++;
      bit = 0;
      if (count > (1 << 24)) {
        throw new SelectionException(
            ErrorCode.CORRUPT_AUDIO, "Corrupt FLAC (unary code too long): " + src.path());
      }
    }
  }

  /**
   * Decodes {@code count} Rice-coded signed residuals with parameter {@code k} into {@code
   * out[off...]}.
   */
  void readRice(int k, int[] out, int off, int count) {
    int maxQ = Integer.MAX_VALUE >>> k;
    for (int i = 0; i < count; i++) {
      if (limit - pos >= 8) {
        // Fast path: decode from a 64-bit window when the whole code fits in it.
        long w = (long) BE_LONG.get(buf, pos) << bit;
        int q = Long.numberOfLeadingZeros(w);
        int used = q + 1 + k;
        if (used <= 64 - bit && q <= maxQ) {
          int r = k == 0 ? 0 : (int) ((w << (q + 1)) >>> (64 - k));
          int u = (q << k) | r;
          out[off + i] = (u >>> 1) ^ -(u & 1);
          int consumed = bit + used;
          pos += consumed >>> 3;
          bit = consumed & 7;
          continue;
        }
      }
      int q = readUnary();
      if (q > maxQ) {
        throw new SelectionException(
            ErrorCode.CORRUPT_AUDIO, "Corrupt FLAC (residual out of range): " + src.path());
      }
      int u = (q << k) | readBits(k);
      out[off + i] = (u >>> 1) ^ -(u & 1);
    }
  }

  /** Skips to the next byte boundary. */
  void alignToByte() {
    if (bit != 0) {
      bit = 0;
      pos++;
    }
  }

  /** Returns the bytes consumed since the frame mark (position must be byte-aligned). */
  int bytesSinceMark() {
    return pos - mark;
  }

  /** Returns the CRC-8 (poly 0x07) of the bytes from the frame mark to the current position. */
  int crc8SinceMark() {
    int crc = 0;
    for (int i = mark; i < pos; i++) {
      crc = CRC8[(crc ^ buf[i]) & 0xff];
    }
    return crc;
  }

  /** Returns the CRC-16 (poly 0x8005) of the bytes from the frame mark to the current position. */
  int crc16SinceMark() {
    int crc = 0;
    for (int i = mark; i < pos; i++) {
      crc = ((crc << 8) ^ CRC16[((crc >>> 8) ^ buf[i]) & 0xff]) & 0xffff;
    }
    return crc;
  }

  private void require(int bytes) {
    if (!fill(bytes)) {
      throw src.prematureEnd("a FLAC frame");
    }
  }

  /** Tries to have {@code bytes} unread bytes buffered; returns false at the end of the file. */
  private boolean fill(int bytes) {
    if (mark > 0) {
      System.arraycopy(buf, mark, buf, 0, limit - mark);
      pos -= mark;
      limit -= mark;
      mark = 0;
    }
    while (limit - pos < bytes) {
      if (limit == buf.length) {
        if (buf.length >= MAX_FRAME_BYTES) {
          throw new SelectionException(
              ErrorCode.CORRUPT_AUDIO,
              "Corrupt FLAC (frame larger than " + MAX_FRAME_BYTES + " bytes): " + src.path());
        }
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
      int r = src.read(ByteBuffer.wrap(buf, limit, buf.length - limit));
      if (r < 0) {
        return false;
      }
      limit += r;
    }
    return true;
  }

  private static final java.lang.invoke.VarHandle BE_LONG =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
          long[].class, java.nio.ByteOrder.BIG_ENDIAN);
  private static final int[] CRC8 = new int[256];
  private static final int[] CRC16 = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      int c8 = i;
      int c16 = i << 8;
      for (int j = 0; j < 8; j++) {
        c8 = (c8 & 0x80) != 0 ? ((c8 << 1) ^ 0x07) & 0xff : (c8 << 1) & 0xff;
        c16 = (c16 & 0x8000) != 0 ? ((c16 << 1) ^ 0x8005) & 0xffff : (c16 << 1) & 0xffff;
      }
      CRC8[i] = c8;
      CRC16[i] = c16;
    }
  }
}
