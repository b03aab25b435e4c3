package dev.selection.sqlite;

import dev.selection.api.spi.PredictionCache;
import dev.selection.api.spi.contract.PredictionCacheContract;
import java.nio.file.Path;

class SqlitePredictionCacheTest extends PredictionCacheContract {
  @Override
  protected PredictionCache open(Path folder) {
    return SqlitePredictionCache.open(folder);
  }
}
