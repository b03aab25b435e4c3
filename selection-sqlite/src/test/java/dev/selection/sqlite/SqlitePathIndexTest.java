package dev.selection.sqlite;

import dev.selection.api.spi.PathIndex;
import dev.selection.api.spi.contract.PathIndexContract;
import java.nio.file.Path;

class SqlitePathIndexTest extends PathIndexContract {
  @Override
  protected PathIndex open(Path folder) {
    return SqlitePathIndex.open(folder);
  }
}
