package dev.selection.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selection.api.LabelSnapshot;
import dev.selection.api.SongFeatures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several processes on one library root: a writer killed by SIGKILL, and two concurrent writers.
 */
class SqliteProcessTest {
  static final int BATCH = 100_000;

  @TempDir Path dir;
  @TempDir Path logs;

  private Process java(Class<?> main, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd)
        .redirectError(
            logs.resolve(main.getSimpleName() + "-" + System.nanoTime() + ".err").toFile())
        .start();
  }

  private String stderr() throws IOException {
    StringBuilder sb = new StringBuilder();
    try (var files = Files.list(logs)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        sb.append(p.getFileName()).append(":\n").append(Files.readString(p));
      }
    }
    return sb.toString();
  }

  private String expectLine(BufferedReader out, String expected) throws IOException {
    String line = out.readLine();
    assertThat(line).as("child stdout; stderr:\n%s", stderr()).isEqualTo(expected);
    return line;
  }

  /**
   * Kills the writer at a point inside batch 1 ({@code percent} of the duration batch 0 took).
   * Where the kill lands only varies what is tested, never what must hold: an intact file holding
   * whole batches.
   */
  @ParameterizedTest(name = "kill at {0}% of a batch")
  @ValueSource(ints = {50})
  void sigkill_duringLabelBatch_leavesIntactAllOrNothingDatabase(int percent) throws Exception {
    Process child = java(LabelBatchWriterMain.class, dir.toString(), Integer.toString(BATCH));
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      expectLine(out, "BATCH 0");
      long start = System.nanoTime();
      expectLine(out, "BATCH 1");
      long batchNanos = System.nanoTime() - start;
      // Give the writer part of a batch's time (waitFor returns false while it is still running).
      assertThat(child.waitFor(batchNanos * percent / 100, TimeUnit.NANOSECONDS))
          .as("writer ended by itself; stderr:\n%s", stderr())
          .isFalse();
    } finally {
      child.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no finally blocks
      child.waitFor(30, TimeUnit.SECONDS);
    }
    Path file = dir.resolve("selection_labels.db");
    Path wal = dir.resolve("selection_labels.db-wal");
    System.out.printf(
        "SqliteProcessTest: after SIGKILL the WAL holds %d bytes%n",
        Files.exists(wal) ? Files.size(wal) : -1);
    // The store itself opens the crashed file first (its read-only version check must cope with the
    // left-over -wal and -shm files); then SQLite checks the whole file.
    try (SqliteLabelStore store = SqliteLabelStore.open(dir)) {
      LabelSnapshot snap = store.snapshot();
      long count = snap.sampleChangeCount();
      // Batch k (from 0) sets all songs liked if k is even, disliked if odd, and every song
      // changes:
      // after c whole batches the count is c * BATCH and every song carries the label of batch c -
      // 1.
      assertThat(count % BATCH).as("count %d is whole batches", count).isZero();
      long batches = count / BATCH;
      assertThat(batches).isGreaterThanOrEqualTo(1);
      List<String> expectedHolders = batches % 2 == 1 ? snap.positiveIds() : snap.negativeIds();
      List<String> others = batches % 2 == 1 ? snap.negativeIds() : snap.positiveIds();
      assertThat(expectedHolders).hasSize(BATCH);
      assertThat(others).isEmpty();
      System.out.printf(
          "SqliteProcessTest: killed at %d%%, %d whole batches committed%n", percent, batches);
    }
    assertThat(Raw.column(file, "PRAGMA integrity_check")).containsExactly("ok");
  }

  @Test
  void twoProcesses_writingConcurrently_bothSucceedWithExactCounts() throws Exception {
    int n = 150;
    int shared = 50;
    // The stores exist before the writers start, so both open an existing, current database.
    SqliteLabelStore.open(dir).close();
    SqliteFeatureStore.open(dir).close();
    Process a = java(ConcurrentWriterMain.class, dir.toString(), "0", "" + n, "" + shared);
    Process b = java(ConcurrentWriterMain.class, dir.toString(), "1", "" + n, "" + shared);
    try {
      BufferedReader outA =
          new BufferedReader(new InputStreamReader(a.getInputStream(), StandardCharsets.UTF_8));
      BufferedReader outB =
          new BufferedReader(new InputStreamReader(b.getInputStream(), StandardCharsets.UTF_8));
      expectLine(outA, "READY");
      expectLine(outB, "READY");
      for (Process p : List.of(a, b)) {
        Writer w = new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
        w.write("GO\n");
        w.flush();
      }
      expectLine(outA, "DONE");
      expectLine(outB, "DONE");
      assertThat(a.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(b.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(a.exitValue()).as(stderr()).isZero();
      assertThat(b.exitValue()).as(stderr()).isZero();
    } finally {
      a.destroyForcibly();
      b.destroyForcibly();
    }
    try (SqliteLabelStore labels = SqliteLabelStore.open(dir);
        SqliteFeatureStore features = SqliteFeatureStore.open(dir)) {
      LabelSnapshot snap = labels.snapshot();
      assertThat(snap.positiveIds()).hasSize(2 * n + shared);
      // Each shared song was liked by both writers: only the first of the two is a real change.
      assertThat(snap.sampleChangeCount()).isEqualTo(2 * n + shared);
      assertThat(features.count()).isEqualTo(shared);
      for (int i = 0; i < shared; i++) {
        SongFeatures f = features.get(String.format("%064x", i)).orElseThrow();
        assertThat(f.bpm()).isEqualTo(100.0 + i);
        assertThat(f.key()).isEqualTo("A minor");
        assertThat(f.extractorVersions()).isEqualTo(Map.of("w0", "1", "w1", "1"));
      }
    }
    assertThat(Raw.column(dir.resolve("selection_labels.db"), "PRAGMA integrity_check"))
        .containsExactly("ok");
  }
}
