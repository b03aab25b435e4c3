package dev.selection.api.spi;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Keeps the trained model and its manifest ({@code models/selection/} under the library root).
 * Writes are atomic: a crash leaves either the old or the new model, whole. Thread-safe.
 */
public interface ModelStore {
  /**
   * Returns the current manifest, or empty before any training.
   *
   * @throws dev.selection.api.SelectionException {@code MODEL_LOAD_FAILED} if it exists but is
   *     unreadable
   */
  Optional<ModelManifest> manifest();

  /**
   * Reads the booster bytes named by the manifest, verifying its checksum.
   *
   * @throws dev.selection.api.SelectionException {@code MODEL_LOAD_FAILED} when missing or damaged
   */
  byte[] readModel(ModelManifest manifest);

  /**
   * Writes a booster and then its manifest, each through a temporary file and an atomic rename, and
   * removes older boosters.
   *
   * @return the booster's path
   */
  Path save(ModelManifest manifest, byte[] model);

  /** Deletes the model folder's contents (training data reset). */
  void deleteAll();
}
