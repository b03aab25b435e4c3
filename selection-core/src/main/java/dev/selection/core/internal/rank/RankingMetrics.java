package dev.selection.core.internal.rank;

import dev.selection.api.RankingMetric;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ranking metrics on binary relevance. Items are ranked by descending score; ties are broken by
 * input order (stable), so callers shuffle nothing and results are reproducible.
 *
 * <ul>
 *   <li>{@code precision@K} = hits in the top {@code min(K, n)} / {@code min(K, n)};
 *   <li>{@code recall@K} = hits in the top K / all relevant items;
 *   <li>{@code ndcg@K} = DCG@K / ideal DCG@K with gain 1 and discount {@code 1/log2(rank + 1)};
 *   <li>{@code roc_auc} = the Mann–Whitney probability that a relevant item outscores an irrelevant
 *       one, ties counting one half.
 * </ul>
 *
 * Undefined values (no relevant item, or no irrelevant one for the AUC) are NaN.
 */
public final class RankingMetrics {
  private RankingMetrics() {}

  /**
   * Returns every {@link RankingMetric} by its {@link RankingMetric#metricName()}, in declaration
   * order.
   */
  public static Map<String, Double> all(double[] scores, boolean[] relevant) {
    Map<String, Double> m = new LinkedHashMap<>();
    int[] order = order(scores);
    for (RankingMetric metric : RankingMetric.values()) {
      int k = metric.cutoff();
      double v =
          switch (metric) {
            case PRECISION_AT_10, PRECISION_AT_20, PRECISION_AT_50, PRECISION_AT_100 ->
                precisionAt(order, relevant, k);
            case RECALL_AT_10, RECALL_AT_20, RECALL_AT_50, RECALL_AT_100 ->
                recallAt(order, relevant, k);
            case NDCG_AT_10, NDCG_AT_20, NDCG_AT_50, NDCG_AT_100 -> ndcgAt(order, relevant, k);
            case ROC_AUC -> rocAuc(scores, relevant);
          };
      m.put(metric.metricName(), v);
    }
    return m;
  }

  /** Returns indices sorted by descending score, stable. */
  public static int[] order(double[] scores) {
    Integer[] idx = new Integer[scores.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, Comparator.comparingDouble((Integer i) -> -scores[i]));
    return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
  }

  /** Precision at K over a ranking. */
  public static double precisionAt(int[] order, boolean[] rel, int k) {
    int n = Math.min(k, order.length);
    if (n == 0) {
      return Double.NaN;
    }
    int hits = 0;
    for (int i = 0; i < n; i++) {
      hits += rel[order[i]] ? 1 : 0;
    }
    return hits / (double) n;
  }

  /** Recall at K over a ranking. */
  public static double recallAt(int[] order, boolean[] rel, int k) {
    int total = count(rel);
    if (total == 0) {
      return Double.NaN;
    }
    int hits = 0;
    for (int i = 0; i < Math.min(k, order.length); i++) {
      hits += rel[order[i]] ? 1 : 0;
    }
    return hits / (double) total;
  }

  /** NDCG at K over a ranking. */
  public static double ndcgAt(int[] order, boolean[] rel, int k) {
    int total = count(rel);
    if (total == 0) {
      return Double.NaN;
    }
    double dcg = 0;
    for (int i = 0; i < Math.min(k, order.length); i++) {
      if (rel[order[i]]) {
        dcg += 1 / log2(i + 2);
      }
    }
    double ideal = 0;
    for (int i = 0; i < Math.min(k, total); i++) {
      ideal += 1 / log2(i + 2);
    }
    return dcg / ideal;
  }

  /** ROC-AUC by ranks with average ranks for ties. */
  public static double rocAuc(double[] scores, boolean[] rel) {
    int n = scores.length;
    int pos = count(rel);
    int neg = n - pos;
    if (pos == 0 || neg == 0) {
      return Double.NaN;
    }
    Integer[] idx = new Integer[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, Comparator.comparingDouble((Integer i) -> scores[i]));
    double rankSumPos = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[idx[j + 1]] == scores[idx[i]]) {
        j++;
      }
      double avgRank = (i + j) / 2.0 + 1;
      for (int t = i; t <= j; t++) {
        if (rel[idx[t]]) {
          rankSumPos += avgRank;
        }
      }
      i = j + 1;
    }
    return (rankSumPos - pos * (pos + 1) / 2.0) / ((double) pos * neg);
  }

  private static int count(boolean[] rel) {
    int c = 0;
    for (boolean b : rel) {
      c += b ? 1 : 0;
    }
    return c;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
