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
    assertThat(t.baseline()).isEmpty();
    assertThatThrownBy(() -> t.model().put("x", 1.0))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
