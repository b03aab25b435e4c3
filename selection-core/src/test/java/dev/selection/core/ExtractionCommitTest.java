package dev.selection.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selection.api.CancellationToken;
import dev.selection.api.ErrorCode;
import dev.selection.api.ExtractOptions;
import dev.selection.api.ExtractionFailure;
import dev.selection.api.ExtractionReport;
import dev.selection.api.SelectionEngine;
import dev.selection.api.spi.AudioDecoder;
import dev.selection.api.spi.AudioStream;
import dev.selection.api.testing.SmallDisk;
import dev.selection.core.internal.audio.WavDecoder;
import dev.selection.core.samples.DemoLibrary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When extraction results reach the database: by count or by time, whichever comes first, so a
 * crash loses seconds of work; and what a full disk does to a scan (the batch in flight fails,
 * nothing stored is lost, the stores stay in step, the next scan completes).
 */
class ExtractionCommitTest {
  @TempDir Path root;
  @TempDir Path music;

  /** Decodes WAV, but holds files named {@code slow*} until released. */
  static final class HoldingDecoder implements AudioDecoder {
    final CountDownLatch release = new CountDownLatch(1);
    private final WavDecoder wav = new WavDecoder();

    @Override
    public String name() {
      return "holding-wav";
    }

    @Override
    public String version() {
      return "1";
    }

    @Override
    public boolean canDecode(Path file, byte[] head) {
      return wav.canDecode(file, head);
    }

    @Override
    public AudioStream open(Path file) {
      if (file.getFileName().toString().startsWith("slow")) {
        try {
          release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return wav.open(file);
    }
  }

  @Test
  void finishedSong_isCommittedWithinTheInterval_whileAnotherIsStillAnalysed() throws Exception {
    List<DemoLibrary.Track> tracks = DemoLibrary.write(music, 1, 2, 22050, 3);
    Path slow = music.resolve("slow.wav");
    Files.copy(tracks.get(1).path(), slow);
    List<Path> files = List.of(tracks.get(0).path(), slow);
    HoldingDecoder holding = new HoldingDecoder();
    try (SelectionEngine engine =
        SelectionEngine.builder(root)
            .autoTrain(false, 20, Duration.ofSeconds(8))
            .decoders(holding)
            .extractionConcurrency(2)
            .threadBudget(2)
            .build()) {
      // 32 songs per commit would keep the one finished song pending until the slow one ends.
      ExtractOptions options =
          new ExtractOptions(false, false, 32, false).withCommitInterval(Duration.ofMillis(300));
      CompletableFuture<ExtractionReport> run =
          CompletableFuture.supplyAsync(
              () -> engine.extractFeatures(files, options, p -> {}, new CancellationToken()));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      long rows = 0;
      while (rows == 0 && System.nanoTime() < deadline) {
        Thread.sleep(50);
        rows = storedFeatureRows();
      }
      assertThat(run).as("the slow song is still held").isNotDone();
      assertThat(rows).as("the finished song is in features.db before the run ends").isEqualTo(1);
      holding.release.countDown();
      ExtractionReport report = run.get(60, TimeUnit.SECONDS);
      assertThat(report.extracted()).isEqualTo(2);
      assertThat(storedFeatureRows()).isEqualTo(2);
    }
  }

  /** Counts committed rows from another connection, as a process restarted after a crash would. */
  private long storedFeatureRows() throws Exception {
    Path db = root.resolve("features.db");
    if (!Files.exists(db)) {
      return 0;
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM song_features")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void fullDisk_failsThePendingBatchOnly_saysDiskFull_andTheNextScanCompletes() throws Exception {
    SmallDisk disk = SmallDisk.mountOrSkip(root.resolve("tmpfs"), "16m", "ExtractionCommitTest");
    Path lib = disk.root();
    try {
      List<Path> first = new ArrayList<>();
      for (DemoLibrary.Track t : DemoLibrary.write(music.resolve("a"), 1, 3, 22050, 3)) {
        first.add(t.path());
      }
      List<Path> second = new ArrayList<>();
      for (DemoLibrary.Track t : DemoLibrary.write(music.resolve("b"), 1, 4, 22050, 4)) {
        second.add(t.path());
      }
      ExtractOptions options = new ExtractOptions(false, false, 2, false);
      Path filler = lib.resolve("filler");
      try (SelectionEngine engine =
          SelectionEngine.builder(lib).autoTrain(false, 20, Duration.ofSeconds(8)).build()) {
        ExtractionReport ok =
            engine.extractFeatures(first, options, p -> {}, new CancellationToken());
        assertThat(ok.extracted()).isEqualTo(first.size());
        SmallDisk.fill(filler);
        ExtractionReport full =
            engine.extractFeatures(second, options, p -> {}, new CancellationToken());
        assertThat(full.total()).isEqualTo(second.size());
        assertThat(full.failed()).as("songs lost to the full disk").isPositive();
        assertThat(full.extracted() + full.failed()).isEqualTo(second.size());
        for (ExtractionFailure f : full.failures()) {
          assertThat(f.code()).isEqualTo(ErrorCode.DB_ERROR);
          assertThat(f.message()).startsWith("Disk full").contains("disk full");
        }
        assertThat(full.failures()).hasSize(full.failed());
        Files.delete(filler);
        ExtractionReport again =
            engine.extractFeatures(second, options, p -> {}, new CancellationToken());
        assertThat(again.failed()).isZero();
        assertThat(again.extracted())
            .as("the lost songs are analysed again")
            .isEqualTo(full.failed());
        assertThat(engine.listFailures()).as("disk full is never recorded").isEmpty();
      }
      assertInStep(lib, first.size() + second.size());
    } finally {
      disk.close();
    }
  }

  /** Integrity of every database; one path-index row per song, each with its features row. */
  private static void assertInStep(Path lib, int songs) throws Exception {
    for (String db : List.of("features.db", "selection_path_index.db")) {
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + lib.resolve(db));
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
        rs.next();
        assertThat(rs.getString(1)).as("integrity_check of %s", db).isEqualTo("ok");
      }
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + lib.resolve("features.db"));
        Statement s = c.createStatement()) {
      s.execute("ATTACH DATABASE '" + lib.resolve("selection_path_index.db") + "' AS p");
      assertThat(count(s, "SELECT COUNT(*) FROM main.song_features")).isEqualTo(songs);
      assertThat(count(s, "SELECT COUNT(*) FROM p.path_index")).isEqualTo(songs);
      assertThat(
              count(
                  s,
                  "SELECT COUNT(*) FROM p.path_index WHERE songId NOT IN"
                      + " (SELECT songId FROM main.song_features)"))
          .as("indexed songs without features")
          .isZero();
    }
  }

  private static long count(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
