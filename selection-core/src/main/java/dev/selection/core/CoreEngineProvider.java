package dev.selection.core;

import dev.selection.api.AnalysisConfig;
import dev.selection.api.AudioAnalyzer;
import dev.selection.api.EngineConfig;
import dev.selection.api.SelectionEngine;
import dev.selection.api.spi.EngineProvider;

/**
 * Provides the local engine: stores, decoders and embedders found through {@link
 * dev.selection.api.spi.NamedSpiLoader} unless the builder gave them, and the single-file {@link
 * AudioAnalyzer}. Registered as a service; hosts do not call it directly.
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

  @Override
  public AudioAnalyzer createAnalyzer(AnalysisConfig config) {
    return new LocalAudioAnalyzer(config);
  }
}
