package dev.selection.core;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.ModelManifest;
import dev.selection.api.spi.ModelStore;
import dev.selection.core.internal.rank.FileModelStore;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A model store in memory: evaluation trains into it so the library's model is never touched. It
 * names and checksums the booster as the store on files does, and verifies the checksum on read.
 */
final class MemoryModelStore implements ModelStore {
  private ModelManifest manifest;
  private byte[] model;

  @Override
  public synchronized Optional<ModelManifest> manifest() {
    return Optional.ofNullable(manifest);
  }

  @Override
  public synchronized byte[] readModel(ModelManifest m) {
    if (model == null || m.modelFile() == null || !m.modelFile().equals(manifest.modelFile())) {
      throw new SelectionException(
          ErrorCode.MODEL_LOAD_FAILED,
          "Model " + m.modelFile() + " is not in the in-memory store: retrain the model");
    }
    FileModelStore.verifyChecksum(model, m, "in memory " + m.modelFile());
    return model.clone();
  }

  @Override
  public synchronized Path save(ModelManifest m, byte[] bytes) {
    manifest =
        m.withModel(FileModelStore.modelFileName(m.modelRevision()), FileModelStore.sha256(bytes));
    model = bytes.clone();
    return Path.of(manifest.modelFile());
  }

  @Override
  public synchronized void deleteAll() {
    manifest = null;
    model = null;
  }

  @Override
  public synchronized long highestSavedRevision() {
    return manifest == null ? 0 : manifest.modelRevision();
  }
}
