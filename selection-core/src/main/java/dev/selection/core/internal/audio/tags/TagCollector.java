package dev.selection.core.internal.audio.tags;

import dev.selection.api.SongMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Accumulates tag fields from one or more tag blocks of a file. The first non-blank value of a
 * field wins, so callers feed the richer tag first (ID3v2 before ID3v1). Genres accumulate in
 * order. Not thread-safe.
 */
public final class TagCollector {
  private static final Pattern YEAR = Pattern.compile("(?<!\\d)(\\d{4})(?!\\d)");
  private static final Pattern NUMBER = Pattern.compile("[-+]?\\d+(?:[.,]\\d+)?");

  private String title;
  private String artist;
  private String album;
  private final List<String> genres = new ArrayList<>();
  private Integer year;
  private String comment;
  private Double bpm;
  private String key;

  /** Creates an empty collector. */
  public TagCollector() {}

  /** Sets the title unless already set. */
  public void title(String v) {
    if (title == null) {
      title = clean(v);
    }
  }

  /** Sets the artist unless already set. */
  public void artist(String v) {
    if (artist == null) {
      artist = clean(v);
    }
  }

  /** Sets the album unless already set. */
  public void album(String v) {
    if (album == null) {
      album = clean(v);
    }
  }

  /** Adds a genre (duplicates are dropped later). */
  public void genre(String v) {
    String g = clean(v);
    if (g != null) {
      genres.add(g);
    }
  }

  /**
   * Sets the year from the first four-digit run of a date (e.g. "2004-05-01"), unless already set.
   */
  public void date(String v) {
    if (year == null && v != null) {
      Matcher m = YEAR.matcher(v);
      if (m.find()) {
        int y = Integer.parseInt(m.group(1));
        if (y > 0) {
          year = y;
        }
      }
    }
  }

  /** Sets the comment unless already set. */
  public void comment(String v) {
    if (comment == null) {
      comment = clean(v);
    }
  }

  /** Sets the tempo from text such as "128" or "127.5", unless already set; junk is ignored. */
  public void bpm(String v) {
    if (bpm == null && v != null) {
      Matcher m = NUMBER.matcher(v.strip());
      if (m.lookingAt()) {
        try {
          double d = Double.parseDouble(m.group().replace(',', '.'));
          if (d > 0 && d <= 1000) {
            bpm = d;
          }
        } catch (NumberFormatException e) {
          // not a number: ignored, tags are advisory
        }
      }
    }
  }

  /** Sets the initial key unless already set. */
  public void key(String v) {
    if (key == null) {
      key = clean(v);
    }
  }

  /** Returns true when any field has a value. */
  public boolean hasAny() {
    return title != null
        || artist != null
        || album != null
        || !genres.isEmpty()
        || year != null
        || comment != null
        || bpm != null
        || key != null;
  }

  /** Returns the collected tags. */
  public TrackTags toTags() {
    return new TrackTags(new SongMetadata(title, artist, album, genres, year, comment), bpm, key);
  }

  private static String clean(String v) {
    if (v == null) {
      return null;
    }
    // Strip the NULs and control characters that sloppy taggers leave behind.
    StringBuilder sb = new StringBuilder(v.length());
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == 0) {
        break;
      }
      if (c >= 0x20 || c == '\t') {
        sb.append(c);
      } else if (c == '\n' || c == '\r') {
        sb.append(' ');
      }
    }
    String s = sb.toString().strip();
    return s.isEmpty() ? null : s;
  }
}
