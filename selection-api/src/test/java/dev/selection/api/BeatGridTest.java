package dev.selection.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BeatGridTest {
  @Test
  void sections_expandToBeats_andBarsToDownbeats() {
    BeatGrid g =
        new BeatGrid(
            List.of(new BeatGrid.Section(1.0, 0.5, 4), new BeatGrid.Section(3.0, 0.25, 3)), 4, 1);
    assertThat(g.beatsSec()).containsExactly(1.0, 1.5, 2.0, 2.5, 3.0, 3.25, 3.5);
    assertThat(g.beatCount()).isEqualTo(7);
    assertThat(g.downbeatsSec()).containsExactly(1.5, 3.25);
    assertThat(g.isConstant()).isFalse();
    assertThat(g.sections().get(0).bpm()).isEqualTo(120.0);
    assertThat(g.sections().get(1).endSec()).isEqualTo(3.5);
  }

  @Test
  void unknownBars_haveNoDownbeats() {
    BeatGrid g = new BeatGrid(List.of(new BeatGrid.Section(0, 0.5, 8)), 0, -1);
    assertThat(g.downbeatsSec()).isEmpty();
    assertThat(g.isConstant()).isTrue();
  }

  @Test
  void badGrids_areRefused() {
    BeatGrid.Section s = new BeatGrid.Section(0, 0.5, 8);
    assertThatThrownBy(() -> new BeatGrid(List.of(), 4, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BeatGrid(List.of(s, new BeatGrid.Section(3.0, 0.5, 2)), 4, 0))
        .as("overlap")
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BeatGrid(List.of(s), 4, 4))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BeatGrid(List.of(s), 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BeatGrid.Section(Double.NaN, 0.5, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BeatGrid.Section(0, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BeatGrid.Section(0, 0.5, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void songFeatures_carryTheGrid() {
    BeatGrid g = new BeatGrid(List.of(new BeatGrid.Section(0.1, 0.5, 8)), 4, 0);
    String id = "a".repeat(64);
    SongFeatures f = SongFeatures.builder(id).bpm(120.0).beatGrid(g).build();
    assertThat(f.beatGrid()).isEqualTo(g);
    assertThat(f.toBuilder().build()).isEqualTo(f);
    assertThat(f).isNotEqualTo(SongFeatures.builder(id).bpm(120.0).build());
  }
}
