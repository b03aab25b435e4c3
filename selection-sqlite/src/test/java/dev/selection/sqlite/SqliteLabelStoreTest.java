package dev.selection.sqlite;

import dev.selection.api.spi.LabelStore;
import dev.selection.api.spi.contract.LabelStoreContract;
import java.nio.file.Path;

class SqliteLabelStoreTest extends LabelStoreContract {
  @Override
  protected LabelStore open(Path folder) {
    return SqliteLabelStore.open(folder);
  }
}
