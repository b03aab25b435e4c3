package dev.selection.api.spi;

import java.nio.file.Path;

/**
 * Opens the stores of a library root. The SQLite implementation lives in {@code selection-sqlite};
 * a host may register its own as a service (found by {@link NamedSpiLoader}, chosen by {@link
 * dev.selection.api.SelectionEngine.Builder#storeProvider name} or priority) or give stores to the
 * builder. The SQLite provider is named {@code "sqlite"}.
 */
public interface StoreProvider extends NamedProvider {

  /**
   * Opens (creating if needed) the feature store.
   *
   * @throws dev.selection.api.SelectionException {@code DB_ERROR} naming the file
   */
  FeatureStore openFeatureStore(Path libraryRoot);

  /** Opens (creating if needed) the label store. */
  LabelStore openLabelStore(Path libraryRoot);

  /** Opens (creating if needed) the path index. */
  PathIndex openPathIndex(Path libraryRoot);

  /** Opens (creating if needed) the prediction cache. */
  PredictionCache openPredictionCache(Path libraryRoot);
}
