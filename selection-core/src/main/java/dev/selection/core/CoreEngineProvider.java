package dev.selection.core;

import dev.selection.api.SelectionEngine;
import dev.selection.api.spi.EngineConfig;
import dev.selection.api.spi.EngineProvider;

/**
 * Provides the local engine: stores, decoders and embedder found through {@link
 * java.util.ServiceLoader} unless the builder gave them. Registered as a service; hosts do not call
 * it directly.
 */
public final class CoreEngineProvider implements EngineProvider {
  /** Creates the provider (called by {@link java.util.ServiceLoader}). */
  public CoreEngineProvider() {}

  @Override
  public String name() {
    return "core";
  }

  @Override
  public SelectionEngine create(EngineConfig config) {
    return new LocalSelectionEngine(config);
  }
}
