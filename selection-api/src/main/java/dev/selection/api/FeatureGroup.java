package dev.selection.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A group of ranking features a host can leave out of training and prediction ({@link
 * SelectionEngine.Builder#excludeFeatureGroups}). Bitrate, for example, can leak where a library's
 * files came from (promo pools against rips) rather than what they sound like. The groups left out
 * are stored with the model; a model made with other exclusions is retrained like one made with
 * other hyper-parameters.
 */
public enum FeatureGroup {
  /** The file's bitrate and whether it is known. */
  BITRATE("bitrate"),
  /** The distance to the nearest liked song's duration. */
  DURATION("duration"),
  /**
   * Tags: artist and album matches, genre overlap, year distance, title/comment text similarity.
   */
  METADATA("metadata"),
  /** The distance to the nearest liked song's tempo (and its octave). */
  TEMPO("tempo"),
  /** The distance to the nearest liked song's key (Camelot and semitones). */
  KEY("key"),
  /** The song's mean loudness (RMS). */
  LOUDNESS("loudness");

  private final String wireName;

  FeatureGroup(String wireName) {
    this.wireName = wireName;
  }

  /** Returns the stable name, e.g. {@code bitrate}, as the CLI and the model manifest write it. */
  public String wireName() {
    return wireName;
  }

  /**
   * Returns the group named {@code wireName} (case-insensitive).
   *
   * @throws IllegalArgumentException for an unknown name; the message lists the known ones
   */
  public static FeatureGroup fromWireName(String wireName) {
    for (FeatureGroup g : values()) {
      if (g.wireName.equals(wireName.trim().toLowerCase(Locale.ROOT))) {
        return g;
      }
    }
    throw new IllegalArgumentException(
        "Unknown feature group: "
            + wireName
            + " (known: "
            + Arrays.stream(values()).map(FeatureGroup::wireName).collect(Collectors.joining(", "))
            + ")");
  }
}
