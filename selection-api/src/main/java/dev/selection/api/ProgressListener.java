package dev.selection.api;

/**
 * Receives progress of a long operation. Implementations must be fast, must not throw and must not
 * call back into the engine; they may be called from any thread, but never concurrently for one
 * operation.
 */
@FunctionalInterface
public interface ProgressListener {
  /** A listener that ignores every report. */
  ProgressListener NONE = p -> {};

  /** Receives one report. */
  void onProgress(Progress progress);
}
