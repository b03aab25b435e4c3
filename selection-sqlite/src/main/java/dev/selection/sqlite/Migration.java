package dev.selection.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/**
 * One schema step from {@code fromVersion} to {@code fromVersion + 1}. Runs inside the transaction
 * that also writes the new {@code schemaVersion}, so a failed or interrupted step leaves the old
 * schema.
 *
 * @param fromVersion the version this step upgrades
 * @param description what the step does, for the log
 * @param action the SQL of the step
 */
record Migration(int fromVersion, String description, Action action) {
  /** Validates the values. */
  Migration {
    if (fromVersion < 0) {
      throw new IllegalArgumentException("fromVersion < 0: " + fromVersion);
    }
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(action, "action");
  }

  /** The SQL of a step. */
  @FunctionalInterface
  interface Action {
    void apply(Connection connection) throws SQLException;
  }
}
