package dev.selection.api;

import java.util.List;
import java.util.Objects;

/**
 * The editable metadata of a song that the ranker uses. Every field may be null (unknown); the
 * genre list is never null but may be empty.
 *
 * @param title track title
 * @param artist track artist
 * @param album album title
 * @param genres genres, in tag order, without duplicates
 * @param year release year, or null
 * @param comment free-text comment or grouping tags used by the text similarity, or null
 */
public record SongMetadata(
    String title, String artist, String album, List<String> genres, Integer year, String comment) {

  /** Metadata with every field unknown. */
  public static final SongMetadata EMPTY =
      new SongMetadata(null, null, null, List.of(), null, null);

  /** Blank strings become null; genres are trimmed, blanks and duplicates dropped. */
  public SongMetadata {
    title = blankToNull(title);
    artist = blankToNull(artist);
    album = blankToNull(album);
    comment = blankToNull(comment);
    genres =
        genres == null
            ? List.of()
            : genres.stream()
                .filter(Objects::nonNull)
                .map(String::trim)
                .filter(g -> !g.isEmpty())
                .distinct()
                .toList();
    if (year != null && (year < 0 || year > 9999)) {
      year = null;
    }
  }

  /** Returns true when no field is known. */
  public boolean isEmpty() {
    return title == null
        && artist == null
        && album == null
        && genres.isEmpty()
        && year == null
        && comment == null;
  }

  private static String blankToNull(String s) {
    if (s == null) {
      return null;
    }
    String t = s.strip();
    return t.isEmpty() ? null : t;
  }
}
