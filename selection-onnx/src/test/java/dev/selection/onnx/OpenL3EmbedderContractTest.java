package dev.selection.onnx;

import dev.selection.api.spi.Embedder;
import dev.selection.api.spi.contract.EmbedderContract;
import dev.selection.onnx.internal.RandomOpenL3Weights;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** {@link EmbedderContract} for the OpenL3 embedder, on a small model with random weights. */
class OpenL3EmbedderContractTest extends EmbedderContract {
  @TempDir static Path shared;

  private static Path modelDir;

  @BeforeAll
  static void convert() {
    modelDir = shared.resolve("model");
    OpenL3Converter.write(
        RandomOpenL3Weights.generate(new int[] {4, 8, 16, 32}, 12),
        modelDir,
        "random",
        "0".repeat(64));
  }

  @Override
  protected Embedder create() {
    return new OnnxOpenL3Embedder(modelDir, 1);
  }

  @Override
  protected double excerptSeconds() {
    return 3; // 1-s windows: a few are enough
  }
}
