/**
 * The embedders on ONNX Runtime (the built-in EfficientAT model and OpenL3 for hosts that bring its
 * weights), their Java front ends, and the no-Python Keras-to-ONNX converter of OpenL3.
 */
module dev.selection.onnx {
  requires transitive dev.selection.api;
  requires com.microsoft.onnxruntime;
  requires io.jhdf;
  requires JTransforms;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports dev.selection.onnx;

  provides dev.selection.api.spi.EmbedderProvider with
      dev.selection.onnx.EfficientAtEmbedderProvider,
      dev.selection.onnx.OpenL3EmbedderProvider;
}
