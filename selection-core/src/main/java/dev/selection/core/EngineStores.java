package dev.selection.core;

import dev.selection.api.EngineConfig;
import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.FeatureStore;
import dev.selection.api.spi.LabelStore;
import dev.selection.api.spi.ModelStore;
import dev.selection.api.spi.NamedSpiLoader;
import dev.selection.api.spi.PathIndex;
import dev.selection.api.spi.PredictionCache;
import dev.selection.api.spi.StoreProvider;
import dev.selection.core.internal.rank.FileModelStore;
import java.nio.file.Path;

/**
 * The engine's five stores: the host's where the builder gave them, the others opened from the
 * chosen {@link StoreProvider} (by name, or the best one found) and owned by the engine.
 */
record EngineStores(
    FeatureStore features,
    LabelStore labels,
    PathIndex pathIndex,
    PredictionCache predictionCache,
    ModelStore models) {

  /** The hint of the error when no store provider is found. */
  static final String NO_PROVIDER_HINT =
      "add dev.selection:selection-sqlite or give every store to the builder";

  /**
   * Opens the stores the configuration does not give, registering each with {@code owner} so the
   * engine closes them (and only them).
   */
  static EngineStores open(EngineConfig config, Owned owner) {
    if (config.createLibraryRoot()) {
      createFolder(config.libraryRoot());
    }
    boolean needProvider =
        config.featureStore().isEmpty()
            || config.labelStore().isEmpty()
            || config.pathIndex().isEmpty()
            || config.predictionCache().isEmpty();
    StoreProvider provider = needProvider ? provider(config) : null;
    Path root = config.libraryRoot();
    return new EngineStores(
        config.featureStore().orElseGet(() -> owner.own(provider.openFeatureStore(root))),
        config.labelStore().orElseGet(() -> owner.own(provider.openLabelStore(root))),
        config.pathIndex().orElseGet(() -> owner.own(provider.openPathIndex(root))),
        config.predictionCache().orElseGet(() -> owner.own(provider.openPredictionCache(root))),
        config.modelStore().orElseGet(() -> new FileModelStore(root)));
  }

  /** Creates a missing library folder (and its parents), as the builder was asked to. */
  private static void createFolder(Path root) {
    try {
      java.nio.file.Files.createDirectories(root);
    } catch (java.io.IOException e) {
      throw new SelectionException(
          ErrorCode.DB_ERROR, "Cannot create the library folder " + root + ": " + e, e);
    }
  }

  private static StoreProvider provider(EngineConfig config) {
    NamedSpiLoader<StoreProvider> loader =
        NamedSpiLoader.load(StoreProvider.class, EngineStores.class.getClassLoader());
    return config
        .storeProvider()
        .map(loader::byName)
        .orElseGet(() -> loader.best(NO_PROVIDER_HINT));
  }
}
