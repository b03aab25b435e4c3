package dev.selection.api.spi;

import dev.selection.api.Label;
import java.time.Instant;
import java.util.Objects;

/**
 * One stored label.
 *
 * @param songId the song
 * @param label {@code LIKED} or {@code DISLIKED} (neutral is never stored)
 * @param updatedAt when the label was last set
 */
public record LabelEntry(String songId, Label label, Instant updatedAt) {
  /** Validates the values. */
  public LabelEntry {
    Objects.requireNonNull(songId, "songId");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (label == null || label == Label.NEUTRAL) {
      throw new IllegalArgumentException("Stored labels are liked or disliked: " + label);
    }
  }
}
