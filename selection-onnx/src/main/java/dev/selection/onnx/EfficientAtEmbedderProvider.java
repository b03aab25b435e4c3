package dev.selection.onnx;

import dev.selection.api.AnalysisConfig;
import dev.selection.api.spi.Embedder;
import dev.selection.api.spi.EmbedderProvider;

/**
 * Provides the built-in {@link OnnxEfficientAtEmbedder}: on the model folder of {@link
 * AnalysisConfig#efficientAtModelDir()} if given, else on the bundled model ({@code
 * selection-model-efficientat}), which it finds by name among the {@link
 * dev.selection.api.spi.BundledModel}s; without either, the embedder is unavailable.
 */
public final class EfficientAtEmbedderProvider implements EmbedderProvider {
  /** Creates the provider (for the service loader). */
  public EfficientAtEmbedderProvider() {}

  @Override
  public String name() {
    return OnnxEfficientAtEmbedder.MODEL_NAME;
  }

  @Override
  public String kind() {
    return OnnxEfficientAtEmbedder.KIND;
  }

  @Override
  public Embedder create(AnalysisConfig config) {
    int threads = config.threadBudget();
    int windows = OnnxEfficientAtEmbedder.DEFAULT_MAX_WINDOWS;
    return config
        .efficientAtModelDir()
        .map(dir -> (Embedder) new OnnxEfficientAtEmbedder(dir, threads, windows))
        .orElseGet(() -> OnnxEfficientAtEmbedder.bundled(threads, windows));
  }
}
