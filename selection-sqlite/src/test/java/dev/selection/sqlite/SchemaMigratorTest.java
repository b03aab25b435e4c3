package dev.selection.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The migration framework on a made-up three-version schema. */
class SchemaMigratorTest {
  @TempDir Path dir;

  private static final String T_V1 =
      "CREATE TABLE %s (a TEXT PRIMARY KEY NOT NULL, b TEXT NOT NULL)";

  private static final Migration ZERO_TO_ONE =
      new Migration(0, "add t.b", c -> Schemas.rebuild(c, "t", T_V1, Map.of("b", "'x'")));

  private static final Migration ONE_TO_TWO =
      new Migration(
          1,
          "add table u",
          c -> {
            try (Statement s = c.createStatement()) {
              s.execute("CREATE TABLE u (n INTEGER)");
            }
          });

  private static final Migration FAILING_ONE_TO_TWO =
      new Migration(
          1,
          "fails",
          c -> {
            throw new SQLException("step 1 -> 2 failed on purpose");
          });

  private static Schema schema(Migration last) {
    return new Schema(
        "test.db",
        2,
        List.of(T_V1.formatted("t"), "CREATE TABLE u (n INTEGER)"),
        List.of(ZERO_TO_ONE, last));
  }

  private void makeVersion0() throws Exception {
    Raw.exec(
        dir.resolve("test.db"),
        "CREATE TABLE t (a TEXT PRIMARY KEY)",
        "INSERT INTO t VALUES ('k1'), ('k2')");
  }

  @Test
  void emptyFile_getsTheLatestSchemaDirectly() throws Exception {
    SqliteDatabase.open(dir, schema(FAILING_ONE_TO_TWO)).close(); // no step runs on a new file
    Path db = dir.resolve("test.db");
    assertThat(Raw.column(db, "SELECT value FROM schema_meta WHERE key='schemaVersion'"))
        .containsExactly("2");
    assertThat(Raw.column(db, "SELECT name FROM pragma_table_info('t')")).containsExactly("a", "b");
  }

  @Test
  void version0_runsEveryStepInOrder() throws Exception {
    makeVersion0();
    SqliteDatabase.open(dir, schema(ONE_TO_TWO)).close();
    Path db = dir.resolve("test.db");
    assertThat(Raw.column(db, "SELECT a || '=' || b FROM t ORDER BY a"))
        .containsExactly("k1=x", "k2=x");
    assertThat(Raw.column(db, "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"))
        .containsExactly("schema_meta", "t", "u");
    assertThat(Raw.column(db, "SELECT value FROM schema_meta WHERE key='schemaVersion'"))
        .containsExactly("2");
    // A second open finds the current version and changes nothing.
    SqliteDatabase.open(dir, schema(FAILING_ONE_TO_TWO)).close();
  }

  @Test
  void failingLaterStep_rollsBackEveryStep() throws Exception {
    makeVersion0();
    Path db = dir.resolve("test.db");
    assertThatThrownBy(() -> SqliteDatabase.open(dir, schema(FAILING_ONE_TO_TWO)))
        .isInstanceOfSatisfying(
            SelectionException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.DB_ERROR);
              assertThat(e.getMessage()).contains(db.toString()).contains("on purpose");
            });
    assertThat(Raw.column(db, "SELECT name FROM sqlite_master WHERE type='table'"))
        .containsExactly("t");
    assertThat(Raw.column(db, "SELECT name FROM pragma_table_info('t')")).containsExactly("a");
    assertThat(Raw.column(db, "SELECT a FROM t ORDER BY a")).containsExactly("k1", "k2");
  }

  @Test
  void version1_runsOnlyTheLaterStep() throws Exception {
    Path db = dir.resolve("test.db");
    Raw.exec(
        db,
        T_V1.formatted("t"),
        "INSERT INTO t VALUES ('k', 'v')",
        "CREATE TABLE schema_meta (key TEXT PRIMARY KEY, value TEXT)",
        "INSERT INTO schema_meta VALUES ('schemaVersion', '1')");
    Migration zeroToOneMustNotRun =
        new Migration(
            0,
            "must not run",
            c -> {
              throw new SQLException("step 0 -> 1 ran on a version 1 file");
            });
    SqliteDatabase.open(
            dir, new Schema("test.db", 2, List.of(), List.of(zeroToOneMustNotRun, ONE_TO_TWO)))
        .close();
    assertThat(Raw.column(db, "SELECT a || '=' || b FROM t")).containsExactly("k=v");
    assertThat(Raw.column(db, "SELECT name FROM sqlite_master WHERE name = 'u'"))
        .containsExactly("u");
    assertThat(Raw.column(db, "SELECT value FROM schema_meta WHERE key='schemaVersion'"))
        .containsExactly("2");
  }

  @Test
  void schema_refusesGapsInTheMigrationChain() {
    assertThatThrownBy(() -> new Schema("x.db", 3, List.of(), List.of(ZERO_TO_ONE)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Schema("x.db", 2, List.of(), List.of(ONE_TO_TWO, ZERO_TO_ONE)))
        .isInstanceOf(IllegalArgumentException.class);
    Migration twoToThree = new Migration(2, "noop", c -> {});
    assertThat(new Schema("x.db", 3, List.of(), List.of(twoToThree)).oldestMigratable())
        .isEqualTo(2);
  }
}
