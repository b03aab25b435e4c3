package dev.selection.api;

import java.util.Comparator;
import java.util.Optional;

/**
 * A ranking metric that training reports ({@link TrainingMetrics}, {@link
 * dev.selection.api.spi.ModelManifest#metrics()}), measured on held-out folds: the liked songs are
 * the relevant items, the songs are ranked by score. Each metric has a stable {@link
 * #metricName()}, the key of the metric maps. Metrics at a cut-off {@code k} look at the top {@code
 * k} songs of the ranking; {@link #ROC_AUC} looks at all of it. The constants are declared in the
 * order the metric maps of training list them.
 */
public enum RankingMetric {
  /** Liked songs among the top 10, divided by 10. */
  PRECISION_AT_10("precision@10", 10),
  /** Liked songs among the top 10, divided by all liked songs ranked. */
  RECALL_AT_10("recall@10", 10),
  /** Normalised discounted cumulative gain of the top 10 (binary relevance). */
  NDCG_AT_10("ndcg@10", 10),
  /** Liked songs among the top 20, divided by 20. */
  PRECISION_AT_20("precision@20", 20),
  /** Liked songs among the top 20, divided by all liked songs ranked. */
  RECALL_AT_20("recall@20", 20),
  /** Normalised discounted cumulative gain of the top 20 (binary relevance). */
  NDCG_AT_20("ndcg@20", 20),
  /** Liked songs among the top 50, divided by 50. */
  PRECISION_AT_50("precision@50", 50),
  /** Liked songs among the top 50, divided by all liked songs ranked. */
  RECALL_AT_50("recall@50", 50),
  /** Normalised discounted cumulative gain of the top 50 (binary relevance). */
  NDCG_AT_50("ndcg@50", 50),
  /** Liked songs among the top 100, divided by 100. */
  PRECISION_AT_100("precision@100", 100),
  /** Liked songs among the top 100, divided by all liked songs ranked. */
  RECALL_AT_100("recall@100", 100),
  /** Normalised discounted cumulative gain of the top 100 (binary relevance). */
  NDCG_AT_100("ndcg@100", 100),
  /**
   * Area under the ROC curve: the probability that a random liked song is ranked above a random
   * disliked one (ties count half).
   */
  ROC_AUC("roc_auc", 0);

  /**
   * Orders metric names by family ({@code ndcg}, {@code precision}, …), then by cutoff numerically
   * ({@code @10} before {@code @20} before {@code @100}); names without a cutoff sort by name.
   */
  public static final Comparator<String> NAME_ORDER =
      Comparator.comparing(RankingMetric::family)
          .thenComparingLong(RankingMetric::cutoffOf)
          .thenComparing(Comparator.naturalOrder());

  private final String metricName;
  private final int cutoff;

  RankingMetric(String metricName, int cutoff) {
    this.metricName = metricName;
    this.cutoff = cutoff;
  }

  /** Returns the stable name, the key in metric maps, e.g. {@code ndcg@10} or {@code roc_auc}. */
  public String metricName() {
    return metricName;
  }

  /** Returns the number of top-ranked songs the metric looks at; 0 for a whole-ranking metric. */
  public int cutoff() {
    return cutoff;
  }

  /**
   * Returns the metric with a {@link #metricName()}, or empty for a name this SDK does not report.
   */
  public static Optional<RankingMetric> ofName(String metricName) {
    for (RankingMetric m : values()) {
      if (m.metricName.equals(metricName)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  private static String family(String name) {
    int at = name.indexOf('@');
    return at < 0 ? name : name.substring(0, at);
  }

  private static long cutoffOf(String name) {
    int at = name.indexOf('@');
    if (at < 0) {
      return -1;
    }
    try {
      return Long.parseLong(name.substring(at + 1));
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }
}
