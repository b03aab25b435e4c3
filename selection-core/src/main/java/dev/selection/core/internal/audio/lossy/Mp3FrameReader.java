package dev.selection.core.internal.audio.lossy;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * Splits an MP3 file into whole MPEG audio frames of one stream, skipping ID3v2 tags, garbage
 * between frames and trailing tags (ID3v1, APE, Lyrics3), reading through a fixed 64 KiB buffer.
 *
 * <p>Synchronisation, after the way decoders usually do it (e.g. FFmpeg's {@code mp3_read_probe}
 * and {@code check} in libavformat/mp3dec.c): the first frame must be confirmed by a second header
 * of the same stream right after it; a frame directly following the previous one is accepted on its
 * own header; after garbage, a candidate is accepted only when confirmed again. Frames must keep
 * the first frame's version, layer, sample rate and mono-ness. Free-format streams (bitrate index
 * 0) are supported: the first frame's length is the distance to the next header of the stream, and
 * every frame has that length plus its padding slot. Not thread-safe; no allocation per frame.
 */
final class Mp3FrameReader implements Closeable {
  /** Longest frame accepted: MPEG-2.5 layer II at 160 kbit/s and 8 kHz is 2881 bytes. */
  static final int MAX_FRAME_BYTES = MpegHeaders.MAX_FREE_FORMAT_BYTES;

  private final InputStream in;
  private byte[] buf = new byte[1 << 16];
  private int pos;
  private int limit;
  private boolean eof;
  private long bufferFileOffset;

  private int reference;
  private int freeFormatBytes;
  private long garbageBytes;
  private int garbageRegions;
  private boolean truncatedTail;

  /**
   * The last frame returned by {@link #next()}: its bytes are {@code frame[0, frameLength)},
   * followed by at least 16 bytes the decoders may read past the end.
   */
  final byte[] frame = new byte[MAX_FRAME_BYTES + 16];

  int frameLength;
  int frameHeader;
  long frameFileOffset;

  Mp3FrameReader(InputStream in) {
    this.in = in;
  }

  /** Returns the stream's reference header (the first frame's), or 0 before {@link #findFirst}. */
  int reference() {
    return reference;
  }

  /** Returns the length of a free-format stream's frames without padding, or 0. */
  int freeFormatBytes() {
    return freeFormatBytes;
  }

  /** Bytes skipped as garbage between frames (not counting tags at the start). */
  long garbageBytes() {
    return garbageBytes;
  }

  /** Number of separate garbage regions skipped. */
  int garbageRegions() {
    return garbageRegions;
  }

  /**
   * True when the file ended inside a frame that followed its predecessor directly; that frame was
   * returned with its missing bytes zeroed.
   */
  boolean truncatedTail() {
    return truncatedTail;
  }

  /** File offset of the current read position. */
  long position() {
    return bufferFileOffset + pos;
  }

  /** Ensures {@code n} bytes from {@code pos} are buffered, unless the file ends first. */
  private boolean ensure(int n) throws IOException {
    if (limit - pos >= n) {
      return true;
    }
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      limit -= pos;
      bufferFileOffset += pos;
      pos = 0;
    }
    if (n > buf.length) {
      buf = java.util.Arrays.copyOf(buf, n);
    }
    while (limit < n && !eof) {
      int r = in.read(buf, limit, buf.length - limit);
      if (r < 0) {
        eof = true;
      } else {
        limit += r;
      }
    }
    return limit - pos >= n;
  }

  private int peekInt(int off) {
    int p = pos + off;
    return ((buf[p] & 0xFF) << 24)
        | ((buf[p + 1] & 0xFF) << 16)
        | ((buf[p + 2] & 0xFF) << 8)
        | (buf[p + 3] & 0xFF);
  }

  private boolean peekAscii(int off, String s) {
    for (int i = 0; i < s.length(); i++) {
      if (buf[pos + off + i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Skips bytes, reading past the buffer if needed. */
  private void skip(long n) throws IOException {
    long inBuf = Math.min(n, limit - pos);
    pos += (int) inBuf;
    long rest = n - inBuf;
    while (rest > 0 && ensure(1)) {
      int k = (int) Math.min(rest, limit - pos);
      pos += k;
      rest -= k;
    }
  }

  /**
   * Returns the total size of an ID3v2 tag (header, body, footer) at {@code b[off]}, or -1 if there
   * is none. The size is four 7-bit "synchsafe" bytes (ID3v2.4 section 3.1).
   */
  static int id3v2Size(byte[] b, int off, int len) {
    if (len - off < 10
        || b[off] != 'I'
        || b[off + 1] != 'D'
        || b[off + 2] != '3'
        || (b[off + 3] & 0xFF) == 0xFF
        || (b[off + 4] & 0xFF) == 0xFF) {
      return -1;
    }
    int size = 0;
    for (int i = 6; i < 10; i++) {
      int v = b[off + i] & 0xFF;
      if (v >= 0x80) {
        return -1;
      }
      size = (size << 7) | v;
    }
    boolean footer = (b[off + 5] & 0x10) != 0;
    return 10 + size + (footer ? 10 : 0);
  }

  /** Skips every ID3v2 tag at the current position. */
  void skipId3v2Tags() throws IOException {
    while (ensure(10)) {
      int size = id3v2Size(buf, pos, limit);
      if (size < 0) {
        return;
      }
      skip(size);
    }
  }

  /** Length of the frame with header {@code h} of this stream, or 0 when it cannot be had. */
  private int lengthOf(int h) {
    int len = MpegHeaders.frameBytes(h, freeFormatBytes);
    return len < 5 || len > MAX_FRAME_BYTES ? 0 : len;
  }

  /** Returns a valid header at {@code off} from {@code pos}, or 0. */
  private int headerAt(int off) throws IOException {
    if (!ensure(off + 4)) {
      return 0;
    }
    int h = peekInt(off);
    return MpegHeaders.valid(h) ? h : 0;
  }

  /** True when what follows a frame of {@code len} bytes at {@code pos} confirms it. */
  private boolean confirmed(int h, int len) throws IOException {
    if (!ensure(len)) {
      return false;
    }
    if (!ensure(len + 4)) {
      // Exactly at (or within 3 bytes of) the end of the file.
      return limit - pos - len == 0;
    }
    int next = headerAt(len);
    if (next != 0 && MpegHeaders.sameStream(h, next)) {
      return true;
    }
    return peekAscii(len, "TAG")
        || peekAscii(len, "APET")
        || peekAscii(len, "LYRI")
        || peekAscii(len, "ID3");
  }

  /**
   * For a free-format header at {@code pos}: finds the next header of the same stream and returns
   * the frame length without padding it implies, or 0.
   */
  private int measureFreeFormat(int h) throws IOException {
    int pad = MpegHeaders.padding(h) ? MpegHeaders.slotBytes(h) : 0;
    ensure(MAX_FRAME_BYTES + 4);
    for (int d = 8; d + 4 <= limit - pos && d <= MAX_FRAME_BYTES; d++) {
      int next = peekInt(d);
      if (MpegHeaders.valid(next) && MpegHeaders.sameStream(h, next)) {
        int base = d - pad;
        int nextPad = MpegHeaders.padding(next) ? MpegHeaders.slotBytes(next) : 0;
        int after = d + base + nextPad;
        // A third header at the same spacing confirms it (or the end of the file).
        if (after + 4 <= limit - pos) {
          int third = peekInt(after);
          if (MpegHeaders.valid(third) && MpegHeaders.sameStream(h, third)) {
            return base;
          }
        } else if (after <= limit - pos && eof) {
          return base;
        }
      }
    }
    return 0;
  }

  /**
   * Finds the first frame within {@code maxScan} bytes of the current position (after ID3v2 tags)
   * and makes it the stream's reference. Leaves the position on it.
   *
   * @return false when there is no confirmed frame there
   */
  boolean findFirst(int maxScan) throws IOException {
    for (int scanned = 0; scanned <= maxScan && ensure(4); scanned++) {
      int h = headerAt(0);
      if (h != 0) {
        if (MpegHeaders.freeFormat(h)) {
          int base = measureFreeFormat(h);
          if (base > 0) {
            freeFormatBytes = base;
            reference = h;
            return true;
          }
        } else {
          int len = lengthOf(h);
          if (len > 0 && confirmed(h, len)) {
            reference = h;
            return true;
          }
        }
      }
      pos++;
    }
    return false;
  }

  /**
   * Reads the next frame of the stream into {@link #frame}, skipping garbage.
   *
   * @return false at the end of the stream
   */
  boolean next() throws IOException {
    if (reference == 0) {
      throw new IllegalStateException("findFirst first");
    }
    boolean inSync = true;
    while (ensure(4)) {
      int h = headerAt(0);
      if (h != 0 && MpegHeaders.sameStream(reference, h)) {
        int len = lengthOf(h);
        if (len > 0) {
          if (!ensure(len)) {
            if (inSync) {
              // The file ends inside a frame that follows its predecessor: decode what is there,
              // the
              // rest as zeros, as FFmpeg does (its output keeps the frame).
              int have = limit - pos;
              System.arraycopy(buf, pos, frame, 0, have);
              java.util.Arrays.fill(frame, have, len + 16, (byte) 0);
              frameLength = len;
              frameHeader = h;
              frameFileOffset = bufferFileOffset + pos;
              truncatedTail = true;
              pos = limit;
              return true;
            }
          } else if (inSync || confirmed(h, len)) {
            System.arraycopy(buf, pos, frame, 0, len);
            frameLength = len;
            frameHeader = h;
            frameFileOffset = bufferFileOffset + pos;
            pos += len;
            return true;
          }
        }
      }
      if (inSync) {
        inSync = false;
        garbageRegions++;
      }
      pos++;
      garbageBytes++;
    }
    garbageBytes += limit - pos;
    pos = limit;
    return false;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
