package dev.selection.core;

import dev.selection.api.spi.ModelManifest;
import dev.selection.api.spi.ModelStore;
import java.nio.file.Path;
import java.util.Optional;

/** A model store in memory: evaluation trains into it so the library's model is never touched. */
final class MemoryModelStore implements ModelStore {
  private ModelManifest manifest;
  private byte[] model;

  @Override
  public synchronized Optional<ModelManifest> manifest() {
    return Optional.ofNullable(manifest);
  }

  @Override
  public synchronized byte[] readModel(ModelManifest m) {
    return model.clone();
  }

  @Override
  public synchronized Path save(ModelManifest m, byte[] bytes) {
    manifest = m;
    model = bytes.clone();
    return Path.of(m.modelFile());
  }

  @Override
  public synchronized void deleteAll() {
    manifest = null;
    model = null;
  }
}
