package dev.selection.api.spi;

import dev.selection.api.SelectionEngine;

/**
 * Creates engines. {@code selection-core} provides the implementation; the API module finds it
 * through {@link java.util.ServiceLoader} so that hosts program against {@code selection-api}
 * alone.
 */
public interface EngineProvider {
  /** Returns a stable short name, e.g. {@code "core"}. */
  String name();

  /** Returns the rank among discovered providers; higher wins. Default 0. */
  default int priority() {
    return 0;
  }

  /** Creates an engine from a validated configuration. */
  SelectionEngine create(EngineConfig config);
}
