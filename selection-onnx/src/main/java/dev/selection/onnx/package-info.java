/**
 * The OpenL3 embedder on ONNX Runtime ({@link dev.selection.onnx.OnnxOpenL3Embedder}), its Java
 * log-mel front end ({@link dev.selection.onnx.OpenL3FrontEnd}) and the no-Python Keras-to-ONNX
 * converter ({@link dev.selection.onnx.OpenL3Converter}).
 */
package dev.selection.onnx;
