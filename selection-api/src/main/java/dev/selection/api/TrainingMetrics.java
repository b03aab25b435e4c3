package dev.selection.api;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a training run measured.
 *
 * @param positives liked samples used
 * @param negatives disliked samples used
 * @param trees boosting rounds kept after early stopping
 * @param model evaluation metrics of the model on held-out folds, by {@link
 *     RankingMetric#metricName()} (e.g. {@code "ndcg@50"}, {@code "precision@10"}, {@code
 *     "roc_auc"}); a metric that was undefined on every fold is absent
 * @param baseline the same metrics for the centroid-cosine baseline on the same folds
 * @param split how the samples were held out, e.g. {@code "time split (latest 20 % held out)"} or
 *     {@code "stratified 5-fold"}; empty when not known
 */
public record TrainingMetrics(
    int positives,
    int negatives,
    int trees,
    Map<String, Double> model,
    Map<String, Double> baseline,
    String split) {
  /**
   * Copies the maps into unmodifiable maps that iterate in {@link RankingMetric#NAME_ORDER} (by
   * family, then by cutoff numerically: {@code ndcg@10, ndcg@20, ndcg@50, ndcg@100}).
   */
  public TrainingMetrics {
    model = sortedCopy(model);
    baseline = sortedCopy(baseline);
    split = Objects.requireNonNullElse(split, "");
  }

  /**
   * Metrics whose split is not known.
   *
   * @param positives liked samples used
   * @param negatives disliked samples used
   * @param trees boosting rounds kept
   * @param model the model's metrics by name
   * @param baseline the baseline's metrics by name
   */
  public TrainingMetrics(
      int positives,
      int negatives,
      int trees,
      Map<String, Double> model,
      Map<String, Double> baseline) {
    this(positives, negatives, trees, model, baseline, "");
  }

  private static Map<String, Double> sortedCopy(Map<String, Double> m) {
    TreeMap<String, Double> sorted = new TreeMap<>(RankingMetric.NAME_ORDER);
    if (m != null) {
      sorted.putAll(m);
    }
    return Collections.unmodifiableSortedMap(sorted);
  }

  /** Returns one metric of the model, NaN when it was not measured. */
  public double modelMetric(RankingMetric metric) {
    return model.getOrDefault(metric.metricName(), Double.NaN);
  }

  /** Returns one metric of the baseline, NaN when it was not measured. */
  public double baselineMetric(RankingMetric metric) {
    return baseline.getOrDefault(metric.metricName(), Double.NaN);
  }
}
