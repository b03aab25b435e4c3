package dev.selection.api;

/**
 * Receives automatic-retraining events. Called from an engine thread; must be fast and must not
 * throw.
 */
@FunctionalInterface
public interface AutoTrainListener {
  /** Receives one event. */
  void onEvent(AutoTrainEvent event);
}
