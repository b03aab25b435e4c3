package dev.selection.core.internal.audio.tags;

import dev.selection.api.SongMetadata;
import java.util.Objects;

/**
 * The tags of one file: the editable {@link SongMetadata} plus the tempo and key that some taggers
 * write (DJ software, Mixed In Key). Values only; never authoritative over the audio analysis.
 *
 * @param metadata title, artist, album, genres, year, comment; {@link SongMetadata#EMPTY} when none
 * @param bpm tempo in beats per minute from a TBPM/BPM tag, in (0, 1000], or null
 * @param key initial key as written in the tag (e.g. "Am", "8A"), or null
 */
public record TrackTags(SongMetadata metadata, Double bpm, String key) {
  /** No tags at all. */
  public static final TrackTags EMPTY = new TrackTags(SongMetadata.EMPTY, null, null);

  /** Validates: metadata non-null, bpm finite and in range, blank key becomes null. */
  public TrackTags {
    Objects.requireNonNull(metadata, "metadata");
    if (bpm != null && !(bpm > 0 && bpm <= 1000)) {
      bpm = null;
    }
    if (key != null) {
      key = key.strip();
      if (key.isEmpty()) {
        key = null;
      }
    }
  }

  /** Returns true when nothing is known. */
  public boolean isEmpty() {
    return metadata.isEmpty() && bpm == null && key == null;
  }
}
