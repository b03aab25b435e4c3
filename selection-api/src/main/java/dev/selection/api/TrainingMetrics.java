package dev.selection.api;

import java.util.Collections;
import java.util.Map;
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
 */
public record TrainingMetrics(
    int positives,
    int negatives,
    int trees,
    Map<String, Double> model,
    Map<String, Double> baseline) {
  /** Copies the maps into unmodifiable maps that iterate in name order. */
  public TrainingMetrics {
    model = sortedCopy(model);
    baseline = sortedCopy(baseline);
  }

  private static Map<String, Double> sortedCopy(Map<String, Double> m) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(m == null ? Map.of() : m));
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
