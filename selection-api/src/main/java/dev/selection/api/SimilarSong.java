package dev.selection.api;

/**
 * One song of a "more like these" result.
 *
 * @param songId the song
 * @param similarity cosine similarity to the seeds' profile, -1..1 (higher is closer)
 * @param rank 1-based position in the result, most similar first
 */
public record SimilarSong(String songId, double similarity, int rank) {
  /** Validates the values. */
  public SimilarSong {
    SongFeatures.requireSongId(songId);
    if (!(similarity >= -1.0001 && similarity <= 1.0001)) {
      throw new IllegalArgumentException("similarity must be in [-1,1]: " + similarity);
    }
    if (rank < 1) {
      throw new IllegalArgumentException("rank must be >= 1: " + rank);
    }
  }
}
