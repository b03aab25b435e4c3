package dev.selection.core.internal.audio.lossy;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * Splits an MP3 file into whole MPEG audio frames of one stream, skipping ID3v2 tags, garbage between
 * frames and trailing tags (ID3v1, APE, Lyrics3). The frames are handed to JLayer back to back, so the
 * layer III bit reservoir (which lives inside frame bodies) stays intact across removed garbage.
 *
 * <p>Synchronisation, after the way decoders usually do it (e.g. FFmpeg's {@code mp3_read_probe} and
 * {@code check} in libavformat/mp3dec.c): the first frame must be confirmed by a second header of the same
 * stream right after it; a frame directly following the previous one is accepted on its own header; after
 * garbage, a candidate is accepted only when confirmed again. Frames must keep the first frame's version,
 * layer, sample rate and mono-ness. Not thread-safe.
 */
final class Mp3FrameReader implements Closeable {
  /** JLayer's {@code Bitstream} holds at most 433 ints (1732 bytes) of frame data. */
  static final int MAX_FRAME_BYTES = 1732;

  private final InputStream in;
  private byte[] buf = new byte[1 << 16];
  private int pos;
  private int limit;
  private boolean eof;
  private long bufferFileOffset;

  private MpegAudioHeader reference;
  private long garbageBytes;
  private int garbageRegions;
  private boolean truncatedTail;

  /** The last frame returned by {@link #next()}: its bytes are {@code frame[0, frameLength)}. */
  final byte[] frame = new byte[MAX_FRAME_BYTES + 4];

  int frameLength;
  MpegAudioHeader frameHeader;
  long frameFileOffset;

  Mp3FrameReader(InputStream in) {
    this.in = in;
  }

  /** Returns the stream's reference header (the first frame's), or null before {@link #findFirst}. */
  MpegAudioHeader reference() {
    return reference;
  }

  /** Bytes skipped as garbage between frames (not counting tags at the start). */
  long garbageBytes() {
    return garbageBytes;
  }

  /** Number of separate garbage regions skipped. */
  int garbageRegions() {
    return garbageRegions;
  }

  /** True when the file ended inside a frame that followed its predecessor directly. */
  boolean truncatedTail() {
    return truncatedTail;
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
    return ((buf[p] & 0xFF) << 24) | ((buf[p + 1] & 0xFF) << 16) | ((buf[p + 2] & 0xFF) << 8)
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
   * Returns the total size of an ID3v2 tag (header, body, footer) at {@code b[off]}, or -1 if there is
   * none. The size is four 7-bit "synchsafe" bytes (ID3v2.4 section 3.1).
   */
  static int id3v2Size(byte[] b, int off, int len) {
    if (len - off < 10 || b[off] != 'I' || b[off + 1] != 'D' || b[off + 2] != '3'
        || (b[off + 3] & 0xFF) == 0xFF || (b[off + 4] & 0xFF) == 0xFF) {
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

  /** Returns a header of frame bytes this reader accepts at {@code off} from {@code pos}, or null. */
  private MpegAudioHeader headerAt(int off) throws IOException {
    if (!ensure(off + 4)) {
      return null;
    }
    MpegAudioHeader h = MpegAudioHeader.parse(peekInt(off));
    return h == null || h.frameBytes() > MAX_FRAME_BYTES || h.frameBytes() < 5 ? null : h;
  }

  /** True when what follows a frame of {@code len} bytes at {@code pos} confirms it. */
  private boolean confirmed(MpegAudioHeader h) throws IOException {
    int len = h.frameBytes();
    if (!ensure(len)) {
      return false;
    }
    if (!ensure(len + 4)) {
      // Exactly at (or within 3 bytes of) the end of the file.
      return limit - pos - len == 0;
    }
    MpegAudioHeader next = headerAt(len);
    if (next != null && h.sameStream(next)) {
      return true;
    }
    return peekAscii(len, "TAG") || peekAscii(len, "APET") || peekAscii(len, "LYRI")
        || peekAscii(len, "ID3");
  }

  /**
   * Finds the first frame within {@code maxScan} bytes of the current position (after ID3v2 tags) and
   * makes it the stream's reference. Leaves the position on it.
   *
   * @return false when there is no confirmed frame there
   */
  boolean findFirst(int maxScan) throws IOException {
    for (int scanned = 0; scanned <= maxScan && ensure(4); scanned++) {
      MpegAudioHeader h = headerAt(0);
      if (h != null && confirmed(h)) {
        reference = h;
        return true;
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
    if (reference == null) {
      throw new IllegalStateException("findFirst first");
    }
    boolean inSync = true;
    while (ensure(4)) {
      MpegAudioHeader h = headerAt(0);
      if (h != null && reference.sameStream(h)) {
        int len = h.frameBytes();
        if (!ensure(len)) {
          if (inSync) {
            truncatedTail = true;
            pos = limit;
            return false;
          }
        } else if (inSync || confirmed(h)) {
          System.arraycopy(buf, pos, frame, 0, len);
          frameLength = len;
          frameHeader = h;
          frameFileOffset = bufferFileOffset + pos;
          pos += len;
          return true;
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
