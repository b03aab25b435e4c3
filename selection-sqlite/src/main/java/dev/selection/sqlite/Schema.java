package dev.selection.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;

/**
 * The schema of one database file: its latest version, how to create it from nothing and the steps
 * that bring an older file up to date.
 *
 * @param fileName the file under the library root, e.g. {@code features.db}
 * @param currentVersion the version this code writes
 * @param createStatements DDL of the latest version (schema_meta is created by the migrator)
 * @param migrations steps from older versions, one per version, ascending
 */
record Schema(
    String fileName,
    int currentVersion,
    List<String> createStatements,
    List<Migration> migrations) {
  /** Validates that the migrations form a contiguous chain ending at {@code currentVersion}. */
  Schema {
    Objects.requireNonNull(fileName, "fileName");
    createStatements = List.copyOf(createStatements);
    migrations = List.copyOf(migrations);
    if (currentVersion < 1) {
      throw new IllegalArgumentException("currentVersion < 1");
    }
    int expected = currentVersion - migrations.size();
    for (Migration m : migrations) {
      if (m.fromVersion() != expected++) {
        throw new IllegalArgumentException("Migrations of " + fileName + " are not contiguous");
      }
    }
  }

  /** Returns the oldest version this code can upgrade. */
  int oldestMigratable() {
    return currentVersion - migrations.size();
  }

  /** Returns the step that upgrades {@code version}. */
  Migration migrationFrom(int version) {
    return migrations.get(version - oldestMigratable());
  }

  /** Creates the latest schema in an empty database. */
  void create(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String sql : createStatements) {
        s.execute(sql);
      }
    }
  }
}
