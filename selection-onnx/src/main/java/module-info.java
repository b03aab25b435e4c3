/** The OpenL3 embedder on ONNX Runtime and the no-Python Keras-to-ONNX converter. */
module dev.selection.onnx {
  requires transitive dev.selection.api;
  requires com.microsoft.onnxruntime;
  requires io.jhdf;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports dev.selection.onnx;

  provides dev.selection.api.spi.Embedder with dev.selection.onnx.OnnxOpenL3Embedder;
}
