package dev.selection.core.internal.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.selection.api.RankingMetric;
import dev.selection.api.TrainingMetrics;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {
  // Ranking by score: items 0 (rel), 1 (not), 2 (rel), 3 (not), 4 (rel).
  static final double[] SCORES = {0.9, 0.8, 0.7, 0.6, 0.5};
  static final boolean[] REL = {true, false, true, false, true};

  @Test
  void precisionRecallNdcg_handComputed() {
    int[] order = RankingMetrics.order(SCORES);
    assertThat(RankingMetrics.precisionAt(order, REL, 2)).isEqualTo(0.5);
    assertThat(RankingMetrics.precisionAt(order, REL, 3)).isCloseTo(2 / 3.0, within(1e-12));
    assertThat(RankingMetrics.precisionAt(order, REL, 10)).isCloseTo(0.6, within(1e-12)); // 3/5
    assertThat(RankingMetrics.recallAt(order, REL, 2)).isCloseTo(1 / 3.0, within(1e-12));
    assertThat(RankingMetrics.recallAt(order, REL, 10)).isEqualTo(1.0);
    // DCG@3 = 1/log2(2) + 1/log2(4) = 1.5; IDCG@3 = 1 + 1/log2(3) + 1/log2(4) = 2.1309297535714578
    assertThat(RankingMetrics.ndcgAt(order, REL, 3))
        .isCloseTo(1.5 / 2.1309297535714578, within(1e-12));
    // DCG@5 = 1 + 0.5 + 1/log2(6) = 1.8868528072345416; IDCG@5 = IDCG@3
    assertThat(RankingMetrics.ndcgAt(order, REL, 5))
        .isCloseTo(1.8868528072345416 / 2.1309297535714578, within(1e-12));
  }

  @Test
  void rocAuc_handComputed_withTies() {
    // Pairs (pos, neg): (0.9,0.8) win, (0.9,0.6) win, (0.7,0.8) loss, (0.7,0.6) win, (0.5,0.8)
    // loss,
    // (0.5,0.6) loss: 3/6.
    assertThat(RankingMetrics.rocAuc(SCORES, REL)).isCloseTo(0.5, within(1e-12));
    // One tie between a positive and a negative counts one half: 1 pos, 2 neg, scores 1 vs {1, 0}.
    assertThat(RankingMetrics.rocAuc(new double[] {1, 1, 0}, new boolean[] {true, false, false}))
        .isCloseTo(0.75, within(1e-12));
    assertThat(RankingMetrics.rocAuc(new double[] {1, 2}, new boolean[] {true, true})).isNaN();
  }

  @Test
  void all_namesEveryCutOff() {
    Map<String, Double> m = RankingMetrics.all(SCORES, REL);
    assertThat(m)
        .containsKeys(
            "precision@10",
            "precision@20",
            "precision@50",
            "precision@100",
            "recall@10",
            "ndcg@100",
            "roc_auc")
        .hasSize(13);
  }

  @Test
  void all_keysAreTheMetricNames_inDeclarationOrder() {
    Map<String, Double> m = RankingMetrics.all(SCORES, REL);
    assertThat(m.keySet())
        .containsExactly(
            Arrays.stream(RankingMetric.values())
                .map(RankingMetric::metricName)
                .toArray(String[]::new));
    assertThat(m.get(RankingMetric.PRECISION_AT_10.metricName())).isCloseTo(0.6, within(1e-12));
    assertThat(m.get(RankingMetric.ROC_AUC.metricName())).isCloseTo(0.5, within(1e-12));
    for (RankingMetric r : RankingMetric.values()) {
      assertThat(RankingMetric.ofName(r.metricName())).contains(r);
      assertThat(r.metricName()).endsWith(r.cutoff() == 0 ? "roc_auc" : "@" + r.cutoff());
    }
    assertThat(RankingMetric.ofName("ndcg@7")).isEmpty();
    TrainingMetrics t = new TrainingMetrics(3, 2, 1, m, Map.of());
    assertThat(t.modelMetric(RankingMetric.RECALL_AT_10)).isEqualTo(1.0);
    assertThat(t.baselineMetric(RankingMetric.ROC_AUC)).isNaN();
  }

  @Test
  void stratifiedFolds_balanceClasses() {
    boolean[] y = new boolean[100];
    for (int i = 0; i < 20; i++) {
      y[i * 5] = true;
    }
    int[] fold = Folds.stratified(y, 5, 1);
    for (int f = 0; f < 5; f++) {
      int pos = 0;
      int all = 0;
      for (int i = 0; i < 100; i++) {
        if (fold[i] == f) {
          all++;
          pos += y[i] ? 1 : 0;
        }
      }
      assertThat(pos).isEqualTo(4);
      assertThat(all).isEqualTo(20);
    }
  }
}
