package dev.selection.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExtractOptionsTest {
  @Test
  void defaults_commitEvery32SongsOrEvery2Seconds() {
    assertThat(ExtractOptions.DEFAULTS.batchSize()).isEqualTo(32);
    assertThat(ExtractOptions.DEFAULTS.commitInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(new ExtractOptions(true, false, 5, false).commitInterval())
        .isEqualTo(ExtractOptions.DEFAULT_COMMIT_INTERVAL);
  }

  @Test
  void withCommitInterval_keepsTheOtherOptions() {
    ExtractOptions o =
        new ExtractOptions(true, false, 7, false)
            .withCommitInterval(Duration.ofMillis(250))
            .inPriorityLane();
    assertThat(o).isEqualTo(new ExtractOptions(true, false, 7, true, Duration.ofMillis(250)));
  }

  @Test
  void commitInterval_outOfRange_isRefused() {
    assertThatThrownBy(() -> ExtractOptions.DEFAULTS.withCommitInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("commitInterval");
    assertThatThrownBy(() -> ExtractOptions.DEFAULTS.withCommitInterval(Duration.ofHours(2)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ExtractOptions.DEFAULTS.withCommitInterval(null))
        .isInstanceOf(NullPointerException.class);
  }
}
