package dev.selection.model.efficientat;

import dev.selection.api.spi.BundledModel;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * EfficientAT {@code mn04_as} (github fschmid56/EfficientAT, MIT; MobileNetV3 at width 0.4 trained
 * on AudioSet, mAP 0.432) exported to ONNX by {@code scripts/export_onnx.py}: input the log-mel
 * image {@code mel [N, 1, 128, T]}, outputs {@code logits [N, 527]}, {@code embedding [N, 384]} and
 * {@code hidden [N, 512]}. The files are this module's resources: {@code manifest.json}, {@code
 * mn04_as.onnx}, {@code audioset_labels.csv}, {@code LICENSE-EfficientAT} and {@code NOTICE}.
 *
 * <p>Found through {@link java.util.ServiceLoader} by {@code selection-onnx}'s EfficientAT
 * embedder; hosts do not call it.
 */
public final class EfficientAtMn04 implements BundledModel {
  /** The model's name. */
  public static final String NAME = "efficientat-mn04";

  private static final Set<String> FILES =
      Set.of(MANIFEST, "mn04_as.onnx", "audioset_labels.csv", "LICENSE-EfficientAT", "NOTICE");

  /** Creates the provider (for {@link java.util.ServiceLoader}). */
  public EfficientAtMn04() {}

  @Override
  public String name() {
    return NAME;
  }

  /**
   * {@inheritDoc}
   *
   * @throws FileNotFoundException for a name that is not one of the model's files
   */
  @Override
  public InputStream open(String file) throws IOException {
    if (!FILES.contains(file)) {
      throw new FileNotFoundException("efficientat-mn04 has no file " + file);
    }
    InputStream in = EfficientAtMn04.class.getResourceAsStream(file);
    if (in == null) {
      throw new FileNotFoundException("efficientat-mn04 resource missing from the jar: " + file);
    }
    return in;
  }

  @Override
  public String toString() {
    return NAME;
  }
}
