package dev.selection.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selection.api.CancellationToken;
import dev.selection.api.ExtractOptions;
import dev.selection.api.ExtractionReport;
import dev.selection.api.Label;
import dev.selection.api.PredictResult;
import dev.selection.api.PredictStatus;
import dev.selection.api.ProgressListener;
import dev.selection.api.ScoredSong;
import dev.selection.api.SelectionEngine;
import dev.selection.api.SimilarResult;
import dev.selection.api.Tag;
import dev.selection.api.TrainResult;
import dev.selection.api.TrainStatus;
import dev.selection.core.samples.DemoLibrary;
import dev.selection.core.samples.DemoStyle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiles and runs the README's Java example on a small generated library. */
class ReadmeExampleTest {
  @TempDir Path libraryRoot;
  @TempDir Path music;

  /** Stands in for the host's logger. */
  static final class Log {
    final List<String> lines = new ArrayList<>();

    void info(String format, Object arg) {
      lines.add(format.replace("{}", String.valueOf(arg)));
    }
  }

  /** Stands in for the host's progress display. */
  static final class Ui {
    int updates;

    void show(double percent, java.time.Duration eta) {
      updates++;
    }
  }

  @Test
  void readmeExample_scansLabelsTrainsAndRanks() throws Exception {
    Log log = new Log();
    Ui ui = new Ui();
    List<DemoLibrary.Track> tracks = DemoLibrary.write(music, 12, 6, 22_050, 11);
    List<Path> files = new ArrayList<>();
    List<Path> likedFiles = new ArrayList<>();
    List<Path> dislikedFiles = new ArrayList<>();
    List<Path> candidateFiles = new ArrayList<>();
    for (DemoLibrary.Track t : tracks) {
      files.add(t.path());
      if (t.index() > 10) { // 10 liked, 40 disliked, 10 held out
        candidateFiles.add(t.path());
      } else if (t.style() == DemoStyle.TECHNO) {
        likedFiles.add(t.path());
      } else {
        dislikedFiles.add(t.path());
      }
    }
    // ---- README example, verbatim ----
    try (SelectionEngine engine =
        SelectionEngine.builder(libraryRoot) // the host's library folder
            .threadBudget(2) // CPU threads for all work
            .minPositives(10) // default 20 liked songs
            .autoTrainListener(event -> log.info("autoTrain: {}", event.status()))
            .build()) {
      ExtractionReport scan =
          engine.extractFeatures(
              files,
              ExtractOptions.DEFAULTS,
              progress -> ui.show(progress.percent(), progress.eta()),
              new CancellationToken());
      engine.setLabelsForFilePaths(likedFiles, Label.LIKED);
      engine.setLabelsForFilePaths(dislikedFiles, Label.DISLIKED);
      TrainResult trained = engine.train(ProgressListener.NONE, new CancellationToken());
      PredictResult ranked = engine.predictForFilePaths(candidateFiles, 100);
      for (ScoredSong s : ranked.items()) {
        System.out.printf(
            "%d. %.3f %s%n", s.rank(), s.score(), engine.pathOf(s.songId()).orElseThrow());
      }
      SimilarResult more =
          engine.similar(List.of(engine.songIdFor(likedFiles.get(0))), 10); // no model
      List<Tag> tags = engine.topTags(more.items().get(0).songId(), 3); // e.g. Music, Techno, Drum
      // ---- end of the README example ----

      assertThat(scan.extracted()).isEqualTo(files.size());
      assertThat(ui.updates).isPositive();
      assertThat(trained.status()).isEqualTo(TrainStatus.TRAINED);
      assertThat(ranked.status()).isEqualTo(PredictStatus.OK);
      assertThat(ranked.items()).hasSize(candidateFiles.size());
      assertThat(more.descriptor()).isEqualTo("efficientat");
      assertThat(more.items()).hasSize(10);
      assertThat(tags).hasSize(3);
      // The held-out techno tracks (liked style) should lead the ranking.
      String first = engine.pathOf(ranked.items().get(0).songId()).orElseThrow().toString();
      assertThat(first).contains("techno");
    }
  }

  @Test
  void readmeHostSnippet_movesForgetsAndReportsBadFiles() throws Exception {
    List<DemoLibrary.Track> tracks = DemoLibrary.write(music, 1, 4, 22_050, 12);
    Path from = tracks.get(0).path();
    Path to = music.resolve("moved.wav");
    Path missing = music.resolve("missing.wav");
    try (SelectionEngine engine =
        SelectionEngine.builder(libraryRoot)
            .autoTrain(false, 20, java.time.Duration.ofSeconds(8))
            .build()) {
      engine.extractFeatures(
          List.of(from, tracks.get(1).path()),
          ExtractOptions.DEFAULTS,
          ProgressListener.NONE,
          new CancellationToken());
      String movedId = engine.songIdFor(from);
      String removedId = engine.songIdFor(tracks.get(1).path());
      engine.setSelectionLabels(List.of(removedId), Label.LIKED);
      // ---- README host snippet, verbatim ----
      java.nio.file.Files.move(from, to); // the host moves a file in its library...
      engine.onFileMoved(from, to); // ...and records it: same songId, no decoding
      engine.forgetSongs(List.of(removedId), false); // a song left the library; its label is kept
      PredictResult some = engine.predictForFilePaths(List.of(to, missing), 10);
      some.fileFailures(); // [io_error for missing]: the other files are scored
      // ---- end of the README host snippet ----

      assertThat(engine.pathOf(movedId)).contains(to);
      assertThat(engine.songIds()).containsExactly(movedId);
      assertThat(engine.getSelectionLabelSnapshot().positiveIds()).containsExactly(removedId);
      assertThat(some.fileFailures())
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.code()).isEqualTo(dev.selection.api.ErrorCode.IO_ERROR);
                assertThat(f.path()).endsWith("missing.wav");
              });
    }
  }
}
