package dev.selection.core.internal.audio.lossy;

import dev.selection.api.SongMetadata;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vorbis comments ("KEY=value" user comments, Vorbis I specification section 5) read tolerantly: a
 * damaged length ends the list, it never throws. Keys are compared case-insensitively.
 */
public final class VorbisComments {
  /** No comments. */
  public static final VorbisComments EMPTY = new VorbisComments(Map.of());

  private static final Pattern YEAR = Pattern.compile("(?<!\\d)(\\d{4})(?!\\d)");
  private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)?");
  private static final byte[] MAGIC = {3, 'v', 'o', 'r', 'b', 'i', 's'};

  private final Map<String, List<String>> values;

  private VorbisComments(Map<String, List<String>> values) {
    this.values = values;
  }

  /**
   * Parses a comment header packet (type 3, "vorbis", vendor, comments). Malformed input yields the
   * comments read before the damage, or {@link #EMPTY}.
   *
   * @param p the packet bytes
   * @param off where the packet starts
   * @param len the packet length
   */
  public static VorbisComments parsePacket(byte[] p, int off, int len) {
    if (p == null || len < MAGIC.length || off < 0 || off + len > p.length) {
      return EMPTY;
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (p[off + i] != MAGIC[i]) {
        return EMPTY;
      }
    }
    return parseBody(p, off + MAGIC.length, off + len);
  }

  /** Parses the vendor string and the comment list between {@code from} and {@code to}. */
  static VorbisComments parseBody(byte[] p, int from, int to) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    int pos = from;
    if (to - pos < 4) {
      return EMPTY;
    }
    long vendor = le32(p, pos);
    pos += 4;
    if (vendor < 0 || vendor > to - pos) {
      return EMPTY;
    }
    pos += (int) vendor;
    if (to - pos < 4) {
      return EMPTY;
    }
    long count = le32(p, pos);
    pos += 4;
    for (long i = 0; i < count && to - pos >= 4; i++) {
      long n = le32(p, pos);
      pos += 4;
      if (n > to - pos) {
        break;
      }
      String entry = new String(p, pos, (int) n, StandardCharsets.UTF_8);
      pos += (int) n;
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String key = entry.substring(0, eq).strip().toUpperCase(Locale.ROOT);
      String value = entry.substring(eq + 1).strip();
      if (!key.isEmpty() && !value.isEmpty()) {
        map.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
      }
    }
    if (map.isEmpty()) {
      return EMPTY;
    }
    map.replaceAll((k, v) -> List.copyOf(v));
    return new VorbisComments(Map.copyOf(map));
  }

  private static long le32(byte[] p, int o) {
    return (p[o] & 0xFFL)
        | ((p[o + 1] & 0xFFL) << 8)
        | ((p[o + 2] & 0xFFL) << 16)
        | ((p[o + 3] & 0xFFL) << 24);
  }

  /** Returns every value of {@code key} (any case), in order; empty when absent. */
  public List<String> values(String key) {
    return values.getOrDefault(key.toUpperCase(Locale.ROOT), List.of());
  }

  /** Returns the first value of {@code key}, or null. */
  public String first(String key) {
    List<String> v = values(key);
    return v.isEmpty() ? null : v.get(0);
  }

  /** Returns true when there are no comments. */
  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** Returns the tempo from {@code BPM} (or {@code TEMPO}) in beats per minute, or null. */
  public Double bpm() {
    for (String key : new String[] {"BPM", "TEMPO"}) {
      String v = first(key);
      if (v != null) {
        Matcher m = NUMBER.matcher(v);
        if (m.find()) {
          double bpm = Double.parseDouble(m.group().replace(',', '.'));
          if (bpm > 0 && bpm < 1000) {
            return bpm;
          }
        }
      }
    }
    return null;
  }

  /**
   * Returns the musical key from {@code INITIALKEY} or {@code KEY} as written (e.g. "Am"), or null.
   */
  public String initialKey() {
    String k = first("INITIALKEY");
    return k != null ? k : first("KEY");
  }

  /** Returns the year of {@code DATE} (or {@code YEAR}), or null. */
  public Integer year() {
    for (String key : new String[] {"DATE", "YEAR", "ORIGINALDATE"}) {
      String v = first(key);
      if (v != null) {
        Matcher m = YEAR.matcher(v);
        if (m.find()) {
          return Integer.parseInt(m.group(1));
        }
      }
    }
    return null;
  }

  /** Maps TITLE, ARTIST (else ALBUMARTIST), ALBUM, GENRE, DATE and COMMENT (else DESCRIPTION). */
  public SongMetadata toSongMetadata() {
    if (isEmpty()) {
      return SongMetadata.EMPTY;
    }
    String artist = first("ARTIST");
    if (artist == null) {
      artist = first("ALBUMARTIST");
    }
    String comment = first("COMMENT");
    if (comment == null) {
      comment = first("DESCRIPTION");
    }
    return new SongMetadata(
        first("TITLE"), artist, first("ALBUM"), values("GENRE"), year(), comment);
  }

  @Override
  public String toString() {
    return "VorbisComments" + values;
  }
}
