/**
 * The SQLite implementation of the store SPIs: {@link dev.selection.sqlite.SqliteStoreProvider}
 * opens {@code features.db} (features, prediction cache, extraction failures), {@code
 * selection_labels.db} and {@code selection_path_index.db} under a library root.
 *
 * <p>Every database runs in WAL mode with a busy timeout and a retry on {@code SQLITE_BUSY}, so
 * several engines (threads or processes) may share one library root. Every write is one
 * transaction. Each database carries {@code schema_meta.schemaVersion}; schema upgrades are atomic
 * (new table, copy, swap) and a database written by a newer SDK is refused with {@code DB_ERROR}
 * before anything is written to it.
 */
package dev.selection.sqlite;
