package dev.selection.core.internal.audio.lossy;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.AudioDecoder;
import dev.selection.api.spi.AudioStream;
import java.nio.file.Path;

/**
 * Pure-Java MP3 decoder (MPEG-1/2/2.5 layers I-III) on JLayer (LGPL 2.1, optional dependency).
 *
 * <p>Recognises a file by an ID3v2 tag followed by a valid frame header, or by a bare frame header
 * confirmed by a second consecutive frame. Output matches {@code ffmpeg -i x.mp3 -f s16le} in length:
 * the Xing/Info frame is not decoded, and with a LAME tag the encoder delay plus the decoder delay of 529
 * samples are trimmed at the start and the padding at the end, as FFmpeg does. Garbage between frames is
 * skipped. A file that holds fewer frames than its Xing tag announces is reported as truncated
 * ({@code CORRUPT_AUDIO}) after its audio was delivered. Tags are not read here (see the ID3 parser).
 *
 * <p>When JLayer is not on the class path, {@link #canDecode} returns false and {@link #open} throws
 * {@code RUNTIME_UNAVAILABLE}. Thread-safe; streams are independent.
 */
public final class Mp3Decoder implements AudioDecoder {
  static final String NAME = "mp3";
  /** Bump when our framing or trimming changes the PCM produced for a file. */
  private static final String OWN_VERSION = "1";
  private static final String ANCHOR = "javazoom.jl.decoder.Bitstream";
  private static final boolean AVAILABLE = LossySupport.classPresent(ANCHOR);
  private static final String VERSION = OWN_VERSION + "+jlayer-"
      + (AVAILABLE ? LossySupport.mavenVersion(ANCHOR, "com.googlecode.soundlibs", "jlayer") : "absent");

  /** Creates the decoder (for {@link java.util.ServiceLoader}). */
  public Mp3Decoder() {}

  /** Returns true when JLayer is on the class path. */
  public static boolean isAvailable() {
    return AVAILABLE;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Returns our own version plus JLayer's, e.g. {@code 1+jlayer-1.0.1.4}. */
  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public boolean canDecode(Path file, byte[] head) {
    if (!AVAILABLE || head == null) {
      return false;
    }
    try {
      return sniff(file, head);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Magic-byte check; needs no JLayer. */
  static boolean sniff(Path file, byte[] head) {
    int tag = Mp3FrameReader.id3v2Size(head, 0, head.length);
    byte[] b = head;
    if (tag > 0) {
      b = tag + 16 <= head.length
          ? java.util.Arrays.copyOfRange(head, tag, head.length)
          : (file == null ? new byte[0] : LossySupport.readAt(file, tag, 8192));
    }
    int off = 0;
    // Some taggers pad with zeros after the tag; some files start with a few zero bytes.
    while (off < b.length && off < 4096 && b[off] == 0) {
      off++;
    }
    if (off + 4 > b.length) {
      return false;
    }
    MpegAudioHeader h = MpegAudioHeader.parse(be32(b, off));
    if (h == null || h.frameBytes() > Mp3FrameReader.MAX_FRAME_BYTES) {
      return false;
    }
    int next = off + h.frameBytes();
    if (next + 4 <= b.length) {
      return h.sameStream(MpegAudioHeader.parse(be32(b, next)));
    }
    // Past the bytes we have: enough after an ID3v2 tag, not for a bare sync.
    return tag > 0;
  }

  private static int be32(byte[] b, int o) {
    return ((b[o] & 0xFF) << 24) | ((b[o + 1] & 0xFF) << 16) | ((b[o + 2] & 0xFF) << 8)
        | (b[o + 3] & 0xFF);
  }

  /**
   * {@inheritDoc}
   *
   * @throws SelectionException {@code RUNTIME_UNAVAILABLE} without JLayer, {@code UNSUPPORTED_FORMAT}
   *     when no MPEG audio frames are found, {@code IO_ERROR} when the file cannot be read
   */
  @Override
  public AudioStream open(Path file) {
    if (!AVAILABLE) {
      throw new SelectionException(ErrorCode.RUNTIME_UNAVAILABLE,
          "MP3 decoding needs JLayer (com.googlecode.soundlibs:jlayer, brought by mp3spi) on the class "
              + "path; it is an optional LGPL dependency: " + file);
    }
    return new Mp3Stream(file, NAME + "/" + VERSION);
  }

  @Override
  public String toString() {
    return "Mp3Decoder[" + VERSION + "]";
  }
}
