package dev.selection.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selection.api.Label;
import dev.selection.api.PredictResult;
import dev.selection.api.PredictStatus;
import dev.selection.api.SelectionEngine;
import dev.selection.api.SongFeatures;
import dev.selection.api.SongMetadata;
import dev.selection.api.spi.ModelManifest;
import dev.selection.core.internal.rank.FileModelStore;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, item 6, training half: a forked JVM that trains and ranks again and again is killed with
 * SIGKILL at seeded random points, 20 times. After each kill the model on disk is either the last
 * one the child reported or the one it was writing, whole: the manifest reads, its booster exists
 * with the checksum the manifest names and loads for prediction; the databases pass {@code PRAGMA
 * integrity_check} and no label is lost. Reproduce a run with {@code -Dcrash.seed=<printed seed>}.
 */
class TrainCrashTest {
  private static final int LIKED = 24;
  private static final int DISLIKED = 96;

  @TempDir Path root;

  static String id(int n) {
    return String.format("%064x", n + 1);
  }

  @Test
  void killedTraining_leavesTheOldOrTheNewModelWhole() throws Exception {
    long seed = Long.getLong("crash.seed", System.nanoTime());
    System.out.println("TrainCrashTest seed: " + seed + " (rerun with -Dcrash.seed=" + seed + ")");
    Random random = new Random(seed);
    List<String> ids = prepareLibrary(root, new Random(42));
    long revision = 1;
    Map<String, Integer> during = new TreeMap<>();
    for (int kill = 0; kill < 20; kill++) {
      AtomicLong lastReported = new AtomicLong(revision);
      AtomicReference<String> phase = new AtomicReference<>("OPENING");
      CountDownLatch started = new CountDownLatch(1);
      Process p = child(root, "1000").start();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line; (line = r.readLine()) != null; ) {
                    if (line.equals("STARTED")) {
                      started.countDown();
                    } else if (line.equals("TRAINING") || line.equals("RANKING")) {
                      phase.set(line);
                    } else if (line.startsWith("TRAINED ")) {
                      lastReported.set(Long.parseLong(line.substring(8)));
                    }
                  }
                } catch (IOException e) {
                  // The pipe closes when the child is killed.
                }
              });
      reader.start();
      assertThat(started.await(2, TimeUnit.MINUTES)).as("child started").isTrue();
      // A random point within about three trainings.
      assertThat(p.waitFor(random.nextInt(2500), TimeUnit.MILLISECONDS))
          .as("child still running")
          .isFalse();
      p.destroyForcibly();
      assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
      reader.join(TimeUnit.MINUTES.toMillis(1));

      long onDisk = verifyModel(lastReported.get());
      System.out.printf(
          "kill %d during %s: last reported revision %d, on disk %d%n",
          kill, phase.get(), lastReported.get(), onDisk);
      during.merge(phase.get(), 1, Integer::sum);
      assertThat(onDisk).isGreaterThanOrEqualTo(revision);
      revision = onDisk;
      verifyDatabases(ids);
    }
    System.out.println("TrainCrashTest kills by phase: " + during);
  }

  /** Stores synthetic features (two timbre clusters) and labels, and trains revision 1. */
  static List<String> prepareLibrary(Path root, Random r) {
    List<String> ids = new ArrayList<>();
    List<SongFeatures> rows = new ArrayList<>();
    for (int i = 0; i < LIKED + DISLIKED; i++) {
      String id = id(i);
      ids.add(id);
      boolean liked = i < LIKED;
      float[] timbre = new float[16];
      for (int d = 0; d < timbre.length; d++) {
        timbre[d] = (float) ((liked ? 1 : -1) * (d % 3 == 0 ? 1 : 0) + 0.5 * r.nextGaussian());
      }
      rows.add(
          SongFeatures.builder(id)
              .fileHash("h" + i)
              .timbre(timbre)
              .bpm(liked ? 128.0 + r.nextGaussian() : 90 + 40 * r.nextDouble())
              .durationSec(180.0 + 30 * r.nextGaussian())
              .rmsMean(0.1 + 0.05 * r.nextDouble())
              .metadata(
                  new SongMetadata("t" + i, "a" + (i % 7), null, List.of(), 2000 + i % 20, null))
              .build());
    }
    try (SelectionEngine e =
        SelectionEngine.builder(root).autoTrain(false, 20, Duration.ofSeconds(8)).build()) {
      e.upsertSongFeatures(rows);
      e.setSelectionLabels(ids.subList(0, LIKED), Label.LIKED);
      e.setSelectionLabels(ids.subList(LIKED, ids.size()), Label.DISLIKED);
      assertThat(e.train(p -> {}, new dev.selection.api.CancellationToken()).modelRevision())
          .isEqualTo(1);
    }
    return ids;
  }

  /**
   * Checks that the manifest names the last reported revision or the next, that its booster is
   * whole, and that the engine scores with it. Returns the revision on disk.
   */
  private long verifyModel(long lastReported) {
    FileModelStore store = new FileModelStore(root);
    ModelManifest m = store.manifest().orElseThrow();
    assertThat(m.modelRevision())
        .as("revision on disk after reported %s", lastReported)
        .isBetween(lastReported, lastReported + 1);
    byte[] model = store.readModel(m); // verifies the checksum the manifest names
    assertThat(FileModelStore.sha256(model)).isEqualTo(m.modelSha256());
    try (SelectionEngine e =
        SelectionEngine.builder(root).autoTrain(false, 20, Duration.ofSeconds(8)).build()) {
      PredictResult r = e.predictSelectionCandidates(List.of(id(0), id(LIKED + 1)), 0);
      assertThat(r.status()).as(r.message()).isEqualTo(PredictStatus.OK);
      assertThat(r.modelRevision()).isEqualTo(m.modelRevision());
      assertThat(r.items()).hasSize(2);
    }
    return m.modelRevision();
  }

  private void verifyDatabases(List<String> ids) throws Exception {
    List<Path> dbs;
    try (Stream<Path> s = Files.list(root)) {
      dbs = s.filter(p -> p.getFileName().toString().endsWith(".db")).toList();
    }
    assertThat(dbs).hasSize(3);
    for (Path db : dbs) {
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
        rs.next();
        assertThat(rs.getString(1)).as("integrity_check of %s", db.getFileName()).isEqualTo("ok");
      }
    }
    try (SelectionEngine e =
        SelectionEngine.builder(root).autoTrain(false, 20, Duration.ofSeconds(8)).build()) {
      assertThat(e.getSelectionLabelSnapshot().positiveIds())
          .containsExactlyElementsOf(ids.subList(0, LIKED));
      assertThat(e.getSelectionLabelSnapshot().negativeIds()).hasSize(DISLIKED);
      assertThat(e.status().featureRows()).isEqualTo(ids.size());
    }
  }

  /**
   * The command of a forked {@link TrainCrashChild} on {@code root} with its further arguments,
   * stderr discarded.
   */
  static ProcessBuilder child(Path root, String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                javaBin(),
                "-Xmx512m",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp",
                System.getProperty("java.class.path"),
                TrainCrashChild.class.getName(),
                root.toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
  }

  private static String javaBin() {
    return Path.of(
            System.getProperty("java.home"),
            "bin",
            "java" + (File.separatorChar == '\\' ? ".exe" : ""))
        .toString();
  }
}
