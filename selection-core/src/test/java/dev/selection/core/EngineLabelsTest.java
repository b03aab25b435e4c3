package dev.selection.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selection.api.ErrorCode;
import dev.selection.api.Label;
import dev.selection.api.LabelSnapshot;
import dev.selection.api.LabelUpdate;
import dev.selection.api.SelectionEngine;
import dev.selection.api.SelectionException;
import dev.selection.api.SongFeatures;
import dev.selection.api.SongMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Labels and features end to end through the facade on a real SQLite library root. */
class EngineLabelsTest {
  @TempDir Path root;

  static String id(int n) {
    return String.format("%064x", n);
  }

  private SelectionEngine open() {
    return SelectionEngine.builder(root).autoTrain(false, 20, Duration.ofSeconds(8)).build();
  }

  @Test
  void setSelectionLabels_countsRealChangesOnly() {
    try (SelectionEngine e = open()) {
      LabelUpdate first = e.setSelectionLabels(List.of(id(1), id(2), id(2)), Label.LIKED);
      assertThat(first).isEqualTo(new LabelUpdate(2, 2, 2, 2));
      LabelUpdate same = e.setSelectionLabels(List.of(id(1)), Label.LIKED);
      assertThat(same).isEqualTo(new LabelUpdate(1, 0, 2, 0));
      LabelUpdate flip = e.setSelectionLabels(List.of(id(1), id(3)), Label.DISLIKED);
      assertThat(flip).isEqualTo(new LabelUpdate(2, 2, 4, 2));
      LabelUpdate clear = e.setSelectionLabels(List.of(id(2), id(4)), Label.NEUTRAL);
      assertThat(clear).isEqualTo(new LabelUpdate(2, 1, 5, 1));

      LabelSnapshot s = e.getSelectionLabelSnapshot();
      assertThat(s.positiveIds()).isEmpty();
      assertThat(s.negativeIds()).containsExactly(id(1), id(3));
      assertThat(s.sampleChangeCount()).isEqualTo(5);
      assertThat(e.status().disliked()).isEqualTo(2);
    }
  }

  @Test
  void labels_surviveReopen_andResetsWork() {
    try (SelectionEngine e = open()) {
      e.setSelectionLabels(List.of(id(1), id(2)), Label.LIKED);
      e.setSelectionLabels(List.of(id(3)), Label.DISLIKED);
    }
    try (SelectionEngine e = open()) {
      LabelSnapshot s = e.getSelectionLabelSnapshot();
      assertThat(s.positiveIds()).containsExactly(id(1), id(2));
      assertThat(s.negativeIds()).containsExactly(id(3));
      assertThat(e.resetSelectionSampleChangeCount()).isZero();
      assertThat(e.getSelectionLabelSnapshot().sampleChangeCount()).isZero();
      assertThat(e.getSelectionLabelSnapshot().positiveIds()).hasSize(2);
      assertThat(e.resetSelectionLabels()).isEqualTo(3);
      assertThat(e.getSelectionLabelSnapshot().positiveIds()).isEmpty();
    }
  }

  @Test
  void invalidArguments_areRefusedBeforeAnythingIsWritten() {
    try (SelectionEngine e = open()) {
      assertThatThrownBy(() -> e.setSelectionLabels(Arrays.asList(id(1), null), Label.LIKED))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> e.setSelectionLabels(List.of(id(1), ""), Label.LIKED))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> e.setSelectionLabels(List.of("ABC"), Label.LIKED))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> Label.parse("love"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("like, dislike or clear");
      assertThat(e.getSelectionLabelSnapshot().positiveIds()).isEmpty();
      assertThat(e.getSelectionLabelSnapshot().sampleChangeCount()).isZero();
    }
  }

  @Test
  void upsertSongFeatures_partialUpdateKeepsOtherColumns() {
    try (SelectionEngine e = open()) {
      float[] timbre = {0.5f, -0.25f, 1e-8f};
      e.upsertSongFeatures(
          List.of(
              SongFeatures.builder(id(7))
                  .fileHash("h1")
                  .bpm(128.0)
                  .timbre(timbre)
                  .key("A minor")
                  .extractorVersion("tempo", "1")
                  .build()));
      e.upsertSongFeatures(
          List.of(SongFeatures.builder(id(7)).rmsMean(0.2).extractorVersion("rms", "2").build()));
      SongFeatures f = e.getSongFeatures(id(7)).orElseThrow();
      assertThat(f.bpm()).isEqualTo(128.0);
      assertThat(f.rmsMean()).isEqualTo(0.2);
      assertThat(f.key()).isEqualTo("A minor");
      assertThat(f.fileHash()).isEqualTo("h1");
      assertThat(f.timbre()).containsExactly(timbre);
      assertThat(f.extractorVersions()).containsEntry("tempo", "1").containsEntry("rms", "2");
      assertThat(e.status().featureRows()).isEqualTo(1);
    }
  }

  @Test
  void onMetadataChanged_countsASampleChangeForLabelledSongsOnly() {
    try (SelectionEngine e = open()) {
      e.upsertSongFeatures(
          List.of(
              SongFeatures.builder(id(1)).fileHash("h1").build(),
              SongFeatures.builder(id(2)).fileHash("h2").build()));
      e.setSelectionLabels(List.of(id(1)), Label.LIKED);
      e.resetSelectionSampleChangeCount();
      SongMetadata before = new SongMetadata("T", "A", null, List.of("House"), 2020, null);
      SongMetadata after = new SongMetadata("T", "B", null, List.of("House"), 2020, null);
      assertThat(e.onMetadataChanged(id(1), before, before)).isFalse();
      assertThat(e.onMetadataChanged(id(1), before, after)).isTrue();
      assertThat(e.getSelectionLabelSnapshot().sampleChangeCount()).isEqualTo(1);
      assertThat(e.onMetadataChanged(id(2), before, after)).isTrue();
      assertThat(e.getSelectionLabelSnapshot().sampleChangeCount()).isEqualTo(1);
      assertThat(e.getSongFeatures(id(1)).orElseThrow().metadata().artist()).isEqualTo("B");
    }
  }

  @Test
  void closedEngine_refusesCalls_andCloseIsIdempotent() {
    SelectionEngine e = open();
    e.close();
    e.close();
    assertThatThrownBy(e::getSelectionLabelSnapshot).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void createLibraryRoot_createsAMissingFolder_butNotOverAFile() throws Exception {
    Path missing = root.resolve("new/library");
    try (SelectionEngine e =
        SelectionEngine.builder(missing)
            .createLibraryRoot()
            .autoTrain(false, 20, java.time.Duration.ofSeconds(8))
            .build()) {
      assertThat(e.status().featureRows()).isZero();
    }
    assertThat(Files.isDirectory(missing)).isTrue();
    Path file = Files.writeString(root.resolve("a-file"), "x");
    assertThatThrownBy(
            () -> SelectionEngine.builder(file.resolve("lib")).createLibraryRoot().build())
        .isInstanceOfSatisfying(
            SelectionException.class, ex -> assertThat(ex.code()).isEqualTo(ErrorCode.DB_ERROR));
  }

  @Test
  void missingLibraryFolder_isADbErrorNamingTheFile() {
    Path missing = root.resolve("no-such-library");
    assertThatThrownBy(() -> SelectionEngine.builder(missing).build())
        .isInstanceOfSatisfying(
            SelectionException.class, ex -> assertThat(ex.code()).isEqualTo(ErrorCode.DB_ERROR))
        .hasMessageContaining("no-such-library");
    assertThat(Files.exists(missing)).isFalse();
  }

  @Test
  void builder_refusesDoubleSettingAndBadValues() {
    SelectionEngine.Builder b = SelectionEngine.builder(root).threadBudget(2);
    assertThatThrownBy(() -> b.threadBudget(3)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> SelectionEngine.builder(root).minPositives(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
