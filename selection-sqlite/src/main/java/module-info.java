/**
 * Feature, label, path-index and prediction-cache stores on SQLite (sqlite-jdbc).
 *
 * <p>Only {@code dev.selection.sqlite} is exported; {@link
 * dev.selection.sqlite.SqliteStoreProvider} is registered as a {@link
 * dev.selection.api.spi.StoreProvider} named {@code "sqlite"}.
 */
module dev.selection.sqlite {
  requires transitive dev.selection.api;
  requires java.sql;
  requires org.xerial.sqlitejdbc;
  requires org.slf4j;

  exports dev.selection.sqlite;

  provides dev.selection.api.spi.StoreProvider with
      dev.selection.sqlite.SqliteStoreProvider;
}
