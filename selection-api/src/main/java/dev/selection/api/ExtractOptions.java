package dev.selection.api;

/**
 * Options of a feature extraction run.
 *
 * @param force recompute even when stored features are current
 * @param embeddings compute OpenL3 embeddings when an embedder is available
 * @param batchSize songs per database commit (a crash loses at most one batch), 1..10,000
 */
public record ExtractOptions(boolean force, boolean embeddings, int batchSize) {
  /** The defaults: skip current songs, embed when possible, commit every 32 songs. */
  public static final ExtractOptions DEFAULTS = new ExtractOptions(false, true, 32);

  /** Validates the batch size. */
  public ExtractOptions {
    if (batchSize < 1 || batchSize > 10_000) {
      throw new IllegalArgumentException("batchSize must be in 1..10000: " + batchSize);
    }
  }
}
