package dev.selection.core.internal.rank;

/**
 * Per-candidate statistics of cosine similarity to a liked set; NaN where undefined (no liked song
 * left after leave-one-out). Arrays are indexed by candidate row and owned by this object.
 *
 * @param max largest cosine
 * @param top5Mean mean of the (up to) 5 largest cosines
 * @param top20Mean mean of the (up to) 20 largest cosines
 * @param centroid cosine to the normalised sum of the liked vectors
 */
public record SimilarityStats(float[] max, float[] top5Mean, float[] top20Mean, float[] centroid) {
  /** Returns the number of candidates. */
  public int size() {
    return max.length;
  }
}
