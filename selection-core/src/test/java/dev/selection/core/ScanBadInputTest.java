package dev.selection.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.selection.api.CancellationToken;
import dev.selection.api.ErrorCode;
import dev.selection.api.ExtractOptions;
import dev.selection.api.ExtractionFailure;
import dev.selection.api.ExtractionReport;
import dev.selection.api.Label;
import dev.selection.api.Progress;
import dev.selection.api.SelectionEngine;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.AudioDecoder;
import dev.selection.api.spi.AudioStream;
import dev.selection.api.spi.PathIndex;
import dev.selection.api.testing.AudioFixtures;
import dev.selection.core.internal.audio.WavDecoder;
import dev.selection.core.samples.DemoLibrary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Library scans over bad input (issue 6): every bad item fails on its own with the error code its
 * kind calls for, the good tracks around it are stored, progress reaches the end, nothing stored
 * before is lost, recorded failures are not retried until the file changes, and a file changing
 * under the scan is reported but retried on the next run. Two processes on one library are in
 * {@link ScanCrashTest}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ScanBadInputTest {
  @TempDir Path root;
  @TempDir Path music;
  private List<Path> good;

  @BeforeEach
  void tracks() throws IOException {
    good = new ArrayList<>();
    for (DemoLibrary.Track t : DemoLibrary.write(music.resolve("good"), 1, 6, 22050, 4)) {
      good.add(t.path());
    }
  }

  private SelectionEngine open(AudioDecoder... hostDecoders) {
    SelectionEngine.Builder b =
        SelectionEngine.builder(root).autoTrain(false, 20, Duration.ofSeconds(8));
    if (hostDecoders.length > 0) {
      b.decoders(hostDecoders);
    }
    return b.build();
  }

  private static ExtractionReport scan(
      SelectionEngine e, List<Path> files, List<Progress> progress) {
    return e.extractFeatures(
        files, new ExtractOptions(false, false, 2, false), progress::add, new CancellationToken());
  }

  @Test
  void badFolder_failsItemByItem_storesTheRest_andDoesNotRetryRecordedFailures() throws Exception {
    Path bad = Files.createDirectories(music.resolve("bad"));
    byte[] wav = Files.readAllBytes(good.get(0));
    // Expected codes follow the ErrorCode contract: not audio -> UNSUPPORTED_FORMAT, a known format
    // with damaged content -> CORRUPT_AUDIO, cannot be read as a regular file -> IO_ERROR.
    Map<Path, List<ErrorCode>> expected = new HashMap<>();
    expected.put(
        Files.writeString(bad.resolve("notes.txt"), "not audio\n"),
        List.of(ErrorCode.UNSUPPORTED_FORMAT));
    expected.put(
        Files.write(
            bad.resolve("cover.jpg"),
            new byte[] {
              (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0
            }),
        List.of(ErrorCode.UNSUPPORTED_FORMAT));
    byte[] noise = new byte[50_000];
    new Random(6).nextBytes(noise);
    expected.put(
        Files.write(bad.resolve("noise.wav"), noise), List.of(ErrorCode.UNSUPPORTED_FORMAT));
    expected.put(
        Files.write(bad.resolve("empty.wav"), new byte[0]),
        List.of(ErrorCode.UNSUPPORTED_FORMAT, ErrorCode.CORRUPT_AUDIO));
    expected.put(
        Files.write(bad.resolve("truncated.wav"), java.util.Arrays.copyOf(wav, 30)),
        List.of(ErrorCode.CORRUPT_AUDIO));
    expected.put(Files.createDirectories(bad.resolve("folder.wav")), List.of(ErrorCode.IO_ERROR));
    Path loopA = bad.resolve("loop-a.wav");
    Path loopB = bad.resolve("loop-b.wav");
    Files.createSymbolicLink(loopA, loopB);
    Files.createSymbolicLink(loopB, loopA);
    expected.put(loopA, List.of(ErrorCode.IO_ERROR));
    expected.put(loopB, List.of(ErrorCode.IO_ERROR));
    expected.put(
        Files.createSymbolicLink(bad.resolve("dangling.wav"), bad.resolve("gone.wav")),
        List.of(ErrorCode.IO_ERROR));
    expected.put(bad.resolve("never-existed.wav"), List.of(ErrorCode.IO_ERROR));
    Path fifo = bad.resolve("fifo.wav");
    if (mkfifo(fifo)) {
      // A FIFO never gets a writer: opening it would block forever, so it must be refused unread.
      expected.put(fifo, List.of(ErrorCode.IO_ERROR));
    } else {
      System.out.println("mkfifo not available: FIFO case skipped");
    }
    // A symbolic link to a good track is a second path of the same song.
    Path alias = Files.createSymbolicLink(bad.resolve("alias.wav"), good.get(1));

    List<Path> files = new ArrayList<>();
    List<Path> order = new ArrayList<>(expected.keySet());
    order.sort(null);
    // Interleave bad and good items so that failures sit between successes.
    for (int i = 0; i < Math.max(order.size(), good.size()); i++) {
      if (i < order.size()) {
        files.add(order.get(i));
      }
      if (i < good.size()) {
        files.add(good.get(i));
      }
    }
    files.add(alias);

    try (SelectionEngine e = open()) {
      String labelled = e.songIdFor(good.get(0));
      e.setSelectionLabels(List.of(labelled), Label.LIKED);
      List<Progress> progress = Collections.synchronizedList(new ArrayList<>());
      ExtractionReport r = scan(e, files, progress);

      assertThat(r.total()).isEqualTo(files.size());
      // The alias is the same bytes as a good track: known by its content, not decoded again.
      assertThat(r.extracted() + r.skipped()).isEqualTo(good.size() + 1);
      assertThat(r.extracted()).isBetween(good.size(), good.size() + 1);
      assertThat(r.failed()).isEqualTo(expected.size());
      assertThat(r.cancelled()).isFalse();
      assertThat(progress.get(progress.size() - 1).done()).isEqualTo(files.size());
      Map<String, ExtractionFailure> byPath = new HashMap<>();
      r.failures().forEach(f -> byPath.put(f.path(), f));
      for (Map.Entry<Path, List<ErrorCode>> x : expected.entrySet()) {
        ExtractionFailure f = byPath.get(PathIndex.normalize(x.getKey()));
        assertThat(f).as("failure for %s", x.getKey().getFileName()).isNotNull();
        assertThat(x.getValue())
            .as("code for %s: %s", x.getKey().getFileName(), f.message())
            .contains(f.code());
        assertThat(f.message()).as("message names the item").isNotBlank();
      }
      assertThat(e.listFailures()).hasSize(expected.size());
      for (Path g : good) {
        assertThat(e.getSongFeatures(e.songIdFor(g)))
            .as("features of %s", g.getFileName())
            .hasValueSatisfying(sf -> assertThat(sf.timbre()).isNotNull());
      }
      assertThat(e.songIdFor(alias)).isEqualTo(e.songIdFor(good.get(1)));
      assertThat(e.status().featureRows()).isEqualTo(good.size());
      assertThat(e.getSelectionLabelSnapshot().positiveIds()).containsExactly(labelled);

      // A second run skips the good tracks and does not decode recorded failures again.
      ExtractionReport again = scan(e, files, new ArrayList<>());
      assertThat(again.skipped()).isEqualTo(good.size() + 1);
      assertThat(again.extracted()).isZero();
      assertThat(again.failed()).isEqualTo(expected.size());
      assertThat(e.listFailures()).hasSize(expected.size());

      // Fixing a bad file (new size and mtime) makes the next run try it again.
      Path fixed = bad.resolve("truncated.wav");
      Files.write(fixed, wav);
      Files.setLastModifiedTime(fixed, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
      ExtractionReport third = scan(e, files, new ArrayList<>());
      assertThat(third.failed()).isEqualTo(expected.size() - 1);
      assertThat(third.extracted() + third.skipped()).isEqualTo(good.size() + 2);
      assertThat(e.listFailures()).hasSize(expected.size() - 1);
    }
  }

  @Test
  void unreadableFile_isAnIoErrorForThatFileOnly() throws Exception {
    Path locked = Files.copy(good.get(0), music.resolve("locked.wav"));
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    try {
      assumeThat(Files.isReadable(locked))
          .as(
              "running as root, who reads files whatever their mode bits: unreadable-file case"
                  + " skipped (the FIFO and folder cases cover non-readable items)")
          .isFalse();
      List<Path> files = new ArrayList<>(good);
      files.add(1, locked);
      try (SelectionEngine e = open()) {
        ExtractionReport r = scan(e, files, new ArrayList<>());
        assertThat(r.extracted()).isEqualTo(good.size());
        assertThat(r.failures())
            .singleElement()
            .satisfies(
                f -> {
                  assertThat(f.code()).isEqualTo(ErrorCode.IO_ERROR);
                  assertThat(f.path()).isEqualTo(PathIndex.normalize(locked));
                });
      }
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rw-------"));
    }
  }

  @Test
  void fileRewrittenWhileScanned_isReportedButNotRecorded_andTheNextRunStoresIt() throws Exception {
    Path target = good.get(2);
    byte[] bytes = Files.readAllBytes(target);
    AtomicBoolean rewrite = new AtomicBoolean(true);
    WavDecoder wav = new WavDecoder();
    // Rewrites the file after the engine's first stat and before its decode: the same thing a tag
    // editor saving the file mid-scan does.
    AudioDecoder rewriting =
        new AudioDecoder() {
          @Override
          public String name() {
            return "rewriting-wav";
          }

          @Override
          public String version() {
            return "test";
          }

          @Override
          public int priority() {
            return 1000;
          }

          @Override
          public boolean canDecode(Path file, byte[] head) {
            return wav.canDecode(file, head);
          }

          @Override
          public AudioStream open(Path file) {
            if (file.toAbsolutePath().normalize().equals(target.toAbsolutePath().normalize())
                && rewrite.getAndSet(false)) {
              try {
                Files.write(file, bytes);
                Files.setLastModifiedTime(
                    file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 3_000));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }
            return wav.open(file);
          }
        };
    try (SelectionEngine e = open(rewriting)) {
      ExtractionReport r = scan(e, good, new ArrayList<>());
      assertThat(r.extracted()).isEqualTo(good.size() - 1);
      assertThat(r.failed()).isEqualTo(1);
      assertThat(r.failures())
          .as("the changed file is listed in the report")
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.code()).isEqualTo(ErrorCode.IO_ERROR);
                assertThat(f.message())
                    .startsWith("File changed")
                    .contains(target.getFileName().toString());
              });
      assertThat(rewrite.get()).as("the rewrite happened").isFalse();
      assertThat(e.listFailures()).as("a changed file is not recorded as failed").isEmpty();
      assertThat(e.status().featureRows()).isEqualTo(good.size() - 1);

      ExtractionReport next = scan(e, good, new ArrayList<>());
      assertThat(next.extracted()).isEqualTo(1);
      assertThat(next.skipped()).isEqualTo(good.size() - 1);
      assertThat(next.failed()).isZero();
      assertThat(e.status().featureRows()).isEqualTo(good.size());
    }
  }

  @Test
  void readOnlyLibraryRoot_isADbErrorNamingTheFile() throws Exception {
    Path ro = Files.createDirectories(root.resolve("read-only"));
    boolean immutable = false;
    Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      if (canCreateFileIn(ro)) {
        // Root ignores mode bits; the immutable attribute stops root too (where the file system
        // and the capabilities allow setting it).
        immutable = AudioFixtures.tryRun("chattr", "+i", ro.toString());
      }
      assumeThat(canCreateFileIn(ro))
          .as(
              "cannot make a folder read-only for this user (root without chattr +i support):"
                  + " read-only library case skipped")
          .isFalse();
      assertThatThrownBy(
              () -> SelectionEngine.builder(ro).autoTrain(false, 20, Duration.ofSeconds(8)).build())
          .isInstanceOfSatisfying(
              SelectionException.class,
              ex -> {
                assertThat(ex.code()).isEqualTo(ErrorCode.DB_ERROR);
                assertThat(ex.getMessage()).contains(ro.resolve("features.db").toString());
              });
    } finally {
      if (immutable) {
        AudioFixtures.tryRun("chattr", "-i", ro.toString());
      }
      Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void storeFileThatIsAFolder_isADbErrorNamingTheFile() throws Exception {
    Files.createDirectories(root.resolve("features.db"));
    assertThatThrownBy(this::open)
        .isInstanceOfSatisfying(
            SelectionException.class,
            ex -> {
              assertThat(ex.code()).isEqualTo(ErrorCode.DB_ERROR);
              assertThat(ex.getMessage()).contains("features.db");
            });
  }

  private static boolean canCreateFileIn(Path dir) {
    try {
      Files.delete(Files.createFile(dir.resolve("probe")));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean mkfifo(Path p) {
    return AudioFixtures.tryRun("mkfifo", p.toString()) && Files.exists(p);
  }
}
