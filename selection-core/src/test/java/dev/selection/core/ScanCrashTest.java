package dev.selection.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selection.api.CancellationToken;
import dev.selection.api.ExtractOptions;
import dev.selection.api.ExtractionReport;
import dev.selection.api.Label;
import dev.selection.api.SelectionEngine;
import dev.selection.api.SongFeatures;
import dev.selection.api.spi.ModelManifest;
import dev.selection.api.spi.PathIndex;
import dev.selection.core.internal.lock.ScanClaims;
import dev.selection.core.internal.rank.FileModelStore;
import dev.selection.core.samples.DemoLibrary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of library scans (issue 6, item 6, scan half): a forked JVM ({@link ScanCrashChild})
 * scans a generated library and writes labels while this test kills it with SIGKILL at seeded
 * random points. After every kill each database passes {@code PRAGMA integrity_check}, every label
 * batch the child reported as committed is there, and no track is stored twice; a final
 * uninterrupted run completes the scan. Also: two processes scanning one library at the same time.
 *
 * <p>Reproduce a run with {@code -Dcrash.seed=<printed seed>}. The training half (kill during
 * training, model on disk old-or-new and whole) is {@link TrainCrashTest}.
 */
class ScanCrashTest {
  private static final int KILLS = 20;
  private static final int MAX_DELAY_MS = 1500;

  @TempDir Path dir;
  private Path root;
  private Path music;
  private Path fileList;
  private List<Path> files;
  private final Map<String, String> committedLabels = new ConcurrentHashMap<>();

  @BeforeEach
  void library() throws IOException {
    root = Files.createDirectories(dir.resolve("library"));
    music = Files.createDirectories(dir.resolve("music"));
    files = new ArrayList<>();
    // 15 tracks of 10 s at 22 050 Hz: small enough for 20 restarts, long enough to be killed
    // mid-way.
    for (DemoLibrary.Track t : DemoLibrary.write(music, 3, 10, 22050, 21)) {
      files.add(t.path());
    }
    fileList = dir.resolve("files.txt");
    Files.write(fileList, files.stream().map(Path::toString).toList());
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void scanKilledAtRandomPoints_losesNothing_andCompletesOnRestart() throws Exception {
    long seed = Long.getLong("crash.seed", System.nanoTime());
    System.out.println("ScanCrashTest seed: " + seed + " (rerun with -Dcrash.seed=" + seed + ")");
    Random random = new Random(seed);
    int kills = 0;
    int midScanKills = 0;
    int cleanExits = 0;
    // Kill points are drawn from [0, maxDelayMs] after the child's STARTED line; when a full
    // (forced) scan finishes first (a fast machine), the bound shrinks to the time it took, so that
    // kills keep landing inside the work.
    long maxDelayMs = MAX_DELAY_MS;
    for (int run = 0; kills < KILLS; run++) {
      assertThat(run).as("runs needed for %d kills", KILLS).isLessThan(KILLS * 4);
      // Odd runs re-extract everything, so that kills also hit overwrites of stored rows.
      Child child = Child.start(this, "scan", "run" + run, run % 2 == 1);
      // Mostly after the child reports work has started; sometimes while it opens the stores.
      boolean duringOpen = random.nextInt(8) == 0;
      if (!duringOpen) {
        assertThat(child.started.await(2, TimeUnit.MINUTES)).as("child started").isTrue();
      }
      long waitStart = System.nanoTime();
      long delayMs = (long) (random.nextDouble() * maxDelayMs);
      if (child.process.waitFor(delayMs, TimeUnit.MILLISECONDS)) {
        child.finish();
        assertThat(child.process.exitValue()).as("clean exit; stderr: %s", child.stderr()).isZero();
        cleanExits++;
        if (!duringOpen && run % 2 == 1) {
          maxDelayMs = Math.max(20, (System.nanoTime() - waitStart) / 1_000_000);
        }
      } else {
        child.process.destroyForcibly();
        child.finish();
        kills++;
        if (child.scanLine == null) {
          midScanKills++;
        }
      }
      verifyStores(false);
    }
    System.out.printf(
        "ScanCrashTest: %d kills (%d before the scan finished), %d clean exits,"
            + " %d committed labels checked%n",
        kills, midScanKills, cleanExits, committedLabels.size());
    assertThat(committedLabels).as("label batches committed before kills").isNotEmpty();

    Child last = Child.start(this, "scan", "final", false);
    assertThat(last.process.waitFor(3, TimeUnit.MINUTES)).as("final run ends").isTrue();
    last.finish();
    assertThat(last.process.exitValue()).as("final run; stderr: %s", last.stderr()).isZero();
    String[] scan = last.scanLine.split(" ");
    assertThat(Integer.parseInt(scan[1]) + Integer.parseInt(scan[2]))
        .as("extracted + skipped")
        .isEqualTo(files.size());
    assertThat(Integer.parseInt(scan[3])).as("failed").isZero();
    assertThat(scan[4]).as("cancelled").isEqualTo("false");
    verifyStores(true);
    assertWholeRows();
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void twoProcessesScanningOneLibrary_bothSucceed_withoutDuplicates() throws Exception {
    Child a = Child.start(this, "scan", "a", false);
    Child b = Child.start(this, "scan", "b", false);
    int analysed = 0;
    for (Child c : List.of(a, b)) {
      assertThat(c.process.waitFor(3, TimeUnit.MINUTES)).as("run ends").isTrue();
      c.finish();
      assertThat(c.process.exitValue()).as("exit; stderr: %s", c.stderr()).isZero();
      String[] scan = c.scanLine.split(" ");
      assertThat(Integer.parseInt(scan[0])).isEqualTo(files.size());
      assertThat(Integer.parseInt(scan[1]) + Integer.parseInt(scan[2]))
          .as("extracted + skipped")
          .isEqualTo(files.size());
      assertThat(Integer.parseInt(scan[3])).as("failed").isZero();
      analysed += Integer.parseInt(scan[1]);
      System.out.println("scan " + c.process.pid() + ": " + c.scanLine);
    }
    // Issue 17 item 4: the runs share the files out (claims), so each file is analysed once.
    assertThat(analysed).as("files analysed by the two runs together").isEqualTo(files.size());
    verifyStores(true);
    assertWholeRows();
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void oneProcessTrainingWhileAnotherScans_bothFinish_andTheLibraryIsConsistent() throws Exception {
    List<String> ids = TrainCrashTest.prepareLibrary(root, new Random(13)); // revision 1
    Path trainerOut = dir.resolve("trainer.txt");
    Process trainer = TrainCrashTest.child(root, "3").redirectOutput(trainerOut.toFile()).start();
    Child scan = Child.start(this, "scan", "s", false);
    try {
      assertThat(trainer.waitFor(3, TimeUnit.MINUTES)).as("training ends").isTrue();
      assertThat(scan.process.waitFor(3, TimeUnit.MINUTES)).as("scan ends").isTrue();
      scan.finish();
    } finally {
      trainer.destroyForcibly();
      scan.process.destroyForcibly();
    }
    List<String> trained =
        Files.readAllLines(trainerOut).stream().filter(l -> l.startsWith("TRAINED ")).toList();
    assertThat(trainer.exitValue()).as("trainer: %s", trained).isZero();
    assertThat(trained).containsExactly("TRAINED 2", "TRAINED 3", "TRAINED 4");
    assertThat(scan.process.exitValue()).as("scan; stderr: %s", scan.stderr()).isZero();
    String[] counts = scan.scanLine.split(" ");
    assertThat(Integer.parseInt(counts[1]) + Integer.parseInt(counts[2]))
        .as("extracted + skipped")
        .isEqualTo(files.size());
    assertThat(Integer.parseInt(counts[3])).as("failed").isZero();
    verifyStores(true, ids.size());
    ModelManifest m = new FileModelStore(root).manifest().orElseThrow();
    assertThat(m.modelRevision()).isEqualTo(4);
    new FileModelStore(root).readModel(m);
    try (SelectionEngine e =
        SelectionEngine.builder(root).autoTrain(false, 20, Duration.ofSeconds(8)).build()) {
      assertThat(e.getSelectionLabelSnapshot().positiveIds()).containsAll(ids.subList(0, 24));
      assertThat(e.getSelectionLabelSnapshot().negativeIds()).containsAll(ids.subList(24, 120));
    }
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void twoEnginesOfOneProcessScanningOneLibrary_analyseEachFileOnce() throws Exception {
    try (SelectionEngine e1 =
            SelectionEngine.builder(root).autoTrain(false, 20, Duration.ofSeconds(8)).build();
        SelectionEngine e2 =
            SelectionEngine.builder(root).autoTrain(false, 20, Duration.ofSeconds(8)).build()) {
      ExtractOptions options = new ExtractOptions(false, false, 2, false);
      CompletableFuture<ExtractionReport> r1 =
          CompletableFuture.supplyAsync(
              () -> e1.extractFeatures(files, options, p -> {}, new CancellationToken()));
      ExtractionReport r2 = e2.extractFeatures(files, options, p -> {}, new CancellationToken());
      for (ExtractionReport r : List.of(r1.get(2, TimeUnit.MINUTES), r2)) {
        System.out.println("in-process scan: " + r);
        assertThat(r.extracted() + r.skipped()).isEqualTo(files.size());
        assertThat(r.failed()).isZero();
        assertThat(r.cancelled()).isFalse();
      }
      assertThat(r1.get().extracted() + r2.extracted())
          .as("files analysed by the two runs together")
          .isEqualTo(files.size());
    }
    verifyStores(true);
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void fileClaimedByAHungScan_isAnalysedOnceTheWaitIsOver() throws Exception {
    // A clock that moves a minute at each reading: the 10-minute wait passes in a few polls.
    AtomicLong minutes = new AtomicLong();
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    Clock fast =
        new Clock() {
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
            return start.plus(Duration.ofMinutes(minutes.getAndIncrement()));
          }
        };
    try (ScanClaims hung = ScanClaims.open(root.resolve(ExtractionService.SCAN_CLAIMS))) {
      assertThat(hung.tryClaim(PathIndex.normalize(files.get(0)))).isTrue();
      try (SelectionEngine e =
          SelectionEngine.builder(root)
              .clock(fast)
              .autoTrain(false, 20, Duration.ofSeconds(8))
              .build()) {
        ExtractionReport r =
            e.extractFeatures(
                files,
                new ExtractOptions(false, false, 2, false),
                p -> {},
                new CancellationToken());
        assertThat(r.extracted()).as(r.toString()).isEqualTo(files.size());
        assertThat(r.failed()).isZero();
      }
    }
  }

  /** A forked {@link ScanCrashChild} with its stdout read by a thread. */
  private static final class Child {
    final Process process;
    final CountDownLatch started = new CountDownLatch(1);
    final Thread reader;
    final Path stderrFile;
    volatile String scanLine;

    private Child(Process process, Thread reader, Path stderrFile) {
      this.process = process;
      this.reader = reader;
      this.stderrFile = stderrFile;
    }

    static Child start(ScanCrashTest t, String mode, String tag, boolean force) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Path nativeTmp = Files.createDirectories(t.dir.resolve("native"));
      Path stderr = t.dir.resolve("stderr-" + tag + ".txt");
      Process p =
          new ProcessBuilder(
                  java,
                  "-Xmx256m",
                  "-XX:+UseSerialGC",
                  "-Dorg.sqlite.tmpdir=" + nativeTmp,
                  "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                  "-cp",
                  System.getProperty("java.class.path"),
                  ScanCrashChild.class.getName(),
                  mode,
                  t.root.toString(),
                  t.fileList.toString(),
                  tag,
                  Boolean.toString(force))
              .redirectError(stderr.toFile())
              .start();
      Child[] self = new Child[1];
      CountDownLatch ready = new CountDownLatch(1);
      Thread reader =
          new Thread(
              () -> {
                try {
                  ready.await();
                } catch (InterruptedException e) {
                  return;
                }
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line; (line = r.readLine()) != null; ) {
                    self[0].onLine(t, line);
                  }
                } catch (IOException e) {
                  // The pipe closes when the child is killed.
                }
              },
              "child-" + tag);
      self[0] = new Child(p, reader, stderr);
      reader.start();
      ready.countDown();
      return self[0];
    }

    void onLine(ScanCrashTest t, String line) {
      if (line.equals("STARTED")) {
        started.countDown();
      } else if (line.startsWith("LABELS ")) {
        String[] parts = line.split(" ");
        String wire = Label.valueOf(parts[1]).wireName();
        for (String id : parts[2].split(",")) {
          t.committedLabels.put(id, wire);
        }
      } else if (line.startsWith("SCAN ")) {
        scanLine = line.substring(5);
      }
    }

    /** Waits for the process and for every line it printed. */
    void finish() throws InterruptedException {
      process.waitFor();
      reader.join(TimeUnit.MINUTES.toMillis(1));
      started.countDown();
    }

    String stderr() {
      try {
        String s = Files.readString(stderrFile);
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
      } catch (IOException e) {
        return e.toString();
      }
    }
  }

  /**
   * Checks every database with SQLite itself: integrity, committed labels, one path-index row per
   * path and per song, no more feature rows than tracks, every indexed song has its features, and
   * no failure recorded for a good file.
   */
  private void verifyStores(boolean complete) throws Exception {
    verifyStores(complete, 0);
  }

  /**
   * As {@link #verifyStores(boolean)}, for a library that also holds {@code otherSongs} feature
   * rows stored without files.
   */
  private void verifyStores(boolean complete, int otherSongs) throws Exception {
    List<Path> dbs;
    try (Stream<Path> s = Files.list(root)) {
      dbs = s.filter(p -> p.getFileName().toString().endsWith(".db")).sorted().toList();
    }
    for (Path db : dbs) {
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
        List<String> rows = new ArrayList<>();
        while (rs.next()) {
          rows.add(rs.getString(1));
        }
        assertThat(rows).as("integrity_check of %s", db.getFileName()).containsExactly("ok");
      }
    }
    Set<String> names = new HashSet<>();
    dbs.forEach(p -> names.add(p.getFileName().toString()));
    if (!names.containsAll(
        List.of("features.db", "selection_labels.db", "selection_path_index.db"))) {
      // Killed while the stores were being created: nothing was committed yet.
      assertThat(committedLabels).isEmpty();
      return;
    }
    Set<String> trackKeys = new HashSet<>();
    files.forEach(f -> trackKeys.add(PathIndex.normalize(f)));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + root.resolve("features.db"));
        Statement s = c.createStatement()) {
      s.execute("ATTACH DATABASE '" + root.resolve("selection_labels.db") + "' AS l");
      s.execute("ATTACH DATABASE '" + root.resolve("selection_path_index.db") + "' AS p");
      Map<String, String> labels = new HashMap<>();
      try (ResultSet rs = s.executeQuery("SELECT songId, label FROM l.labels")) {
        while (rs.next()) {
          labels.put(rs.getString(1), rs.getString(2));
        }
      }
      assertThat(labels)
          .as("labels committed before the kills")
          .containsAllEntriesOf(committedLabels);
      List<String> paths = new ArrayList<>();
      Set<String> songs = new HashSet<>();
      try (ResultSet rs = s.executeQuery("SELECT path, songId FROM p.path_index")) {
        while (rs.next()) {
          paths.add(rs.getString(1));
          songs.add(rs.getString(2));
        }
      }
      assertThat(paths).as("path index rows").doesNotHaveDuplicates();
      assertThat(trackKeys).as("indexed paths are the tracks").containsAll(paths);
      assertThat(songs).as("one song per path").hasSameSizeAs(paths);
      long featureRows = count(s, "SELECT COUNT(*) FROM main.song_features");
      assertThat(featureRows).as("feature rows").isLessThanOrEqualTo(files.size() + otherSongs);
      assertThat(
              count(
                  s,
                  "SELECT COUNT(*) FROM p.path_index WHERE songId NOT IN"
                      + " (SELECT songId FROM main.song_features)"))
          .as("indexed songs without features")
          .isZero();
      assertThat(count(s, "SELECT COUNT(*) FROM main.extraction_failures"))
          .as("failures recorded for good files")
          .isZero();
      if (complete) {
        assertThat(paths).as("every track indexed").hasSize(files.size());
        assertThat(featureRows).as("every track stored").isEqualTo(files.size() + otherSongs);
      }
    }
  }

  private static long count(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Reads every track back through a fresh engine: each row is whole, none half-written. */
  private void assertWholeRows() {
    try (SelectionEngine e =
        SelectionEngine.builder(root).autoTrain(false, 20, Duration.ofSeconds(8)).build()) {
      Set<String> ids = Collections.synchronizedSet(new HashSet<>());
      for (Path f : files) {
        String id = e.songIdFor(f);
        ids.add(id);
        SongFeatures sf = e.getSongFeatures(id).orElseThrow();
        assertThat(sf.durationSec()).isCloseTo(10.0, Offset.offset(0.01));
        assertThat(sf.timbre()).isNotNull();
        assertThat(sf.hpcp()).hasSize(36);
        assertThat(sf.chromaprintFingerprint()).isNotBlank();
        assertThat(sf.loudnessLufs()).isNotNull();
        assertThat(sf.extractorVersions())
            .containsKeys("format", "rms", "loudness", "tempo", "tonal", "timbre", "chromaprint");
      }
      assertThat(ids).hasSize(files.size());
      assertThat(e.status().featureRows()).isEqualTo(files.size());
      assertThat(e.listFailures()).isEmpty();
    }
  }
}
