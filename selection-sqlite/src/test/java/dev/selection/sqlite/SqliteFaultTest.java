package dev.selection.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.testing.AudioFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad library folders and damaged files: each is a DB_ERROR naming the file, and nothing is
 * written.
 */
class SqliteFaultTest {
  @TempDir Path dir;

  static Stream<Arguments> stores() {
    Function<Path, AutoCloseable> features = SqliteFeatureStore::open;
    Function<Path, AutoCloseable> cache = SqlitePredictionCache::open;
    Function<Path, AutoCloseable> labels = SqliteLabelStore::open;
    Function<Path, AutoCloseable> paths = SqlitePathIndex::open;
    return Stream.of(
        Arguments.of("features.db", features),
        Arguments.of("features.db", cache),
        Arguments.of("selection_labels.db", labels),
        Arguments.of("selection_path_index.db", paths));
  }

  private static void assertDbError(Function<Path, AutoCloseable> opener, Path root, Path file) {
    assertThatThrownBy(() -> opener.apply(root).close())
        .isInstanceOfSatisfying(
            SelectionException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.DB_ERROR);
              assertThat(e.getMessage()).contains(file.toString());
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void garbageFile_isRefusedAndKeptByteForByte(String file, Function<Path, AutoCloseable> opener)
      throws Exception {
    long seed = 42;
    byte[] garbage = new byte[16384];
    new Random(seed).nextBytes(garbage);
    Path db = dir.resolve(file);
    Files.write(db, garbage);
    assertThatThrownBy(() -> opener.apply(dir))
        .isInstanceOfSatisfying(
            SelectionException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.DB_ERROR);
              assertThat(e.getMessage()).contains(db.toString());
              assertThat(e.getCause()).isInstanceOf(SQLException.class);
            });
    assertThat(Files.readAllBytes(db)).isEqualTo(garbage);
    assertThat(Files.exists(dir.resolve(file + "-wal"))).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void sqliteHeaderThenGarbage_isRefusedAndKeptByteForByte(
      String file, Function<Path, AutoCloseable> opener) throws Exception {
    byte[] bytes = new byte[8192];
    new Random(7).nextBytes(bytes);
    byte[] header = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(header, 0, bytes, 0, header.length);
    bytes[16] = 0x10; // page size 4096, big-endian
    bytes[17] = 0x00;
    Path db = dir.resolve(file);
    Files.write(db, bytes);
    assertDbError(opener, dir, db);
    assertThat(Files.readAllBytes(db)).isEqualTo(bytes);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void missingLibraryFolder_isRefusedAndNotCreated(
      String file, Function<Path, AutoCloseable> opener) {
    Path root = dir.resolve("no-such-library");
    assertDbError(opener, root, root.resolve(file));
    assertThat(Files.exists(root)).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void libraryRootIsARegularFile_isRefusedUntouched(
      String file, Function<Path, AutoCloseable> opener) throws Exception {
    Path root = dir.resolve("library.frkbdb");
    byte[] content = "not a folder".getBytes(StandardCharsets.UTF_8);
    Files.write(root, content);
    assertDbError(opener, root, root.resolve(file));
    assertThat(Files.readAllBytes(root)).isEqualTo(content);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void dbPathIsAFolder_isRefused(String file, Function<Path, AutoCloseable> opener)
      throws Exception {
    Files.createDirectory(dir.resolve(file));
    assertDbError(opener, dir, dir.resolve(file));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void readOnlyLibraryFolder_isRefused(String file, Function<Path, AutoCloseable> opener)
      throws Exception {
    Path root = Files.createDirectory(dir.resolve("ro"));
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("r-xr-xr-x"));
    boolean immutable = false;
    try {
      if (Files.isWritable(root)) {
        // Permissions do not bind root (the CI container user): make the folder immutable instead.
        immutable = AudioFixtures.tryRun("chattr", "+i", root.toString());
      }
      assumeTrue(
          !Files.isWritable(root) || immutable,
          "cannot make a folder read-only here (root without chattr): skipping");
      assertDbError(opener, root, root.resolve(file));
      try (Stream<Path> left = Files.list(root)) {
        assertThat(left).isEmpty();
      }
    } finally {
      if (immutable) {
        AudioFixtures.tryRun("chattr", "-i", root.toString());
      }
      Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void failedOpen_leavesOtherFilesUsable() throws Exception {
    byte[] garbage = new byte[4096];
    Arrays.fill(garbage, (byte) 0x5a);
    Files.write(dir.resolve("features.db"), garbage);
    assertThatThrownBy(() -> SqliteFeatureStore.open(dir)).isInstanceOf(SelectionException.class);
    try (SqliteLabelStore labels = SqliteLabelStore.open(dir)) {
      assertThat(labels.snapshot().sampleChangeCount()).isZero();
    }
  }
}
