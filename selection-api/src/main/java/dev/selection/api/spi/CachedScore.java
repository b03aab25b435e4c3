package dev.selection.api.spi;

import java.util.Objects;

/**
 * A persisted prediction.
 *
 * @param songId the song
 * @param fileHash the file hash the score was computed for
 * @param score the score, 0..1
 */
public record CachedScore(String songId, String fileHash, double score) {
  /** Validates the values. */
  public CachedScore {
    Objects.requireNonNull(songId, "songId");
    fileHash = fileHash == null ? "" : fileHash;
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score must be in [0,1]: " + score);
    }
  }
}
