package dev.selection.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selection.api.AnalysisConfig;
import dev.selection.api.AnalyzedFile;
import dev.selection.api.AudioAnalyzer;
import dev.selection.api.CancellationToken;
import dev.selection.api.ErrorCode;
import dev.selection.api.ExtractOptions;
import dev.selection.api.ExtractionReport;
import dev.selection.api.FileAnalysis;
import dev.selection.api.ImportReport;
import dev.selection.api.SelectionEngine;
import dev.selection.api.SongFeatures;
import dev.selection.core.samples.DemoLibrary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SelectionEngine#importAnalyses}: analyses made elsewhere, stored with a scan's rules. */
class EngineImportTest {
  @TempDir Path imported;
  @TempDir Path scanned;
  @TempDir Path music;

  private final List<Path> files = new ArrayList<>();
  private final List<AnalyzedFile> analyses = new ArrayList<>();

  private static SelectionEngine open(Path root) {
    return SelectionEngine.builder(root).autoTrain(false, 20, Duration.ofSeconds(8)).build();
  }

  @BeforeEach
  void analyseElsewhere() throws Exception {
    for (DemoLibrary.Track t : DemoLibrary.write(music, 1, 8, 22050, 11)) {
      files.add(t.path());
    }
    Path junk = Files.write(music.resolve("junk.wav"), "RIFF....WAVEjunk".getBytes());
    files.add(junk);
    try (AudioAnalyzer analyzer = AudioAnalyzer.create(AnalysisConfig.defaults())) {
      for (Path f : files) {
        long size = Files.size(f);
        long mtime = Files.getLastModifiedTime(f).toMillis();
        try {
          FileAnalysis a = analyzer.analyze(f, CancellationToken.none());
          analyses.add(AnalyzedFile.of(f, size, mtime, a.track().decoder(), a.features()));
        } catch (dev.selection.api.SelectionException e) {
          analyses.add(AnalyzedFile.failed(f, size, mtime, e.code(), e.getMessage()));
        }
      }
    }
  }

  private static SongFeatures withoutTime(SongFeatures f) {
    return f.toBuilder().updatedAt(null).build();
  }

  @Test
  void importAnalyses_storesWhatAScanStores_andAScanThenSkipsEveryFile() {
    int songs = files.size() - 1;
    try (SelectionEngine a = open(imported);
        SelectionEngine b = open(scanned)) {
      ImportReport r = a.importAnalyses(analyses);
      assertThat(r).isEqualTo(new ImportReport(songs + 1, songs, 0, 1, 0, 0));
      assertThat(a.listFailures())
          .singleElement()
          .satisfies(f -> assertThat(f.code()).isNotEqualTo(ErrorCode.INTERNAL_ERROR));

      ExtractionReport local =
          b.extractFeatures(files, ExtractOptions.DEFAULTS, p -> {}, new CancellationToken());
      assertThat(local.extracted()).isEqualTo(songs);
      assertThat(a.songIds()).isEqualTo(b.songIds());
      for (String id : b.songIds()) {
        assertThat(withoutTime(a.getSongFeatures(id).orElseThrow()))
            .isEqualTo(withoutTime(b.getSongFeatures(id).orElseThrow()));
      }
      for (Path f : files.subList(0, songs)) {
        assertThat(a.pathOf(a.songIdFor(f))).contains(f.toAbsolutePath());
      }

      ExtractionReport after =
          a.extractFeatures(files, ExtractOptions.DEFAULTS, p -> {}, new CancellationToken());
      assertThat(after.extracted()).isZero();
      assertThat(after.skipped()).isEqualTo(songs);
      assertThat(after.failed()).isEqualTo(1);

      assertThat(a.importAnalyses(analyses))
          .isEqualTo(new ImportReport(songs + 1, 0, songs, 1, 0, 0));
    }
  }

  @Test
  void importAnalyses_leavesOutGroupsOfOtherVersions_andAScanRecomputesJustThose() {
    AnalyzedFile first = analyses.get(0);
    SongFeatures f = first.features();
    Map<String, String> versions = new TreeMap<>(f.extractorVersions());
    versions.put("tempo", "tempo-v0");
    SongFeatures.Builder oldTempo = f.toBuilder();
    versions.forEach(oldTempo::extractorVersion);
    AnalyzedFile partial =
        AnalyzedFile.of(
            first.path(), first.sizeBytes(), first.mtimeMs(), first.decoder(), oldTempo.build());
    AnalyzedFile second = analyses.get(1);
    AnalyzedFile outdated =
        AnalyzedFile.of(
            second.path(),
            second.sizeBytes(),
            second.mtimeMs(),
            second.decoder(),
            SongFeatures.builder(second.features().songId())
                .fileHash(second.features().fileHash())
                .bpm(99.0)
                .extractorVersion("tempo", "tempo-v0")
                .build());

    try (SelectionEngine a = open(imported)) {
      ImportReport r = a.importAnalyses(List.of(partial, outdated));
      assertThat(r).isEqualTo(new ImportReport(2, 1, 0, 0, 1, 1));
      SongFeatures stored = a.getSongFeatures(f.songId()).orElseThrow();
      assertThat(stored.bpm()).isNull();
      assertThat(stored.extractorVersions()).doesNotContainKey("tempo");
      assertThat(stored.timbre()).isEqualTo(f.timbre());
      assertThat(a.getSongFeatures(second.features().songId())).isEmpty();

      ExtractionReport scan =
          a.extractFeatures(
              List.of(first.path(), second.path()),
              ExtractOptions.DEFAULTS,
              p -> {},
              new CancellationToken());
      assertThat(scan.extracted()).isEqualTo(2);
      assertThat(withoutTime(a.getSongFeatures(f.songId()).orElseThrow())).isEqualTo(f);
    }
  }

  @Test
  void importAnalyses_refusesNullsBeforeWritingAnything() {
    try (SelectionEngine a = open(imported)) {
      List<AnalyzedFile> withNull = new ArrayList<>(analyses);
      withNull.add(null);
      assertThatThrownBy(() -> a.importAnalyses(withNull)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> a.importAnalyses(null)).isInstanceOf(NullPointerException.class);
      assertThat(a.songIds()).isEmpty();
      assertThat(a.listFailures()).isEmpty();
    }
    assertThatThrownBy(() -> AnalyzedFile.of(Path.of("x"), -1, 0, null, analyses.get(0).features()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new AnalyzedFile(
                    Path.of("x"), 1, 1, null, analyses.get(0).features(), ErrorCode.IO_ERROR, "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Arrays.asList(AnalyzedFile.failed(Path.of("x"), -5, -5, ErrorCode.IO_ERROR, null)))
        .singleElement()
        .satisfies(x -> assertThat(x.sizeBytes()).isEqualTo(-1));
  }
}
