package dev.selection.sqlite;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of work on one connection; may run more than once when SQLite reports it busy. */
@FunctionalInterface
interface SqlWork<T> {
  T run(Connection connection) throws SQLException;
}
