package dev.selection.sqlite;

import dev.selection.api.spi.FeatureStore;
import dev.selection.api.spi.contract.FeatureStoreContract;
import java.nio.file.Path;

class SqliteFeatureStoreTest extends FeatureStoreContract {
  @Override
  protected FeatureStore open(Path folder) {
    return SqliteFeatureStore.open(folder);
  }
}
