/** Feature, label, path-index and prediction-cache stores on SQLite (sqlite-jdbc). */
module dev.selection.sqlite {
  requires transitive dev.selection.api;
  requires java.sql;
  requires org.xerial.sqlitejdbc;
}
