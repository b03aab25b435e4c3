package dev.selection.onnx.internal;

import java.util.List;
import java.util.Objects;

/**
 * The weights of the OpenL3 audio network without its spectrogram layer (marl/openl3 0.4.x, {@code
 * openl3/models.py::_construct_mel256_audio_network}): batch normalisation of the input, then eight
 * 3×3 "same" convolutions in four blocks of two (64, 128, 256, 512 filters in the published model),
 * each followed by batch normalisation and ReLU except the last ({@code audio_embedding_layer}),
 * with 2×2 max pooling (stride 2) after blocks 1–3. The embedding is the maximum over the final
 * 32×24 feature map (the {@code (32, 24)} pooling of the 512-d model), flattened.
 *
 * @param inputNorm batch normalisation of the 1-channel input
 * @param convs the eight convolutions, in order
 * @param norms the seven batch normalisations after convolutions 1–7
 */
public record OpenL3Weights(BatchNorm inputNorm, List<Conv> convs, List<BatchNorm> norms) {
  /** Keras' default {@code BatchNormalization} epsilon, which openl3 uses. */
  public static final float BN_EPSILON = 1e-3f;

  /** Validates that the layers chain: 1 input channel, 3×3 kernels, matching widths. */
  public OpenL3Weights {
    Objects.requireNonNull(inputNorm, "inputNorm");
    convs = List.copyOf(convs);
    norms = List.copyOf(norms);
    if (convs.size() != 8 || norms.size() != 7) {
      throw new IllegalArgumentException(
          "OpenL3 needs 8 convolutions and 7+1 batch norms, got "
              + convs.size()
              + " and "
              + (norms.size() + 1));
    }
    if (inputNorm.channels() != 1) {
      throw new IllegalArgumentException(
          "input batch norm must have 1 channel: " + inputNorm.channels());
    }
    int channels = 1;
    for (int i = 0; i < 8; i++) {
      Conv c = convs.get(i);
      if (c.inChannels() != channels || c.kernelHeight() != 3 || c.kernelWidth() != 3) {
        throw new IllegalArgumentException(
            "convolution "
                + (i + 1)
                + " has shape "
                + c.shapeString()
                + ", expected 3x3x"
                + channels
                + "xC");
      }
      channels = c.outChannels();
      if (i < 7 && norms.get(i).channels() != channels) {
        throw new IllegalArgumentException(
            "batch norm after convolution "
                + (i + 1)
                + " has "
                + norms.get(i).channels()
                + " channels, expected "
                + channels);
      }
    }
    for (int i = 0; i < 8; i += 2) {
      if (convs.get(i).outChannels() != convs.get(i + 1).outChannels()) {
        throw new IllegalArgumentException(
            "block " + (i / 2 + 1) + " convolutions differ in width");
      }
    }
  }

  /** Returns the embedding dimension (filters of the last convolution). */
  public int embeddingSize() {
    return convs.get(7).outChannels();
  }

  /** Returns the four block widths, e.g. {@code [64, 128, 256, 512]}. */
  public int[] widths() {
    return new int[] {
      convs.get(0).outChannels(),
      convs.get(2).outChannels(),
      convs.get(4).outChannels(),
      convs.get(6).outChannels()
    };
  }

  /** Returns the number of parameters. */
  public long parameterCount() {
    long n = 4L * inputNorm.channels();
    for (Conv c : convs) {
      n += c.kernel().length + c.bias().length;
    }
    for (BatchNorm b : norms) {
      n += 4L * b.channels();
    }
    return n;
  }

  /**
   * A 2-D convolution in Keras layout.
   *
   * @param kernel weights in Keras order {@code [kh][kw][in][out]}, flattened
   * @param kernelHeight kernel rows (frequency)
   * @param kernelWidth kernel columns (time)
   * @param inChannels input channels
   * @param outChannels filters
   * @param bias one value per filter
   */
  public record Conv(
      float[] kernel,
      int kernelHeight,
      int kernelWidth,
      int inChannels,
      int outChannels,
      float[] bias) {
    /** Validates the sizes. */
    public Conv {
      if (kernelHeight < 1
          || kernelWidth < 1
          || inChannels < 1
          || outChannels < 1
          || kernel.length != (long) kernelHeight * kernelWidth * inChannels * outChannels
          || bias.length != outChannels) {
        throw new IllegalArgumentException(
            "inconsistent convolution "
                + kernelHeight
                + "x"
                + kernelWidth
                + "x"
                + inChannels
                + "x"
                + outChannels
                + " with "
                + kernel.length
                + " weights and "
                + bias.length
                + " biases");
      }
    }

    String shapeString() {
      return kernelHeight + "x" + kernelWidth + "x" + inChannels + "x" + outChannels;
    }

    /** Returns the kernel in ONNX order {@code [out][in][kh][kw]}. */
    public float[] kernelOihw() {
      float[] out = new float[kernel.length];
      for (int y = 0; y < kernelHeight; y++) {
        for (int x = 0; x < kernelWidth; x++) {
          for (int i = 0; i < inChannels; i++) {
            for (int o = 0; o < outChannels; o++) {
              out[((o * inChannels + i) * kernelHeight + y) * kernelWidth + x] =
                  kernel[((y * kernelWidth + x) * inChannels + i) * outChannels + o];
            }
          }
        }
      }
      return out;
    }
  }

  /**
   * Inference-time batch normalisation: {@code gamma · (x − mean) / sqrt(variance + 1e-3) + beta}.
   *
   * @param gamma scale
   * @param beta offset
   * @param mean moving mean
   * @param variance moving variance
   */
  public record BatchNorm(float[] gamma, float[] beta, float[] mean, float[] variance) {
    /** Validates the sizes and that variances are finite and non-negative. */
    public BatchNorm {
      int c = gamma.length;
      if (c < 1 || beta.length != c || mean.length != c || variance.length != c) {
        throw new IllegalArgumentException("batch norm arrays differ in length");
      }
      for (float v : variance) {
        if (!(v >= 0) || !Float.isFinite(v)) {
          throw new IllegalArgumentException("batch norm variance must be finite and >= 0: " + v);
        }
      }
    }

    /** Returns the number of channels. */
    public int channels() {
      return gamma.length;
    }
  }
}
