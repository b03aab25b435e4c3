package dev.selection.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selection.api.CancellationToken;
import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.onnx.internal.KerasWeightsFile;
import dev.selection.onnx.internal.ModelManifestFile;
import dev.selection.onnx.internal.OpenL3Weights;
import dev.selection.onnx.internal.RandomOpenL3Weights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Converts seeded random Keras weights (written as a Keras-layout HDF5 file with jhdf) to ONNX,
 * runs the model in ONNX Runtime and compares every window with the independent pure-Java forward
 * pass.
 */
class OpenL3ConverterTest {
  private static final double MIN_COSINE = 0.99999;

  @TempDir Path dir;

  @Test
  void convert_reducedWidth_matchesJavaForwardPassPerWindow() throws Exception {
    long seed = 42;
    System.out.println("OpenL3ConverterTest reduced-width seed=" + seed);
    OpenL3Weights weights = RandomOpenL3Weights.generate(new int[] {4, 8, 16, 32}, seed);
    Path h5 = dir.resolve("openl3_audio_mel256_music.h5");
    KerasWeightsFile.write(weights, h5);
    OpenL3Converter.Result result = OpenL3Converter.convert(h5, dir.resolve("model"));

    assertThat(result.embeddingSize()).isEqualTo(32);
    assertThat(result.parameters()).isEqualTo(weights.parameterCount());
    assertThat(ModelManifestFile.sha256(result.modelFile())).isEqualTo(result.sha256());
    JsonNode manifest = new ObjectMapper().readTree(result.manifestFile().toFile());
    assertThat(manifest.get("modelFile").asText()).isEqualTo(OpenL3Converter.MODEL_FILE);
    assertThat(manifest.get("sha256").asText()).isEqualTo(result.sha256());

    float[] audio = TestAudio.music(4, seed);
    int windows = 4;
    float[] mel = new float[windows * OpenL3FrontEnd.VALUES_PER_WINDOW];
    OpenL3FrontEnd frontEnd = new OpenL3FrontEnd();
    for (int i = 0; i < windows; i++) {
      frontEnd.compute(audio, i * 12_000, mel, i * OpenL3FrontEnd.VALUES_PER_WINDOW);
    }
    try (OnnxOpenL3Embedder embedder = new OnnxOpenL3Embedder(dir.resolve("model"), 1)) {
      float[][] onnx = embedder.embedMelSpectrograms(mel, windows, CancellationToken.none());
      assertThat(embedder.dimension()).isEqualTo(32);
      for (int i = 0; i < windows; i++) {
        float[] ref = ReferenceForward.embed(weights, mel, i * OpenL3FrontEnd.VALUES_PER_WINDOW);
        assertThat(ReferenceForward.cosine(ref, onnx[i]))
            .as("window %d", i)
            .isGreaterThanOrEqualTo(MIN_COSINE);
      }
    }
  }

  @Test
  void convert_fullSize_oneWindowMatchesJavaForwardPass() throws Exception {
    assumeTrue(
        !Boolean.getBoolean("skipModelTests"), "skipModelTests=true: skipping the full-size run");
    long seed = 7;
    System.out.println("OpenL3ConverterTest full-size seed=" + seed);
    OpenL3Weights weights = RandomOpenL3Weights.generate(RandomOpenL3Weights.FULL_WIDTHS, seed);
    assertThat(weights.parameterCount()).isBetween(4_600_000L, 4_700_000L);
    Path h5 = dir.resolve("full.h5");
    KerasWeightsFile.write(weights, h5);
    OpenL3Converter.Result result = OpenL3Converter.convert(h5, dir.resolve("model"));
    assertThat(result.embeddingSize()).isEqualTo(512);

    float[] mel = new float[OpenL3FrontEnd.VALUES_PER_WINDOW];
    new OpenL3FrontEnd().compute(TestAudio.music(1, seed), 0, mel, 0);
    try (OnnxOpenL3Embedder embedder = new OnnxOpenL3Embedder(dir.resolve("model"), 2)) {
      float[] onnx = embedder.embedMelSpectrograms(mel, 1, CancellationToken.none())[0];
      float[] ref = ReferenceForward.embed(weights, mel, 0);
      assertThat(onnx).hasSize(512);
      assertThat(ReferenceForward.cosine(ref, onnx)).isGreaterThanOrEqualTo(MIN_COSINE);
    }
  }

  @Test
  void convert_realWeights_whenGiven() throws Exception {
    String h5 = System.getProperty("openl3.h5", System.getenv("OPENL3_H5"));
    assumeTrue(!Boolean.getBoolean("skipModelTests"), "skipModelTests=true");
    assumeTrue(
        h5 != null && Files.isRegularFile(Path.of(h5)),
        "no -Dopenl3.h5 / OPENL3_H5 pointing to openl3_audio_mel256_music.h5: skipping");
    OpenL3Converter.Result result = OpenL3Converter.convert(Path.of(h5), dir);
    assertThat(result.embeddingSize()).isEqualTo(512);
    assertThat(result.parameters()).isBetween(4_600_000L, 4_700_000L);
    OpenL3Weights weights = KerasWeightsFile.read(Path.of(h5));
    float[] mel = new float[OpenL3FrontEnd.VALUES_PER_WINDOW];
    new OpenL3FrontEnd().compute(TestAudio.music(1, 3), 0, mel, 0);
    try (OnnxOpenL3Embedder embedder = new OnnxOpenL3Embedder(dir, 2)) {
      float[] onnx = embedder.embedMelSpectrograms(mel, 1, CancellationToken.none())[0];
      assertThat(ReferenceForward.cosine(ReferenceForward.embed(weights, mel, 0), onnx))
          .isGreaterThanOrEqualTo(MIN_COSINE);
    }
  }

  @Test
  void convert_writesAModelThatTheOnnxCheckerAccepts() throws Exception {
    Path python = Path.of("/usr/bin/python3");
    assumeTrue(
        Files.isExecutable(python), "/usr/bin/python3 missing: skipping the onnx.checker test");
    Process probe =
        new ProcessBuilder(python.toString(), "-c", "import onnx")
            .redirectErrorStream(true)
            .start();
    assumeTrue(
        probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0,
        "python3 has no onnx module: skipping the onnx.checker test");
    Path h5 = dir.resolve("w.h5");
    KerasWeightsFile.write(RandomOpenL3Weights.generate(new int[] {2, 2, 2, 4}, 1), h5);
    OpenL3Converter.Result result = OpenL3Converter.convert(h5, dir.resolve("m"));
    Process check =
        new ProcessBuilder(
                python.toString(),
                "-c",
                "import onnx, sys; m = onnx.load(sys.argv[1]); onnx.checker.check_model(m,"
                    + " full_check=True); print([d.dim_value or d.dim_param for d in"
                    + " m.graph.input[0].type.tensor_type.shape.dim])",
                result.modelFile().toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(check.getInputStream().readAllBytes());
    assertThat(check.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(check.exitValue()).as(output).isEqualTo(0);
    assertThat(output.trim()).isEqualTo("['N', 256, 199, 1]");
  }

  @Test
  void convert_notHdf5_isModelLoadFailed() throws Exception {
    Path bogus = Files.writeString(dir.resolve("bogus.h5"), "not an hdf5 file at all");
    assertThatThrownBy(() -> OpenL3Converter.convert(bogus, dir.resolve("out")))
        .isInstanceOfSatisfying(
            SelectionException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_LOAD_FAILED));
    assertThatThrownBy(() -> OpenL3Converter.convert(dir.resolve("missing.h5"), dir.resolve("out")))
        .isInstanceOfSatisfying(
            SelectionException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.IO_ERROR));
  }

  @Test
  void convert_hdf5WithWrongLayers_isModelLoadFailed() {
    Path h5 = dir.resolve("other.h5");
    try (io.jhdf.WritableHdfFile f = io.jhdf.HdfFile.write(h5)) {
      f.putAttribute("layer_names", new String[] {"dense_1"});
      io.jhdf.api.WritableGroup g = f.putGroup("dense_1");
      g.putAttribute("weight_names", new String[] {"dense_1/kernel:0", "dense_1/bias:0"});
      io.jhdf.api.WritableGroup inner = g.putGroup("dense_1");
      inner.putDataset("kernel:0", new float[4][2]);
      inner.putDataset("bias:0", new float[2]);
    }
    assertThatThrownBy(() -> OpenL3Converter.convert(h5, dir.resolve("out")))
        .isInstanceOfSatisfying(
            SelectionException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_LOAD_FAILED));
  }
}
