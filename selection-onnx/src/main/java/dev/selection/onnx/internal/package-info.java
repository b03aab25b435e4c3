/**
 * Internals of the OpenL3 embedder: FFT, ONNX protobuf writer, Keras weight reader, window
 * planning.
 */
package dev.selection.onnx.internal;
