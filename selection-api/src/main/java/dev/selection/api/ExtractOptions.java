package dev.selection.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of a feature extraction run. Results are committed when {@code batchSize} songs are
 * pending or the oldest pending song has waited {@code commitInterval}, whichever comes first, so a
 * crash (even {@code kill -9}) loses at most one batch or about one interval of finished work.
 *
 * @param force recompute even when stored features are current
 * @param embeddings compute OpenL3 embeddings when an embedder is available
 * @param batchSize songs per database commit (a crash loses at most one batch), 1..10,000
 * @param priority run in the priority lane, ahead of queued ordinary work: for the songs a host
 *     shows now
 * @param commitInterval the longest a finished song waits for its commit, 1 ms..1 h
 */
public record ExtractOptions(
    boolean force, boolean embeddings, int batchSize, boolean priority, Duration commitInterval) {
  /** The default commit interval: 2 seconds. */
  public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofSeconds(2);

  /**
   * The defaults: skip current songs, embed when possible, commit every 32 songs or every 2 s,
   * ordinary lane.
   */
  public static final ExtractOptions DEFAULTS = new ExtractOptions(false, true, 32, false);

  /**
   * Options with the default commit interval ({@link #DEFAULT_COMMIT_INTERVAL}).
   *
   * @throws IllegalArgumentException when the batch size is out of range
   */
  public ExtractOptions(boolean force, boolean embeddings, int batchSize, boolean priority) {
    this(force, embeddings, batchSize, priority, DEFAULT_COMMIT_INTERVAL);
  }

  /** Returns these options in the priority lane. */
  public ExtractOptions inPriorityLane() {
    return new ExtractOptions(force, embeddings, batchSize, true, commitInterval);
  }

  /**
   * Returns these options with another commit interval.
   *
   * @throws IllegalArgumentException when the interval is out of range
   */
  public ExtractOptions withCommitInterval(Duration interval) {
    return new ExtractOptions(force, embeddings, batchSize, priority, interval);
  }

  /** Validates the batch size and the commit interval. */
  public ExtractOptions {
    if (batchSize < 1 || batchSize > 10_000) {
      throw new IllegalArgumentException("batchSize must be in 1..10000: " + batchSize);
    }
    Objects.requireNonNull(commitInterval, "commitInterval");
    if (commitInterval.compareTo(Duration.ofMillis(1)) < 0
        || commitInterval.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("commitInterval must be in 1 ms..1 h: " + commitInterval);
    }
  }
}
