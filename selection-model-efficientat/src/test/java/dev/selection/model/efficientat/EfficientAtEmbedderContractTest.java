package dev.selection.model.efficientat;

import dev.selection.api.spi.Embedder;
import dev.selection.api.spi.contract.EmbedderContract;
import dev.selection.onnx.OnnxEfficientAtEmbedder;

/** {@link EmbedderContract} for the built-in EfficientAT embedder on the shipped model. */
class EfficientAtEmbedderContractTest extends EmbedderContract {
  @Override
  protected Embedder create() {
    return OnnxEfficientAtEmbedder.bundled(1, 2);
  }
}
