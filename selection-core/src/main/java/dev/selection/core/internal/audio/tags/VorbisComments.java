package dev.selection.core.internal.audio.tags;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Parser for a Vorbis comment block (the FLAC VORBIS_COMMENT metadata block, or the Ogg Vorbis
 * comment header after its {@code "\3vorbis"} prefix): a little-endian length-prefixed vendor
 * string, a count, then {@code KEY=value} UTF-8 strings
 * (https://xiph.org/vorbis/doc/v-comment.html). Tolerant: stops at the first inconsistency and
 * keeps what it read. Stateless and thread-safe.
 */
public final class VorbisComments {
  private VorbisComments() {}

  /** Parses a whole comment block into tags; never throws. */
  public static TrackTags parse(byte[] block) {
    TagCollector c = new TagCollector();
    parse(block, 0, block.length, c);
    return c.toTags();
  }

  /**
   * Parses the comment block in {@code b[from, to)} into {@code out}; never throws.
   *
   * @return true when the block was read to its declared end
   */
  public static boolean parse(byte[] b, int from, int to, TagCollector out) {
    try {
      int pos = from;
      if (to - pos < 8) {
        return false;
      }
      long vendorLen = leUint(b, pos);
      pos += 4;
      if (vendorLen > to - pos - 4) {
        return false;
      }
      pos += (int) vendorLen;
      long count = leUint(b, pos);
      pos += 4;
      for (long i = 0; i < count; i++) {
        if (to - pos < 4) {
          return false;
        }
        long len = leUint(b, pos);
        pos += 4;
        if (len > to - pos) {
          return false;
        }
        String entry = new String(b, pos, (int) len, StandardCharsets.UTF_8);
        pos += (int) len;
        int eq = entry.indexOf('=');
        if (eq > 0) {
          field(entry.substring(0, eq).toUpperCase(Locale.ROOT), entry.substring(eq + 1), out);
        }
      }
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static void field(String key, String value, TagCollector out) {
    switch (key) {
      case "TITLE" -> out.title(value);
      case "ARTIST" -> out.artist(value);
      case "ALBUM" -> out.album(value);
      case "GENRE" -> {
        for (String g : Id3Tags.parseGenre(value)) {
          out.genre(g);
        }
      }
      case "DATE", "YEAR", "ORIGINALDATE", "ORIGINALYEAR" -> out.date(value);
      case "BPM", "TEMPO" -> out.bpm(value);
      case "INITIALKEY", "KEY" -> out.key(value);
      case "COMMENT", "DESCRIPTION" -> out.comment(value);
      default -> {}
    }
  }

  private static long leUint(byte[] b, int pos) {
    return (b[pos] & 0xffL)
        | ((b[pos + 1] & 0xffL) << 8)
        | ((b[pos + 2] & 0xffL) << 16)
        | ((b[pos + 3] & 0xffL) << 24);
  }
}
