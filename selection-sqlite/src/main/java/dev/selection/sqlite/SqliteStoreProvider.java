package dev.selection.sqlite;

import dev.selection.api.spi.FeatureStore;
import dev.selection.api.spi.LabelStore;
import dev.selection.api.spi.PathIndex;
import dev.selection.api.spi.PredictionCache;
import dev.selection.api.spi.StoreProvider;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * The {@code "sqlite"} {@link StoreProvider}: {@code features.db} (features, prediction cache,
 * extraction failures), {@code selection_labels.db} and {@code selection_path_index.db} under the
 * library root.
 *
 * <p>The library folder must exist; it is never created. Each open returns a new store with its own
 * connection; several stores (or engines, or processes) on one root are safe. Thread-safe.
 */
public final class SqliteStoreProvider implements StoreProvider {
  /** The provider name. */
  public static final String NAME = "sqlite";

  private final Clock clock;

  /** Creates the provider with the system UTC clock (used by {@link java.util.ServiceLoader}). */
  public SqliteStoreProvider() {
    this(Clock.systemUTC());
  }

  /** Creates the provider with a clock that stamps rows (for tests and replays). */
  public SqliteStoreProvider(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Returns {@value #NAME}. */
  @Override
  public String name() {
    return NAME;
  }

  @Override
  public FeatureStore openFeatureStore(Path libraryRoot) {
    return SqliteFeatureStore.open(libraryRoot, clock);
  }

  @Override
  public LabelStore openLabelStore(Path libraryRoot) {
    return SqliteLabelStore.open(libraryRoot, clock);
  }

  @Override
  public PathIndex openPathIndex(Path libraryRoot) {
    return SqlitePathIndex.open(libraryRoot, clock);
  }

  @Override
  public PredictionCache openPredictionCache(Path libraryRoot) {
    return SqlitePredictionCache.open(libraryRoot, clock);
  }
}
