package dev.selection.api;

import java.util.Locale;

/** The state of a library's stored ranking model, as {@link EngineStatus#model()} reports it. */
public enum ModelState {
  /** No model has been saved (no manifest): train one. */
  NOT_TRAINED,
  /** The manifest is readable and names a model file whose checksum matches. */
  READY,
  /**
   * A model was saved but cannot be used: the manifest is unreadable or from a newer SDK, or the
   * model file it names is missing, unreadable or fails its checksum. Training again replaces it.
   */
  DAMAGED;

  /** Returns the stable lower-case name used in JSON, e.g. {@code "not_trained"}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
