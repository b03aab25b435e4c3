package dev.selection.onnx;

import dev.selection.api.AnalysisConfig;
import dev.selection.api.spi.Embedder;
import dev.selection.api.spi.EmbedderProvider;

/**
 * Provides {@link OnnxOpenL3Embedder} on the model folder of {@link
 * AnalysisConfig#openL3ModelDir()} (an engine's default is {@link
 * dev.selection.api.EngineConfig#OPENL3_MODEL_SUBDIR} under its library root). The weights do not
 * ship with the SDK: without a model there the embedder is unavailable and OpenL3 is skipped.
 */
public final class OpenL3EmbedderProvider implements EmbedderProvider {
  /** Creates the provider (for the service loader). */
  public OpenL3EmbedderProvider() {}

  @Override
  public String name() {
    return OnnxOpenL3Embedder.NAME;
  }

  @Override
  public String kind() {
    return OnnxOpenL3Embedder.KIND;
  }

  @Override
  public Embedder create(AnalysisConfig config) {
    return new OnnxOpenL3Embedder(config.openL3ModelDir().orElse(null), config.threadBudget());
  }
}
