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
 * @param model evaluation metrics of the model on held-out folds, by name (e.g. {@code "ndcg@50"},
 *     {@code "precision@10"}, {@code "roc_auc"})
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
}
