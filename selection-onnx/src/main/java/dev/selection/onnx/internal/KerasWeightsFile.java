package dev.selection.onnx.internal;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes OpenL3 weights in the Keras 2 HDF5 layout (what {@code
 * model.save_weights("x.h5")} and {@code model.save("x.h5")} write, and what the {@code
 * openl3_audio_mel256_music.h5} files of marl/openl3 hold): the root (or its {@code model_weights}
 * group) has an attribute {@code layer_names}; each layer is a group with an attribute {@code
 * weight_names} (e.g. {@code conv2d_1/kernel:0}), and each weight is the dataset at that path
 * inside the layer group. Uses jhdf (pure Java).
 *
 * <p>Layers are matched by order and weight names: a layer with {@code kernel} (4-D) and {@code
 * bias} is a convolution, one with {@code gamma, beta, moving_mean, moving_variance} a batch
 * normalisation; layers with other weights (the kapre spectrogram layers of the 0.2 weight files)
 * are skipped with a log line. Keras 3 {@code .weights.h5} files use another layout and are not
 * read.
 */
public final class KerasWeightsFile {
  private static final Logger LOG = LoggerFactory.getLogger(KerasWeightsFile.class);

  private static final long MAX_VALUES_PER_WEIGHT = 16L << 20;

  private KerasWeightsFile() {}

  /**
   * Reads the weights.
   *
   * @throws IllegalArgumentException if the file is not a Keras weights file of the OpenL3 audio
   *     network
   * @throws RuntimeException from jhdf if the file is not HDF5 or is damaged
   */
  public static OpenL3Weights read(Path h5) {
    try (HdfFile file = new HdfFile(h5)) {
      Group root = file;
      if (file.getChild("model_weights") instanceof Group g) {
        root = g;
      }
      String[] layerNames = strings(root.getAttribute("layer_names"));
      if (layerNames == null) {
        throw new IllegalArgumentException(
            h5 + " is HDF5 but not a Keras 2 weights file: no layer_names");
      }
      List<OpenL3Weights.BatchNorm> norms = new ArrayList<>();
      List<OpenL3Weights.Conv> convs = new ArrayList<>();
      for (String layerName : layerNames) {
        Node layer = root.getChild(layerName);
        if (!(layer instanceof Group group)) {
          throw new IllegalArgumentException("layer " + layerName + " listed but missing in " + h5);
        }
        String[] weightNames = strings(group.getAttribute("weight_names"));
        if (weightNames == null || weightNames.length == 0) {
          continue;
        }
        Map<String, Dataset> weights = new HashMap<>();
        for (String weightName : weightNames) {
          Node node = group.getByPath(weightName);
          if (!(node instanceof Dataset d)) {
            throw new IllegalArgumentException("weight " + weightName + " missing in " + h5);
          }
          weights.put(suffix(weightName), d);
        }
        if (weights.keySet().equals(java.util.Set.of("kernel", "bias"))) {
          int[] dims = weights.get("kernel").getDimensions();
          if (dims.length != 4) {
            throw new IllegalArgumentException(layerName + ": kernel is not 4-D");
          }
          convs.add(
              new OpenL3Weights.Conv(
                  floats(weights.get("kernel")),
                  dims[0],
                  dims[1],
                  dims[2],
                  dims[3],
                  floats(weights.get("bias"))));
        } else if (weights
            .keySet()
            .equals(java.util.Set.of("gamma", "beta", "moving_mean", "moving_variance"))) {
          norms.add(
              new OpenL3Weights.BatchNorm(
                  floats(weights.get("gamma")),
                  floats(weights.get("beta")),
                  floats(weights.get("moving_mean")),
                  floats(weights.get("moving_variance"))));
        } else {
          LOG.info(
              "Skipping layer {} with weights {} (not part of the OpenL3 convolutional network)",
              layerName,
              weights.keySet());
        }
      }
      if (norms.isEmpty()) {
        throw new IllegalArgumentException(h5 + " has no batch normalisation layers");
      }
      return new OpenL3Weights(norms.get(0), convs, norms.subList(1, norms.size()));
    }
  }

  /**
   * Writes the weights in the Keras 2 layout with Keras' default layer names (for tests and
   * benchmarks). Weight-less layers (activations, pooling) are left out: jhdf 0.9.4 writes neither
   * empty groups nor the empty {@code weight_names} arrays Keras gives them reliably; the reader
   * skips such layers anyway.
   */
  public static void write(OpenL3Weights w, Path h5) {
    List<String> layers = new ArrayList<>();
    try (WritableHdfFile file = HdfFile.write(h5)) {
      file.putAttribute("backend", "tensorflow");
      file.putAttribute("keras_version", "2.3.1");
      putNorm(file, "batch_normalization_1", w.inputNorm(), layers);
      for (int i = 0; i < 8; i++) {
        String convName = i == 7 ? "audio_embedding_layer" : "conv2d_" + (i + 1);
        OpenL3Weights.Conv c = w.convs().get(i);
        WritableGroup g = file.putGroup(convName);
        g.putAttribute("weight_names", new String[] {convName + "/kernel:0", convName + "/bias:0"});
        WritableGroup inner = g.putGroup(convName);
        inner.putDataset(
            "kernel:0",
            reshape4(
                c.kernel(), c.kernelHeight(), c.kernelWidth(), c.inChannels(), c.outChannels()));
        inner.putDataset("bias:0", c.bias().clone());
        layers.add(convName);
        if (i < 7) {
          putNorm(file, "batch_normalization_" + (i + 2), w.norms().get(i), layers);
        }
      }
      file.putAttribute("layer_names", layers.toArray(String[]::new));
    }
  }

  private static void putNorm(
      WritableHdfFile file, String name, OpenL3Weights.BatchNorm bn, List<String> layers) {
    WritableGroup g = file.putGroup(name);
    g.putAttribute(
        "weight_names",
        new String[] {
          name + "/gamma:0", name + "/beta:0", name + "/moving_mean:0", name + "/moving_variance:0"
        });
    WritableGroup inner = g.putGroup(name);
    inner.putDataset("gamma:0", bn.gamma().clone());
    inner.putDataset("beta:0", bn.beta().clone());
    inner.putDataset("moving_mean:0", bn.mean().clone());
    inner.putDataset("moving_variance:0", bn.variance().clone());
    layers.add(name);
  }

  private static float[][][][] reshape4(float[] flat, int a, int b, int c, int d) {
    float[][][][] out = new float[a][b][c][d];
    int k = 0;
    for (int i = 0; i < a; i++) {
      for (int j = 0; j < b; j++) {
        for (int l = 0; l < c; l++) {
          System.arraycopy(flat, k, out[i][j][l], 0, d);
          k += d;
        }
      }
    }
    return out;
  }

  private static String suffix(String weightName) {
    String s = weightName.substring(weightName.lastIndexOf('/') + 1);
    int colon = s.indexOf(':');
    return colon < 0 ? s : s.substring(0, colon);
  }

  private static String[] strings(Attribute attribute) {
    if (attribute == null) {
      return null;
    }
    Object data = attribute.getData();
    if (data instanceof String[] s) {
      return s;
    }
    if (data instanceof String s) {
      return new String[] {s};
    }
    throw new IllegalArgumentException(
        "attribute " + attribute.getName() + " is not a string array");
  }

  private static float[] floats(Dataset d) {
    // The largest OpenL3 tensor has 2.4 M values; refuse absurd sizes instead of running out of
    // memory.
    if (d.getSize() > MAX_VALUES_PER_WEIGHT) {
      throw new IllegalArgumentException(
          "dataset " + d.getPath() + " has " + d.getSize() + " values: not an OpenL3 weight");
    }
    Object data = d.getDataFlat();
    if (data instanceof float[] f) {
      return f;
    }
    if (data instanceof double[] a) {
      float[] f = new float[a.length];
      for (int i = 0; i < a.length; i++) {
        f[i] = (float) a[i];
      }
      return f;
    }
    throw new IllegalArgumentException("dataset " + d.getPath() + " is not floating point");
  }
}
