package dev.selection.onnx.internal;

import dev.selection.onnx.OpenL3FrontEnd;

/**
 * Turns {@link OpenL3Weights} into an ONNX graph: input {@code melspec [N, 256, 199, 1]} (NHWC, the
 * log-mel images of {@link OpenL3FrontEnd}), output {@code embedding [N, D]}. Mirrors the Keras
 * network of marl/openl3 0.4.x {@code openl3/models.py} (see {@link OpenL3Weights}); batch norms
 * stay explicit nodes (ONNX Runtime fuses Conv + BatchNormalization itself at its basic
 * optimisation level).
 */
public final class OpenL3OnnxExport {
  /** Name of the graph input. */
  public static final String INPUT = "melspec";

  /** Name of the graph output. */
  public static final String OUTPUT = "embedding";

  private OpenL3OnnxExport() {}

  /** Returns the serialised ONNX model. */
  public static byte[] toOnnx(OpenL3Weights w, String producerVersion) {
    OnnxGraphBuilder g = new OnnxGraphBuilder();
    g.input(INPUT, -1, OpenL3FrontEnd.MEL_BANDS, OpenL3FrontEnd.FRAMES, 1);
    g.output(OUTPUT, -1, w.embeddingSize());
    g.node("Transpose", new String[] {INPUT}, "nchw").ints("perm", 0, 3, 1, 2).add();
    String x = batchNorm(g, "bn0", w.inputNorm(), "nchw");
    for (int i = 0; i < 8; i++) {
      OpenL3Weights.Conv c = w.convs().get(i);
      String name = "conv" + (i + 1);
      g.initializer(
          name + ".W",
          c.kernelOihw(),
          c.outChannels(),
          c.inChannels(),
          c.kernelHeight(),
          c.kernelWidth());
      g.initializer(name + ".B", c.bias(), c.outChannels());
      g.node("Conv", new String[] {x, name + ".W", name + ".B"}, name)
          .ints("kernel_shape", c.kernelHeight(), c.kernelWidth())
          .ints(
              "pads",
              c.kernelHeight() / 2,
              c.kernelWidth() / 2,
              c.kernelHeight() / 2,
              c.kernelWidth() / 2)
          .ints("strides", 1, 1)
          .add();
      x = name;
      if (i == 7) {
        break;
      }
      x = batchNorm(g, "bn" + (i + 1), w.norms().get(i), x);
      g.node("Relu", new String[] {x}, "relu" + (i + 1)).add();
      x = "relu" + (i + 1);
      if (i % 2 == 1 && i < 6) {
        String pool = "pool" + (i / 2 + 1);
        g.node("MaxPool", new String[] {x}, pool)
            .ints("kernel_shape", 2, 2)
            .ints("strides", 2, 2)
            .add();
        x = pool;
      }
    }
    // Keras MaxPooling2D((32, 24), padding="same") over the 32x24 map = a global maximum.
    g.node("GlobalMaxPool", new String[] {x}, "gmax").add();
    g.node("Flatten", new String[] {"gmax"}, OUTPUT).integer("axis", 1).add();
    return g.build("openl3_mel256_music", "selection-openl3-convert", producerVersion);
  }

  private static String batchNorm(
      OnnxGraphBuilder g, String name, OpenL3Weights.BatchNorm bn, String x) {
    int c = bn.channels();
    g.initializer(name + ".scale", bn.gamma(), c);
    g.initializer(name + ".bias", bn.beta(), c);
    g.initializer(name + ".mean", bn.mean(), c);
    g.initializer(name + ".var", bn.variance(), c);
    g.node(
            "BatchNormalization",
            new String[] {x, name + ".scale", name + ".bias", name + ".mean", name + ".var"},
            name)
        .real("epsilon", OpenL3Weights.BN_EPSILON)
        .add();
    return name;
  }
}
