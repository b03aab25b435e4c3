package dev.selection.core.internal.audio.lossy;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.AudioDecoder;
import dev.selection.api.spi.AudioStream;
import java.nio.file.Path;

/**
 * Pure-Java Ogg Vorbis decoder on JOrbis (LGPL 2.1, optional dependency).
 *
 * <p>Recognises a file by an "OggS" beginning-of-stream page whose first packet is a Vorbis
 * identification header. Decodes the first Vorbis logical stream (other multiplexed streams are
 * ignored; chained streams after the first end-of-stream page are not decoded) to float PCM,
 * trimmed to the final page's granule position as FFmpeg and libvorbisfile do. Vorbis comments
 * (title, artist, album, genre, date, comment, plus BPM and key) are read by a tolerant parser;
 * broken comments never stop decoding. A stream cut before its end-of-stream page is reported as
 * {@code CORRUPT_AUDIO} after its audio was delivered.
 *
 * <p>When JOrbis is not on the class path, {@link #canDecode} returns false and {@link #open}
 * throws {@code RUNTIME_UNAVAILABLE}. Thread-safe; streams are independent.
 */
public final class VorbisDecoder implements AudioDecoder {
  static final String NAME = "vorbis";

  /** Bump when our page handling or trimming changes the PCM produced for a file. */
  private static final String OWN_VERSION = "1";

  private static final String ANCHOR = "com.jcraft.jorbis.DspState";
  private static final boolean AVAILABLE = LossySupport.classPresent(ANCHOR);
  private static final String VERSION =
      OWN_VERSION
          + "+jorbis-"
          + (AVAILABLE
              ? LossySupport.mavenVersion(ANCHOR, "com.googlecode.soundlibs", "jorbis")
              : "absent");

  /** Creates the decoder (for {@link java.util.ServiceLoader}). */
  public VorbisDecoder() {}

  /** Returns true when JOrbis is on the class path. */
  public static boolean isAvailable() {
    return AVAILABLE;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Returns our own version plus JOrbis', e.g. {@code 1+jorbis-0.0.17.4}. */
  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public boolean canDecode(Path file, byte[] head) {
    return AVAILABLE && head != null && sniff(head);
  }

  /**
   * True for an Ogg beginning-of-stream page (RFC 3533 section 6) whose first packet starts with
   * the Vorbis identification header {@code 0x01 "vorbis"}.
   */
  static boolean sniff(byte[] head) {
    if (head.length < 28
        || head[0] != 'O'
        || head[1] != 'g'
        || head[2] != 'g'
        || head[3] != 'S'
        || head[4] != 0
        || (head[5] & 0x02) == 0) {
      return false;
    }
    int segments = head[26] & 0xFF;
    int p = 27 + segments;
    if (p + 7 > head.length) {
      return false;
    }
    return head[p] == 1
        && head[p + 1] == 'v'
        && head[p + 2] == 'o'
        && head[p + 3] == 'r'
        && head[p + 4] == 'b'
        && head[p + 5] == 'i'
        && head[p + 6] == 's';
  }

  /**
   * {@inheritDoc}
   *
   * @throws SelectionException {@code RUNTIME_UNAVAILABLE} without JOrbis, {@code
   *     UNSUPPORTED_FORMAT} when the file is not Ogg Vorbis, {@code CORRUPT_AUDIO} for damaged
   *     headers, {@code IO_ERROR} when the file cannot be read
   */
  @Override
  public AudioStream open(Path file) {
    if (!AVAILABLE) {
      throw new SelectionException(
          ErrorCode.RUNTIME_UNAVAILABLE,
          "Ogg Vorbis decoding needs JOrbis (com.googlecode.soundlibs:jorbis, brought by vorbisspi) on "
              + "the class path; it is an optional LGPL dependency: "
              + file);
    }
    return new VorbisStream(file, NAME + "/" + VERSION);
  }

  @Override
  public String toString() {
    return "VorbisDecoder[" + VERSION + "]";
  }
}
