package dev.selection.api;

/**
 * Options of a feature extraction run.
 *
 * @param force recompute even when stored features are current
 * @param embeddings compute OpenL3 embeddings when an embedder is available
 * @param batchSize songs per database commit (a crash loses at most one batch), 1..10,000
 * @param priority run in the priority lane, ahead of queued ordinary work: for the songs a host
 *     shows now
 */
public record ExtractOptions(boolean force, boolean embeddings, int batchSize, boolean priority) {
  /**
   * The defaults: skip current songs, embed when possible, commit every 32 songs, ordinary lane.
   */
  public static final ExtractOptions DEFAULTS = new ExtractOptions(false, true, 32, false);

  /** Returns these options in the priority lane. */
  public ExtractOptions inPriorityLane() {
    return new ExtractOptions(force, embeddings, batchSize, true);
  }

  /** Validates the batch size. */
  public ExtractOptions {
    if (batchSize < 1 || batchSize > 10_000) {
      throw new IllegalArgumentException("batchSize must be in 1..10000: " + batchSize);
    }
  }
}
