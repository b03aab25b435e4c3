package dev.selection.api.spi;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Keeps the trained model and its manifest ({@code models/selection/} under the library root). The
 * store owns the booster's naming and integrity: it names the booster when it saves it, records its
 * SHA-256 in the manifest, and verifies that checksum whenever it reads the booster back. Writes
 * are atomic: a crash leaves either the old or the new model, whole. Thread-safe.
 */
public interface ModelStore {
  /**
   * Returns the current manifest, or empty before any training. A returned manifest always has its
   * {@link ModelManifest#modelFile()} and {@link ModelManifest#modelSha256()}.
   *
   * @throws dev.selection.api.SelectionException {@code MODEL_LOAD_FAILED} if it exists but is
   *     unreadable
   */
  Optional<ModelManifest> manifest();

  /**
   * Reads the booster bytes named by the manifest, verifying its checksum.
   *
   * @throws dev.selection.api.SelectionException {@code MODEL_LOAD_FAILED} when the booster is
   *     missing, or its bytes do not match the manifest's {@link ModelManifest#modelSha256()}
   *     (damaged or replaced); the message says which
   */
  byte[] readModel(ModelManifest manifest);

  /**
   * Saves a booster and then its manifest, each through a temporary file and an atomic rename, and
   * removes older boosters. The store names the booster (from the manifest's revision) and computes
   * its SHA-256: whatever {@link ModelManifest#modelFile()} and {@link ModelManifest#modelSha256()}
   * the given manifest has (null in a manifest built for saving) are replaced, and {@link
   * #manifest()} then returns the manifest with the store's name and checksum ({@link
   * ModelManifest#withModel}).
   *
   * @param manifest the model's description
   * @param model the booster bytes
   * @return the booster's path (for a store that does not keep files, a path made of its name)
   * @throws dev.selection.api.SelectionException {@code IO_ERROR} when it cannot be written
   */
  Path save(ModelManifest manifest, byte[] model);

  /**
   * Deletes the models (training data reset). A store on files leaves lock files ({@code *.lock})
   * in place: other processes may be waiting on them.
   */
  void deleteAll();

  /**
   * Returns the highest revision of a booster this store still holds, found without reading the
   * manifest, so that revisions keep rising when the manifest is damaged (prediction-cache rows are
   * keyed by revision); 0 when it holds none or cannot tell. The default returns 0.
   */
  default long highestSavedRevision() {
    return 0;
  }
}
