package dev.selection.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selection.api.CancellationToken;
import dev.selection.api.ErrorCode;
import dev.selection.api.PredictResult;
import dev.selection.api.PredictStatus;
import dev.selection.api.SelectionEngine;
import dev.selection.api.SelectionException;
import dev.selection.api.TrainResult;
import dev.selection.api.TrainStatus;
import dev.selection.core.internal.rank.FileModelStore;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 17, item 6: a library with features, labels and a trained model (revision 1), damaged one
 * file at a time. A damaged database is refused with {@code db_error} naming it and is left byte
 * for byte (nothing overwrites what a repair tool could still save); a database emptied to zero
 * bytes is a new, empty database to SQLite; a damaged manifest or booster is {@code
 * model_load_failed} for prediction and is replaced by the next training, at a revision never used
 * before. In every case the other stores keep all their rows and pass {@code PRAGMA
 * integrity_check}. The garbage is seeded (the seeds are the case numbers, printed in the name).
 */
class LibraryDamageTest {
  private static final String FEATURES = "features.db";
  private static final String LABELS = "selection_labels.db";
  private static final String PATHS = "selection_path_index.db";
  private static final int LIKED = 24;
  private static final int SONGS = 120;

  @TempDir static Path shared;
  private static Path pristine;
  private static List<String> ids;

  @TempDir Path root;

  @BeforeAll
  static void library() throws IOException {
    pristine = Files.createDirectories(shared.resolve("pristine"));
    ids = TrainCrashTest.prepareLibrary(pristine, new Random(11));
  }

  @FunctionalInterface
  interface Damage {
    void apply(Path root) throws IOException;
  }

  static Stream<Arguments> damagedDatabases() {
    return Stream.of(FEATURES, LABELS, PATHS)
        .flatMap(
            db ->
                Stream.of(
                    Arguments.of(
                        db + " cut to half its size", db, (Damage) r -> halve(r.resolve(db))),
                    Arguments.of(
                        db + " with every other page overwritten by seeded garbage (seed 1)",
                        db,
                        (Damage) r -> garbagePages(r.resolve(db), 1))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("damagedDatabases")
  void damagedDatabase_isADbErrorNamingIt_keptByteForByte_andTheOthersKeepTheirRows(
      String name, String db, Damage damage) throws Exception {
    copy(pristine, root);
    damage.apply(root);
    byte[] damaged = Files.readAllBytes(root.resolve(db));
    assertThatThrownBy(this::open)
        .isInstanceOfSatisfying(
            SelectionException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.DB_ERROR);
              assertThat(e.getMessage()).contains(root.resolve(db).toString());
            });
    assertThat(Files.readAllBytes(root.resolve(db)))
        .as("the damaged file is kept")
        .isEqualTo(damaged);
    for (String other : List.of(FEATURES, LABELS, PATHS)) {
      if (!other.equals(db)) {
        assertThat(integrity(root.resolve(other))).as(other).isEqualTo("ok");
      }
    }
    if (!db.equals(FEATURES)) {
      assertThat(count(root.resolve(FEATURES), "song_features")).isEqualTo(SONGS);
    }
    if (!db.equals(LABELS)) {
      assertThat(count(root.resolve(LABELS), "labels")).isEqualTo(SONGS);
    }
    // The model is a separate file: still whole.
    FileModelStore models = new FileModelStore(root);
    models.readModel(models.manifest().orElseThrow());
  }

  @ParameterizedTest(name = "{0} emptied to zero bytes")
  @MethodSource("zeroByteDatabases")
  void zeroByteDatabase_opensAsANewOne_andTheOthersKeepTheirRows(String db) throws Exception {
    copy(pristine, root);
    Files.write(root.resolve(db), new byte[0]);
    try (SelectionEngine e = open()) {
      assertThat(e.status().featureRows()).isEqualTo(db.equals(FEATURES) ? 0 : SONGS);
      assertThat(e.getSelectionLabelSnapshot().positiveIds())
          .hasSize(db.equals(LABELS) ? 0 : LIKED);
      assertThat(e.status().modelRevision()).isEqualTo(1);
    }
    for (String any : List.of(FEATURES, LABELS, PATHS)) {
      assertThat(integrity(root.resolve(any))).as(any).isEqualTo("ok");
    }
  }

  static Stream<String> zeroByteDatabases() {
    return Stream.of(FEATURES, LABELS, PATHS);
  }

  static Stream<Arguments> damagedModels() {
    return Stream.of(
        Arguments.of("manifest.json cut to half its size", (Damage) r -> halve(manifest(r))),
        Arguments.of(
            "manifest.json of seeded garbage (seed 2)",
            (Damage) r -> Files.write(manifest(r), garbage(2, 3000))),
        Arguments.of(
            "booster with one bit flipped",
            (Damage)
                r -> {
                  byte[] x = Files.readAllBytes(booster(r));
                  x[x.length / 2] ^= 1;
                  Files.write(booster(r), x);
                }),
        Arguments.of(
            "booster emptied to zero bytes", (Damage) r -> Files.write(booster(r), new byte[0])),
        Arguments.of("booster deleted", (Damage) r -> Files.delete(booster(r))),
        Arguments.of(
            "booster replaced by a folder",
            (Damage)
                r -> {
                  Files.delete(booster(r));
                  Files.createDirectory(booster(r));
                }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("damagedModels")
  void damagedModel_isModelLoadFailed_andRetrainingMovesToANewRevision(String name, Damage damage)
      throws Exception {
    copy(pristine, root);
    damage.apply(root);
    try (SelectionEngine e = open()) {
      PredictResult p = e.predictSelectionCandidates(ids.subList(0, 3), 0);
      assertThat(p.status()).as(p.message()).isEqualTo(PredictStatus.FAILED);
      assertThat(p.errorCode()).isEqualTo(ErrorCode.MODEL_LOAD_FAILED);
      assertThat(p.message()).contains("retrain");
      TrainResult t = e.train(x -> {}, new CancellationToken());
      assertThat(t.status()).as(t.message()).isEqualTo(TrainStatus.TRAINED);
      assertThat(t.modelRevision()).as("revision 1 is never reused").isEqualTo(2);
      PredictResult after = e.predictSelectionCandidates(ids.subList(0, 3), 0);
      assertThat(after.status()).isEqualTo(PredictStatus.OK);
      assertThat(after.modelRevision()).isEqualTo(2);
      assertThat(e.getSelectionLabelSnapshot().positiveIds()).hasSize(LIKED);
      assertThat(e.status().featureRows()).isEqualTo(SONGS);
    }
    for (String any : List.of(FEATURES, LABELS, PATHS)) {
      assertThat(integrity(root.resolve(any))).as(any).isEqualTo("ok");
    }
  }

  @org.junit.jupiter.api.Test
  void manifestReplacedByAFolder_isReportedAndTrainingFailsWithIoErrorNamingIt() throws Exception {
    copy(pristine, root);
    Files.delete(manifest(root));
    Files.createDirectory(manifest(root));
    try (SelectionEngine e = open()) {
      PredictResult p = e.predictSelectionCandidates(ids.subList(0, 3), 0);
      assertThat(p.errorCode()).isEqualTo(ErrorCode.MODEL_LOAD_FAILED);
      TrainResult t = e.train(x -> {}, new CancellationToken());
      assertThat(t.status()).isEqualTo(TrainStatus.FAILED);
      assertThat(t.errorCode()).isEqualTo(ErrorCode.IO_ERROR);
      assertThat(t.message()).contains("manifest.json");
      assertThat(e.getSelectionLabelSnapshot().positiveIds()).hasSize(LIKED);
    }
    assertThat(Files.isDirectory(manifest(root))).as("left for the user to look at").isTrue();
  }

  private SelectionEngine open() {
    return SelectionEngine.builder(root).autoTrain(false, 20, Duration.ofSeconds(8)).build();
  }

  private static Path manifest(Path r) {
    return r.resolve("models").resolve("selection").resolve(FileModelStore.MANIFEST);
  }

  private static Path booster(Path r) {
    return r.resolve("models").resolve("selection").resolve(FileModelStore.modelFileName(1));
  }

  private static byte[] garbage(long seed, int n) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Overwrites pages 1, 3, 5, ... (4 KiB, SQLite's default page size); page 0 stays. */
  private static void garbagePages(Path db, long seed) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
      Random r = new Random(seed);
      byte[] junk = new byte[4096];
      for (long page = 1; page < f.length() / 4096; page += 2) {
        r.nextBytes(junk);
        f.seek(page * 4096);
        f.write(junk);
      }
    }
  }

  private static void halve(Path p) throws IOException {
    byte[] x = Files.readAllBytes(p);
    Files.write(p, Arrays.copyOf(x, x.length / 2));
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }

  private static String integrity(Path db) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static long count(Path db, String table) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
