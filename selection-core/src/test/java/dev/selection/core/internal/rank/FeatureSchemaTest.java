package dev.selection.core.internal.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The column layout of feature set 3 and the typed column groups that name it. */
class FeatureSchemaTest {
  /** A kind's group as feature set 3 lays it out (written out, not derived from the code). */
  private static List<String> group(String k) {
    return List.of(
        k + "_sim_max",
        k + "_sim_top5_mean",
        k + "_sim_top20_mean",
        k + "_sim_centroid",
        k + "_dsim_max",
        k + "_dsim_top5_mean",
        k + "_dsim_centroid",
        k + "_margin_max",
        k + "_margin_top5_mean",
        k + "_margin_centroid",
        "has_" + k);
  }

  @Test
  void names_areTheFixedColumnsThenOneGroupPerKind_inOrder() {
    FeatureSchema s = FeatureSchema.of(List.of("efficientat", "openl3"));
    List<String> expected = new ArrayList<>(FeatureSchema.FIXED);
    expected.addAll(group("efficientat"));
    expected.addAll(group("openl3"));
    assertThat(s.names()).isEqualTo(expected);
    assertThat(s.columns()).isEqualTo(37 + 2 * 11);
    assertThat(FeatureSchema.FIXED.subList(0, 10)).isEqualTo(group("timbre").subList(0, 10));
  }

  @Test
  void columnGroups_nameTheirColumns() {
    FeatureSchema s = FeatureSchema.of(List.of("efficientat", "openl3", "host-kind"));
    List<String> n = s.names();
    assertThat(s.embeddings())
        .extracting(FeatureSchema.ColumnGroup::kind)
        .containsExactly("efficientat", "openl3", "host-kind");
    List<FeatureSchema.ColumnGroup> groups = new ArrayList<>(s.embeddings());
    groups.add(FeatureSchema.TIMBRE);
    for (FeatureSchema.ColumnGroup g : groups) {
      String k = g.kind();
      assertThat(n.get(g.liked().max())).isEqualTo(k + "_sim_max");
      assertThat(n.get(g.liked().top5Mean())).isEqualTo(k + "_sim_top5_mean");
      assertThat(n.get(g.liked().top20Mean())).isEqualTo(k + "_sim_top20_mean");
      assertThat(n.get(g.liked().centroid())).isEqualTo(k + "_sim_centroid");
      assertThat(n.get(g.disliked().max())).isEqualTo(k + "_dsim_max");
      assertThat(n.get(g.disliked().top5Mean())).isEqualTo(k + "_dsim_top5_mean");
      assertThat(g.disliked().top20Mean()).isEqualTo(-1);
      assertThat(n.get(g.disliked().centroid())).isEqualTo(k + "_dsim_centroid");
      assertThat(n.get(g.margin().max())).isEqualTo(k + "_margin_max");
      assertThat(n.get(g.margin().top5Mean())).isEqualTo(k + "_margin_top5_mean");
      assertThat(g.margin().top20Mean()).isEqualTo(-1);
      assertThat(n.get(g.margin().centroid())).isEqualTo(k + "_margin_centroid");
      assertThat(n.get(g.has())).isEqualTo("has_" + k);
      for (FeatureSchema.Side side : FeatureSchema.Side.values()) {
        assertThat(g.side(side).max()).isEqualTo(s.indexOf(side.column(k, FeatureSchema.Stat.MAX)));
      }
    }
    assertThat(n.get(FeatureSchema.HPCP.max())).isEqualTo("hpcp_corr_max");
    assertThat(FeatureSchema.HPCP.top5Mean()).isEqualTo(-1);
  }

  @Test
  void of_refusesTimbreRepeatedAndMalformedKinds() {
    assertThatThrownBy(() -> FeatureSchema.of(List.of("timbre")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FeatureSchema.of(List.of("openl3", "openl3")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FeatureSchema.of(List.of("Open L3")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
