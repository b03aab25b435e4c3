package dev.selection.onnx;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.onnx.internal.KerasWeightsFile;
import dev.selection.onnx.internal.ModelManifestFile;
import dev.selection.onnx.internal.OpenL3OnnxExport;
import dev.selection.onnx.internal.OpenL3Weights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/**
 * Converts the Keras weights of OpenL3 {@code mel256 / music} ({@code openl3_audio_mel256_music.h5}
 * of marl/openl3 0.4.x) into an ONNX model for {@link OnnxOpenL3Embedder}, without Python: the HDF5
 * file is read with jhdf, the network of {@code openl3/models.py} is rebuilt as an ONNX graph
 * (512-d output: global max over the final 32×24 map) and written with a hand-made protobuf
 * encoder, next to a {@code manifest.json} holding the model's file name and SHA-256.
 *
 * <p>Thread-safe (stateless).
 */
public final class OpenL3Converter {
  /** File name of the converted model. */
  public static final String MODEL_FILE = "openl3_mel256_music_512.onnx";

  /** Version of this converter, written to the manifest. */
  public static final String CONVERTER_VERSION = "1";

  private OpenL3Converter() {}

  /**
   * What a conversion wrote.
   *
   * @param modelFile the ONNX model
   * @param manifestFile the manifest next to it
   * @param sha256 lowercase hex SHA-256 of the model
   * @param parameters number of weights
   * @param embeddingSize the embedding dimension
   */
  public record Result(
      Path modelFile, Path manifestFile, String sha256, long parameters, int embeddingSize) {
    /** Validates the values. */
    public Result {
      Objects.requireNonNull(modelFile, "modelFile");
      Objects.requireNonNull(manifestFile, "manifestFile");
      Objects.requireNonNull(sha256, "sha256");
    }
  }

  /**
   * Converts {@code h5} into {@code outDir/openl3_mel256_music_512.onnx} and {@code
   * outDir/manifest.json} (created or replaced).
   *
   * @throws SelectionException {@code IO_ERROR} if a file cannot be read or written, {@code
   *     MODEL_LOAD_FAILED} if {@code h5} is not a Keras weights file of the OpenL3 audio network
   */
  public static Result convert(Path h5, Path outDir) {
    Objects.requireNonNull(h5, "h5");
    Objects.requireNonNull(outDir, "outDir");
    if (!Files.isRegularFile(h5)) {
      throw new SelectionException(ErrorCode.IO_ERROR, "No such weights file: " + h5);
    }
    OpenL3Weights weights;
    String sourceSha;
    try {
      sourceSha = ModelManifestFile.sha256(h5);
      weights = KerasWeightsFile.read(h5);
    } catch (IOException e) {
      throw new SelectionException(
          ErrorCode.IO_ERROR, "Cannot read " + h5 + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new SelectionException(
          ErrorCode.MODEL_LOAD_FAILED,
          "Not OpenL3 Keras weights: " + h5 + ": " + e.getMessage(),
          e);
    }
    return write(weights, outDir, h5.getFileName().toString(), sourceSha);
  }

  static Result write(OpenL3Weights weights, Path outDir, String sourceName, String sourceSha) {
    byte[] onnx = OpenL3OnnxExport.toOnnx(weights, CONVERTER_VERSION);
    String sha = ModelManifestFile.sha256(onnx);
    try {
      Files.createDirectories(outDir);
      Path model = outDir.resolve(MODEL_FILE);
      Path tmp = Files.createTempFile(outDir, MODEL_FILE, ".tmp");
      try {
        Files.write(tmp, onnx);
        Files.move(tmp, model, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
      ObjectNode extra = ModelManifestFile.newObject();
      extra.put("name", OnnxOpenL3Embedder.NAME);
      extra.put("inputRepr", "mel256");
      extra.put("contentType", "music");
      extra.put("input", OpenL3OnnxExport.INPUT);
      extra
          .putArray("inputShape")
          .add(-1)
          .add(OpenL3FrontEnd.MEL_BANDS)
          .add(OpenL3FrontEnd.FRAMES)
          .add(1);
      extra.put("output", OpenL3OnnxExport.OUTPUT);
      extra.put(
          "frontEnd", "openl3-0.4-librosa-mel256 (Java, Slaney mel, periodic Hann, 80 dB range)");
      int[] w = weights.widths();
      extra.putArray("blockWidths").add(w[0]).add(w[1]).add(w[2]).add(w[3]);
      extra.put("parameters", weights.parameterCount());
      extra.put("source", sourceName);
      extra.put("sourceSha256", sourceSha);
      extra.put("converter", "selection openl3-convert " + CONVERTER_VERSION);
      ModelManifestFile manifest = new ModelManifestFile(MODEL_FILE, sha, weights.embeddingSize());
      Path manifestPath = outDir.resolve(ModelManifestFile.FILE_NAME);
      ModelManifestFile.write(manifestPath, manifest, extra);
      return new Result(
          model, manifestPath, sha, weights.parameterCount(), weights.embeddingSize());
    } catch (IOException e) {
      throw new SelectionException(
          ErrorCode.IO_ERROR, "Cannot write the model to " + outDir + ": " + e.getMessage(), e);
    }
  }
}
