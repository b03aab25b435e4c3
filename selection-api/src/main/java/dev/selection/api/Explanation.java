package dev.selection.api;

import java.util.List;

/**
 * Why a song got its score.
 *
 * @param songId the song
 * @param score its score under the current model
 * @param nearestLiked up to three liked songs most similar to it, most similar first
 * @param nearestDisliked up to three songs of the model's disliked (contrast) snapshot most similar
 *     to it, most similar first; empty when the model has none
 * @param contributions the features that moved its score most (XGBoost per-feature contributions in
 *     log-odds), largest magnitude first
 * @param sharedTags sound-event tags the song shares with the model's liked songs (both the song's
 *     probability and the liked songs' mean probability at least {@link
 *     SharedTag#MIN_PROBABILITY}), strongest first; empty without tags
 */
public record Explanation(
    String songId,
    double score,
    List<Neighbor> nearestLiked,
    List<Neighbor> nearestDisliked,
    List<Contribution> contributions,
    List<SharedTag> sharedTags) {
  /** Copies the lists. */
  public Explanation {
    nearestLiked = List.copyOf(nearestLiked);
    nearestDisliked = List.copyOf(nearestDisliked);
    contributions = List.copyOf(contributions);
    sharedTags = sharedTags == null ? List.of() : List.copyOf(sharedTags);
  }

  /** An explanation without shared tags. */
  public Explanation(
      String songId,
      double score,
      List<Neighbor> nearestLiked,
      List<Neighbor> nearestDisliked,
      List<Contribution> contributions) {
    this(songId, score, nearestLiked, nearestDisliked, contributions, List.of());
  }

  /** An explanation without disliked neighbours. */
  public Explanation(
      String songId, double score, List<Neighbor> nearestLiked, List<Contribution> contributions) {
    this(songId, score, nearestLiked, List.of(), contributions, List.of());
  }

  /** Returns this explanation with the given shared tags. */
  public Explanation withSharedTags(List<SharedTag> tags) {
    return new Explanation(songId, score, nearestLiked, nearestDisliked, contributions, tags);
  }

  /**
   * A tag the song shares with the liked songs.
   *
   * @param tag the tag name
   * @param probability the song's probability of it
   * @param likedMean the mean probability over the model's liked songs that have tags
   */
  public record SharedTag(String tag, double probability, double likedMean) {
    /** The least probability, on both sides, for a tag to count as shared. */
    public static final double MIN_PROBABILITY = 0.1;
  }

  /**
   * A liked (or disliked) song near the explained one.
   *
   * @param songId the neighbouring song
   * @param similarity cosine similarity, -1..1
   * @param descriptor which vector the similarity was measured on: an embedding kind ({@code
   *     "efficientat"}, {@code "openl3"}) or {@code "timbre"}
   */
  public record Neighbor(String songId, double similarity, String descriptor) {}

  /**
   * One feature's contribution.
   *
   * @param feature the feature name, e.g. {@code "timbre_sim_max"}
   * @param value the feature's value for the song (NaN when missing)
   * @param contribution its contribution to the log-odds
   */
  public record Contribution(String feature, double value, double contribution) {}
}
