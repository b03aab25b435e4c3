package dev.selection.api;

/**
 * One scored candidate.
 *
 * @param songId the song
 * @param score predicted probability of being liked, 0..1
 * @param rank 1-based position in the result, best first
 */
public record ScoredSong(String songId, double score, int rank) {
  /** Validates the score and rank. */
  public ScoredSong {
    SongFeatures.requireSongId(songId);
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score must be in [0,1]: " + score);
    }
    if (rank < 1) {
      throw new IllegalArgumentException("rank must be >= 1: " + rank);
    }
  }
}
