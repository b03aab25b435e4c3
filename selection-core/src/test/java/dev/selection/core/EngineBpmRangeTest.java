package dev.selection.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selection.api.CancellationToken;
import dev.selection.api.ExtractOptions;
import dev.selection.api.ExtractionReport;
import dev.selection.api.SelectionEngine;
import dev.selection.api.SongFeatures;
import dev.selection.core.samples.DemoLibrary;
import dev.selection.core.samples.DemoStyle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configurable BPM range: validated, and a change re-analyses only the tempo group. */
class EngineBpmRangeTest {
  @TempDir Path root;
  @TempDir Path music;

  @Test
  void changingTheRange_reanalysesTempo_andReportsInsideIt() throws Exception {
    Path techno =
        DemoLibrary.write(music, 1, 20, 22_050, 8).stream()
            .filter(t -> t.style() == DemoStyle.TECHNO)
            .findFirst()
            .orElseThrow()
            .path();
    String id;
    String timbreVersion;
    try (SelectionEngine e =
        SelectionEngine.builder(root).autoTrain(false, 20, Duration.ofSeconds(8)).build()) {
      e.extractFeatures(List.of(techno), ExtractOptions.DEFAULTS, p -> {}, new CancellationToken());
      id = e.songIdFor(techno);
      SongFeatures f = e.getSongFeatures(id).orElseThrow();
      assertThat(f.bpm()).isBetween(120.0, 136.0);
      // The beat grid is stored with the tempo: beats at the tempo's period, read back from the
      // store.
      double[] beats = f.beatGrid().beatsSec();
      assertThat(beats.length).isGreaterThan(20);
      assertThat((beats[beats.length - 1] - beats[0]) / (beats.length - 1))
          .isCloseTo(60 / f.bpm(), org.assertj.core.data.Offset.offset(0.01));
      assertThat(f.extractorVersions().get("tempo")).startsWith("tempo-v3/");
      timbreVersion = f.extractorVersions().get("timbre");
    }
    try (SelectionEngine e =
        SelectionEngine.builder(root)
            .bpmRange(50, 110)
            .autoTrain(false, 20, Duration.ofSeconds(8))
            .build()) {
      ExtractionReport r =
          e.extractFeatures(
              List.of(techno), ExtractOptions.DEFAULTS, p -> {}, new CancellationToken());
      assertThat(r.extracted()).as("tempo version changed: re-analysed").isEqualTo(1);
      SongFeatures f = e.getSongFeatures(id).orElseThrow();
      // The range is honoured; which metrical level inside it wins (64 = 128/2, or 85 = 128 * 2/3,
      // the level of the dotted quarter) is the estimator's choice when the felt tempo is outside.
      assertThat(f.bpm()).as("reported inside the range").isBetween(50.0, 110.0);
      double ratio = f.bpm() / 128.0;
      assertThat(List.of(1 / 2.0, 2 / 3.0, 3 / 4.0))
          .as("a metrical level of 128 BPM: %s", f.bpm())
          .anySatisfy(
              level ->
                  assertThat(ratio).isCloseTo(level, org.assertj.core.data.Offset.offset(0.04)));
      assertThat(f.extractorVersions().get("tempo")).contains("bpm(50.0,110.0)");
      assertThat(f.extractorVersions().get("timbre")).isEqualTo(timbreVersion);
    }
  }

  @Test
  void badRanges_areRefusedByTheBuilder() {
    assertThatThrownBy(() -> SelectionEngine.builder(root).bpmRange(80, 120))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2*min");
    assertThatThrownBy(() -> SelectionEngine.builder(root).bpmRange(20, 100))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
