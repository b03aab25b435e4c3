/** A host application on the module path: only the engine and the SQLite stores. */
module host {
  requires dev.selection.core;
  requires dev.selection.sqlite;
}
