/**
 * The built-in embedding model: EfficientAT {@code mn04_as} as ONNX with its manifest, labels and
 * licence, offered as a {@link dev.selection.api.spi.BundledModel} named {@code efficientat-mn04}.
 */
module dev.selection.model.efficientat {
  requires dev.selection.api;

  exports dev.selection.model.efficientat;

  provides dev.selection.api.spi.BundledModel with
      dev.selection.model.efficientat.EfficientAtMn04;
}
