package dev.selection.api;

import java.util.List;

/**
 * Why a song got its score.
 *
 * @param songId the song
 * @param score its score under the current model
 * @param nearestLiked up to three liked songs most similar to it, most similar first
 * @param nearestDisliked up to three songs of the model's disliked (contrast) snapshot most similar to
 *     it, most similar first; empty when the model has none
 * @param contributions the features that moved its score most (XGBoost per-feature contributions in
 *     log-odds), largest magnitude first
 */
public record Explanation(
    String songId, double score, List<Neighbor> nearestLiked, List<Neighbor> nearestDisliked,
    List<Contribution> contributions) {
  /** Copies the lists. */
  public Explanation {
    nearestLiked = List.copyOf(nearestLiked);
    nearestDisliked = List.copyOf(nearestDisliked);
    contributions = List.copyOf(contributions);
  }

  /** An explanation without disliked neighbours. */
  public Explanation(
      String songId, double score, List<Neighbor> nearestLiked, List<Contribution> contributions) {
    this(songId, score, nearestLiked, List.of(), contributions);
  }

  /**
   * A liked (or disliked) song near the explained one.
   *
   * @param songId the neighbouring song
   * @param similarity cosine similarity, -1..1
   * @param descriptor which vector the similarity was measured on ({@code "openl3"} or {@code "timbre"})
   */
  public record Neighbor(String songId, double similarity, String descriptor) { }

  /**
   * One feature's contribution.
   *
   * @param feature the feature name, e.g. {@code "timbre_sim_max"}
   * @param value the feature's value for the song (NaN when missing)
   * @param contribution its contribution to the log-odds
   */
  public record Contribution(String feature, double value, double contribution) { }
}
