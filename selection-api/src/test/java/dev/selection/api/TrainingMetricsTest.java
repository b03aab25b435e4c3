package dev.selection.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingMetricsTest {
  @Test
  void maps_iterateInNameOrder_andAreUnmodifiableCopies() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("roc_auc", 0.9);
    m.put("ndcg@10", 0.7);
    m.put("precision@10", 0.5);
    m.put("ndcg@100", 0.6);
    TrainingMetrics t = new TrainingMetrics(20, 80, 50, m, null);
    m.put("zzz", 1.0);
    assertThat(t.model().keySet())
        .containsExactly("ndcg@10", "ndcg@100", "precision@10", "roc_auc");
    assertThat(t.split()).isEmpty();
    assertThat(t.baseline()).isEmpty();
    assertThatThrownBy(() -> t.model().put("x", 1.0))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void names_sortByCutoffNumerically_notAsText() {
    Map<String, Double> m = new LinkedHashMap<>();
    for (String n : new String[] {"ndcg@100", "roc_auc", "ndcg@50", "ndcg@10", "ndcg@20"}) {
      m.put(n, 0.5);
    }
    TrainingMetrics t = new TrainingMetrics(1, 1, 1, m, m, "stratified 5-fold");
    assertThat(t.model().keySet())
        .containsExactly("ndcg@10", "ndcg@20", "ndcg@50", "ndcg@100", "roc_auc");
    assertThat(t.split()).isEqualTo("stratified 5-fold");
  }
}
