package dev.selection.core.internal.audio.tags;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * APEv2 tags (and APEv1, the same item layout), as found at the end of MP3 files written by
 * foobar2000, Mp3tag or MP3Gain: a 32-byte footer {@code APETAGEX}, version, tag size (items plus
 * footer), item count and flags, all little-endian; each item is a value size, flags, a
 * NUL-terminated ASCII key and a UTF-8 value (several values separated by NUL). Keys are matched
 * case-insensitively: Title, Artist, Album, Genre, Year, Comment, BPM, Key. Binary and external
 * items are skipped; a broken tag yields what was read before the damage.
 */
public final class ApeTags {
  /** Bytes of the APE footer (and of the optional header). */
  public static final int FOOTER_BYTES = 32;

  private static final byte[] PREAMBLE = "APETAGEX".getBytes(StandardCharsets.US_ASCII);

  private ApeTags() {}

  /**
   * Returns the size of the APE tag (items plus footer, without the optional header) whose footer
   * is {@code footer}, or -1 when it is not an APE footer.
   */
  public static int tagSize(byte[] footer) {
    if (footer.length < FOOTER_BYTES) {
      return -1;
    }
    for (int i = 0; i < PREAMBLE.length; i++) {
      if (footer[i] != PREAMBLE[i]) {
        return -1;
      }
    }
    int size = leInt(footer, 12);
    return size < FOOTER_BYTES ? -1 : size;
  }

  /**
   * Parses the items of an APE tag ({@code tag}: the items followed by the footer, as {@link
   * #tagSize} measures it) into {@code out}; returns whether any item was read.
   */
  public static boolean parse(byte[] tag, TagCollector out) {
    int count = tag.length >= FOOTER_BYTES ? leInt(tag, tag.length - FOOTER_BYTES + 16) : 0;
    int end = tag.length - FOOTER_BYTES;
    int pos = 0;
    boolean any = false;
    for (int n = 0; n < count && pos + 9 <= end; n++) {
      int valueSize = leInt(tag, pos);
      int flags = leInt(tag, pos + 4);
      int keyStart = pos + 8;
      int keyEnd = keyStart;
      while (keyEnd < end && tag[keyEnd] != 0) {
        keyEnd++;
      }
      int valueStart = keyEnd + 1;
      if (keyEnd >= end || valueSize < 0 || valueStart + (long) valueSize > end) {
        break; // damaged: keep what was read
      }
      String key = new String(tag, keyStart, keyEnd - keyStart, StandardCharsets.US_ASCII);
      boolean text = ((flags >>> 1) & 3) == 0; // 0 = UTF-8 text, 1 = binary, 2 = external link
      if (text) {
        String value = new String(tag, valueStart, valueSize, StandardCharsets.UTF_8);
        for (String v : value.split("\0")) {
          any |= field(key.toUpperCase(Locale.ROOT), v, out);
        }
      }
      pos = valueStart + valueSize;
    }
    return any;
  }

  private static boolean field(String key, String value, TagCollector out) {
    switch (key) {
      case "TITLE" -> out.title(value);
      case "ARTIST" -> out.artist(value);
      case "ALBUM" -> out.album(value);
      case "GENRE" -> Id3Tags.parseGenre(value).forEach(out::genre);
      case "YEAR", "DATE" -> out.date(value);
      case "COMMENT" -> out.comment(value);
      case "BPM" -> out.bpm(value);
      case "KEY", "INITIALKEY" -> out.key(value);
      default -> {
        return false;
      }
    }
    return true;
  }

  private static int leInt(byte[] b, int pos) {
    return (b[pos] & 0xff)
        | (b[pos + 1] & 0xff) << 8
        | (b[pos + 2] & 0xff) << 16
        | (b[pos + 3] & 0xff) << 24;
  }
}
