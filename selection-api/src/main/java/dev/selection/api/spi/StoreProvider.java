package dev.selection.api.spi;

import java.nio.file.Path;

/**
 * Opens the stores of a library root. The SQLite implementation lives in {@code selection-sqlite};
 * a host may register its own through {@link java.util.ServiceLoader} or give stores to the
 * builder.
 */
public interface StoreProvider {
  /** Returns a stable short name, e.g. {@code "sqlite"}. */
  String name();

  /** Returns the rank among discovered providers; higher wins. Default 0. */
  default int priority() {
    return 0;
  }

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
