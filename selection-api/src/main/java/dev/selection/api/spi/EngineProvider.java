package dev.selection.api.spi;

import dev.selection.api.AnalysisConfig;
import dev.selection.api.AudioAnalyzer;
import dev.selection.api.EngineConfig;
import dev.selection.api.SelectionEngine;

/**
 * Creates engines. {@code selection-core} provides the implementation; the API module finds it
 * through {@link NamedSpiLoader} so that hosts program against {@code selection-api} alone.
 */
public interface EngineProvider extends NamedProvider {

  /** Creates an engine from a validated configuration. */
  SelectionEngine create(EngineConfig config);

  /** Creates an analyzer of single files (no library) from a configuration. */
  AudioAnalyzer createAnalyzer(AnalysisConfig config);
}
