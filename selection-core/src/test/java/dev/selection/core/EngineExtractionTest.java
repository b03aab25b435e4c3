package dev.selection.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selection.api.CancellationToken;
import dev.selection.api.ErrorCode;
import dev.selection.api.ExtractOptions;
import dev.selection.api.ExtractionReport;
import dev.selection.api.Progress;
import dev.selection.api.SelectionEngine;
import dev.selection.api.SongFeatures;
import dev.selection.core.samples.DemoLibrary;
import dev.selection.core.samples.DemoStyle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Library analysis end to end on generated audio and a real SQLite library. */
class EngineExtractionTest {
  @TempDir Path root;
  @TempDir Path music;

  private SelectionEngine open() {
    return SelectionEngine.builder(root).autoTrain(false, 20, Duration.ofSeconds(8)).build();
  }

  @Test
  void extractFeatures_storesEveryFeature_thenSkipsCurrentSongs() throws Exception {
    List<DemoLibrary.Track> tracks = DemoLibrary.write(music, 1, 30, 44100, 3);
    List<Path> files = new ArrayList<>();
    tracks.forEach(t -> files.add(t.path()));
    Path junk = Files.write(music.resolve("notes.txt"), "not audio".getBytes());
    files.add(junk);
    List<Progress> progress = Collections.synchronizedList(new ArrayList<>());
    try (SelectionEngine e = open()) {
      ExtractionReport r =
          e.extractFeatures(files, ExtractOptions.DEFAULTS, progress::add, new CancellationToken());
      assertThat(r.total()).isEqualTo(tracks.size() + 1);
      assertThat(r.extracted()).isEqualTo(tracks.size());
      assertThat(r.failed()).isEqualTo(1);
      assertThat(r.failures())
          .singleElement()
          .satisfies(f -> assertThat(f.code()).isEqualTo(ErrorCode.UNSUPPORTED_FORMAT));
      assertThat(e.listFailures()).hasSize(1);
      assertThat(progress).isNotEmpty();
      assertThat(progress.get(progress.size() - 1).done()).isEqualTo(tracks.size() + 1);

      for (DemoLibrary.Track t : tracks) {
        String id = e.songIdFor(t.path());
        SongFeatures f = e.getSongFeatures(id).orElseThrow();
        assertThat(f.durationSec()).isCloseTo(30.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(f.timbre()).isNotNull();
        assertThat(f.hpcp()).hasSize(36);
        assertThat(f.rmsMean()).isPositive();
        assertThat(f.loudnessLufs()).isBetween(-40.0, 0.0);
        assertThat(f.chromaprintFingerprint()).isNotBlank();
        assertThat(f.metadata().artist()).isEqualTo(t.style().artist());
        assertThat(f.extractorVersions())
            .containsKeys("format", "rms", "loudness", "tempo", "tonal", "timbre", "chromaprint");
        if (t.style() == DemoStyle.TECHNO) {
          assertThat(f.bpm()).isBetween(120.0, 136.0);
        }
      }

      ExtractionReport again =
          e.extractFeatures(files, ExtractOptions.DEFAULTS, p -> {}, new CancellationToken());
      assertThat(again.skipped()).isEqualTo(tracks.size());
      assertThat(again.extracted()).isZero();
      assertThat(again.failed()).isEqualTo(1);
    }
  }

  @Test
  void cancelledRun_keepsFinishedWork_andResumes() throws Exception {
    List<DemoLibrary.Track> tracks = DemoLibrary.write(music, 2, 12, 22050, 5);
    List<Path> files = new ArrayList<>();
    tracks.forEach(t -> files.add(t.path()));
    CancellationToken cancel = new CancellationToken();
    try (SelectionEngine e = open()) {
      ExtractionReport first =
          e.extractFeatures(
              files,
              new ExtractOptions(false, true, 1, false),
              p -> {
                if (p.done() >= 3) {
                  cancel.cancel();
                }
              },
              cancel);
      assertThat(first.cancelled()).isTrue();
      assertThat(first.extracted()).isBetween(3, files.size() - 1);
      long stored = e.status().featureRows();
      assertThat(stored).isEqualTo(first.extracted());
      ExtractionReport second =
          e.extractFeatures(files, ExtractOptions.DEFAULTS, p -> {}, new CancellationToken());
      assertThat(second.cancelled()).isFalse();
      assertThat(second.skipped()).isEqualTo(first.extracted());
      assertThat(second.extracted()).isEqualTo(files.size() - first.extracted());
      assertThat(e.status().featureRows()).isEqualTo(files.size());
    }
  }
}
