package dev.selection.api.spi;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Persisted scores keyed by {@code (songId, modelRevision, fileHash)} ({@code
 * song_prediction_cache} in {@code features.db}). Cleaned up by events only, never by sweeps.
 * Thread-safe.
 */
public interface PredictionCache extends AutoCloseable {
  /**
   * Returns cached scores for songs at their current file hash.
   *
   * @param fileHashBySongId each wanted song with its current file hash
   * @return score by song id, for the songs that have one
   */
  Map<String, Double> get(Map<String, String> fileHashBySongId, long modelRevision);

  /** Stores scores of one model revision in one transaction. */
  void put(long modelRevision, List<CachedScore> scores);

  /** After a training: deletes every row of another revision; returns rows deleted. */
  int deleteOtherRevisions(long keepRevision);

  /** When songs leave the library (or their metadata changed): deletes their rows. */
  int deleteSongs(Collection<String> songIds);

  /** When a song's file hash changed: deletes its rows of any other hash. */
  int deleteStaleFileHashes(String songId, String currentFileHash);

  /** Deletes everything; returns rows deleted. */
  int clear();

  /** Closes the cache. Idempotent. */
  @Override
  void close();
}
