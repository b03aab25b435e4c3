package dev.selection.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selection.api.CancellationToken;
import dev.selection.api.ErrorCode;
import dev.selection.api.ExtractOptions;
import dev.selection.api.ExtractionFailure;
import dev.selection.api.ExtractionReport;
import dev.selection.api.Label;
import dev.selection.api.LabelUpdate;
import dev.selection.api.PredictResult;
import dev.selection.api.PredictStatus;
import dev.selection.api.SelectionEngine;
import dev.selection.api.SelectionException;
import dev.selection.api.SongMetadata;
import dev.selection.api.testing.AudioFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a host application does to its library (moves, copies, removals, edits, batches with bad
 * files) through the facade, on a real SQLite library.
 */
class EngineHostIntegrationTest {
  @TempDir Path dir;

  private static final int RATE = 22050;

  /** A clock the test moves forward. */
  static final class MovableClock extends Clock {
    volatile Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private static SelectionEngine.Builder builder(Path root) {
    return SelectionEngine.builder(root).autoTrain(false, 20, Duration.ofSeconds(8));
  }

  private static Path track(Path file, long seed) throws IOException {
    Files.createDirectories(file.getParent());
    return AudioFixtures.wav16(file, RATE, 1, AudioFixtures.signal16(seed, 3 * RATE, 1));
  }

  private static ExtractionReport scan(SelectionEngine e, List<Path> files) {
    return e.extractFeatures(files, ExtractOptions.DEFAULTS, p -> {}, new CancellationToken());
  }

  // ---------------------------------------------------------------- item 2: moves

  @Test
  void onFileMoved_recordsTheHostsMove_andTheMovedFileIsNotAnalysedAgain() throws Exception {
    Path root = Files.createDirectories(dir.resolve("lib"));
    Path a = track(root.resolve("music/a.wav"), 1);
    try (SelectionEngine e = builder(root).build()) {
      assertThat(scan(e, List.of(a)).extracted()).isEqualTo(1);
      String id = e.songIdFor(a);
      Path to = root.resolve("music/sorted/a.wav");
      Files.createDirectories(to.getParent());
      Files.move(a, to); // the host moves the file, then tells the engine
      assertThat(e.onFileMoved(a, to)).isTrue();
      assertThat(Files.exists(to)).isTrue();
      assertThat(e.pathOf(id)).contains(to);
      ExtractionReport again = scan(e, List.of(to));
      assertThat(again.skipped()).isEqualTo(1);
      assertThat(again.extracted()).isZero();
      assertThat(e.songIdFor(to)).isEqualTo(id);
    }
  }

  @Test
  void onFileMoved_missingAtBothPaths_isAnIoError_andChangesNothing() throws Exception {
    Path root = Files.createDirectories(dir.resolve("lib"));
    Path a = track(root.resolve("music/a.wav"), 2);
    try (SelectionEngine e = builder(root).build()) {
      scan(e, List.of(a));
      String id = e.songIdFor(a);
      Path gone = root.resolve("music/gone.wav");
      Files.move(a, dir.resolve("elsewhere.wav"));
      assertThatThrownBy(() -> e.onFileMoved(a, gone))
          .isInstanceOfSatisfying(
              SelectionException.class, x -> assertThat(x.code()).isEqualTo(ErrorCode.IO_ERROR));
      assertThat(e.pathOf(id)).contains(a);
      assertThat(e.getSongFeatures(id)).isPresent();
    }
  }

  // ---------------------------------------------------------------- item 3: forget, GC

  @Test
  void forgetSongs_dropsFeaturesScoresAndPaths_keepingLabelsUnlessAsked() throws Exception {
    Path root = Files.createDirectories(dir.resolve("lib"));
    Path a = track(root.resolve("music/a.wav"), 3);
    Path b = track(root.resolve("music/b.wav"), 4);
    try (SelectionEngine e = builder(root).build()) {
      scan(e, List.of(a, b));
      String idA = e.songIdFor(a);
      String idB = e.songIdFor(b);
      e.setSelectionLabels(List.of(idA, idB), Label.LIKED);

      assertThatThrownBy(() -> e.forgetSongs(List.of(idA, "not-an-id"), false))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(e.songIds()).containsExactlyInAnyOrder(idA, idB); // nothing was deleted

      assertThat(e.forgetSongs(List.of(idA), false)).isEqualTo(1);
      assertThat(e.songIds()).containsExactly(idB);
      assertThat(e.pathOf(idA)).isEmpty();
      assertThat(e.getSelectionLabelSnapshot().positiveIds()).contains(idA);
      PredictResult p = e.predictSelectionCandidates(List.of(idA, idB), 0);
      assertThat(p.items()).isEmpty(); // no model yet; nothing of idA is left to score

      long count = e.getSelectionLabelSnapshot().sampleChangeCount();
      assertThat(e.forgetSongs(List.of(idB, "0".repeat(64)), true)).isEqualTo(1);
      assertThat(e.getSelectionLabelSnapshot().positiveIds()).containsExactly(idA);
      assertThat(e.getSelectionLabelSnapshot().sampleChangeCount()).isEqualTo(count + 1);
      assertThat(e.forgetSongs(List.of(), true)).isZero();

      // A forgotten file that comes back is analysed again.
      assertThat(scan(e, List.of(a)).extracted()).isEqualTo(1);
    }
  }

  @Test
  void pathIndexGc_runsAfterAScan_atMostOncePer24h() throws Exception {
    Path root = Files.createDirectories(dir.resolve("lib"));
    Path a = track(root.resolve("music/a.wav"), 5);
    Path b = track(root.resolve("music/b.wav"), 6);
    Path c = track(root.resolve("music/c.wav"), 7);
    MovableClock clock = new MovableClock(Instant.now());
    try (SelectionEngine e =
        builder(root).clock(clock).pathIndexRetention(Duration.ofDays(1), 1).build()) {
      scan(e, List.of(a)); // collected when the engine opened: not again for 24 h
      String idA = e.songIdFor(a);
      assertThat(e.pathOf(idA)).isPresent();

      clock.now = clock.now.plus(Duration.ofDays(2));
      scan(e, List.of(b)); // a is unseen for 2 days: older than the TTL
      assertThat(e.pathOf(idA)).isEmpty();
      assertThat(e.getSongFeatures(idA)).isPresent(); // features are not the index's to drop

      clock.now = clock.now.plus(Duration.ofHours(1));
      scan(e, List.of(c)); // two entries over a cap of one, but the last run was 1 h ago
      assertThat(e.pathOf(e.songIdFor(b))).isPresent();
      assertThat(e.pathOf(e.songIdFor(c))).isPresent();
    }
  }

  // ---------------------------------------------------------------- item 4: copied library

  private static void copyTree(Path from, Path to, boolean keepMtimes) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (keepMtimes) {
          Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
        } else {
          Files.copy(p, target);
          Files.setLastModifiedTime(
              target, FileTime.fromMillis(Files.getLastModifiedTime(p).toMillis() + 3_600_000L));
        }
      }
    }
  }

  private static List<Path> music(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root.resolve("music"))) {
      return all.filter(Files::isRegularFile).sorted().toList();
    }
  }

  @Test
  void aCopiedLibrary_withOrWithoutItsMtimes_isNotAnalysedAgain_unlessItsBytesChanged()
      throws Exception {
    Path root = Files.createDirectories(dir.resolve("lib"));
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      files.add(track(root.resolve("music/t" + i + ".wav"), 10 + i));
    }
    List<String> ids = new ArrayList<>();
    try (SelectionEngine e = builder(root).build()) {
      assertThat(scan(e, files).extracted()).isEqualTo(3);
      for (Path f : files) {
        ids.add(e.songIdFor(f));
      }
      e.setSelectionLabels(List.of(ids.get(0)), Label.LIKED);
    }

    for (boolean keepMtimes : new boolean[] {true, false}) {
      Path copy = dir.resolve("copy-" + keepMtimes);
      copyTree(root, copy, keepMtimes);
      try (SelectionEngine e = builder(copy).build()) {
        ExtractionReport r = scan(e, music(copy));
        assertThat(r.extracted()).as("keepMtimes=%s", keepMtimes).isZero();
        assertThat(r.skipped()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
          Path f = copy.resolve("music/t" + i + ".wav");
          assertThat(e.songIdFor(f)).isEqualTo(ids.get(i));
          assertThat(e.pathOf(ids.get(i))).contains(f);
        }
        assertThat(e.getSelectionLabelSnapshot().positiveIds()).containsExactly(ids.get(0));
      }
    }

    // Bad case: a copy whose bytes changed is analysed (and only that file).
    Path changed = dir.resolve("copy-changed");
    copyTree(root, changed, false);
    track(changed.resolve("music/t1.wav"), 99);
    try (SelectionEngine e = builder(changed).build()) {
      ExtractionReport r = scan(e, music(changed));
      assertThat(r.extracted()).isEqualTo(1);
      assertThat(r.skipped()).isEqualTo(2);
      assertThat(e.songIdFor(changed.resolve("music/t1.wav"))).isNotEqualTo(ids.get(1));
    }
  }

  @Test
  void aFileOutsideTheRoot_copiedElsewhere_isKnownByItsBytes() throws Exception {
    Path root = Files.createDirectories(dir.resolve("lib"));
    Path a = track(dir.resolve("outside/a.wav"), 20);
    try (SelectionEngine e = builder(root).build()) {
      scan(e, List.of(a));
      String id = e.songIdFor(a);
      Path copy = Files.createDirectories(dir.resolve("usb")).resolve("a (copy).wav");
      Files.copy(a, copy);
      ExtractionReport r = scan(e, List.of(copy));
      assertThat(r.skipped()).isEqualTo(1);
      assertThat(e.songIdFor(copy)).isEqualTo(id);
    }
  }

  // ---------------------------------------------------------------- item 5: metadata

  @Test
  void onMetadataChanged_ofASongNeverAnalysed_createsNoRow_andCountsNoSample() throws Exception {
    Path root = Files.createDirectories(dir.resolve("lib"));
    String id = "ab".repeat(32);
    SongMetadata after = new SongMetadata("Title", "Artist", "Album", List.of("House"), 2020, "");
    try (SelectionEngine e = builder(root).build()) {
      e.setSelectionLabels(List.of(id), Label.LIKED);
      long count = e.getSelectionLabelSnapshot().sampleChangeCount();
      assertThat(e.onMetadataChanged(id, SongMetadata.EMPTY, after)).isFalse();
      assertThat(e.getSongFeatures(id)).isEmpty();
      assertThat(e.songIds()).isEmpty();
      assertThat(e.getSelectionLabelSnapshot().sampleChangeCount()).isEqualTo(count);

      // An analysed song's edit is stored and counted.
      Path a = track(root.resolve("music/a.wav"), 30);
      scan(e, List.of(a));
      String analysed = e.songIdFor(a);
      e.setSelectionLabels(List.of(analysed), Label.LIKED);
      long before = e.getSelectionLabelSnapshot().sampleChangeCount();
      SongMetadata old = e.getSongFeatures(analysed).orElseThrow().metadata();
      assertThat(e.onMetadataChanged(analysed, old, after)).isTrue();
      assertThat(e.getSongFeatures(analysed).orElseThrow().metadata().title()).isEqualTo("Title");
      assertThat(e.getSelectionLabelSnapshot().sampleChangeCount()).isEqualTo(before + 1);
    }
  }

  // ---------------------------------------------------------------- item 6: batches go on

  @Test
  void filePathConveniences_reportEachBadFile_andHandleTheRest() throws Exception {
    Path root = Files.createDirectories(dir.resolve("lib"));
    Path a = track(root.resolve("music/a.wav"), 40);
    Path b = track(root.resolve("music/b.wav"), 41);
    Path missing = root.resolve("music/missing.wav");
    Path junk = Files.writeString(root.resolve("music/notes.wav"), "not audio");
    try (SelectionEngine e = builder(root).build()) {
      scan(e, List.of(a, b));
      PredictResult p = e.predictForFilePaths(List.of(a, missing, b, junk), 0);
      assertThat(p.status()).isEqualTo(PredictStatus.NOT_TRAINED);
      assertThat(p.fileFailures())
          .extracting(ExtractionFailure::code)
          .containsExactly(ErrorCode.IO_ERROR, ErrorCode.UNSUPPORTED_FORMAT);
      assertThat(p.fileFailures().get(0).path()).endsWith("music/missing.wav");

      LabelUpdate u = e.setLabelsForFilePaths(List.of(missing, a, junk, b), Label.DISLIKED);
      assertThat(u.total()).isEqualTo(2);
      assertThat(u.changed()).isEqualTo(2);
      assertThat(u.fileFailures()).hasSize(2);
      assertThat(e.getSelectionLabelSnapshot().negativeIds())
          .containsExactlyInAnyOrder(e.songIdFor(a), e.songIdFor(b));

      LabelUpdate none = e.setLabelsForFilePaths(List.of(missing), Label.LIKED);
      assertThat(none.total()).isZero();
      assertThat(none.fileFailures()).hasSize(1);
      assertThat(e.getSelectionLabelSnapshot().positiveIds()).isEmpty();
    }
  }
}
