package dev.selection.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selection.api.AnalysisConfig;
import dev.selection.api.CancellationToken;
import dev.selection.api.Embedding;
import dev.selection.api.EmbeddingBudget;
import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionEngine;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.AudioExcerpt;
import dev.selection.api.spi.Embedder;
import dev.selection.api.spi.EmbedderProvider;
import dev.selection.api.spi.NamedSpiLoader;
import dev.selection.onnx.internal.ModelManifestFile;
import dev.selection.onnx.internal.OnnxGraphBuilder;
import dev.selection.onnx.internal.OpenL3Weights;
import dev.selection.onnx.internal.RandomOpenL3Weights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedder end to end on a reduced-width random model, and its handling of bad models and
 * audio.
 */
class OnnxOpenL3EmbedderTest {
  private static final int[] WIDTHS = {4, 8, 16, 32};
  private static final long SEED = 11;

  @TempDir static Path shared;
  @TempDir Path dir;

  private static OpenL3Weights weights;
  private static Path modelDir;

  @BeforeAll
  static void convert() {
    System.out.println("OnnxOpenL3EmbedderTest seed=" + SEED);
    weights = RandomOpenL3Weights.generate(WIDTHS, SEED);
    modelDir = shared.resolve("model");
    OpenL3Converter.write(weights, modelDir, "random", "0".repeat(64));
  }

  @Test
  void embed_pooledVector_equalsRmsWeightedMeanOfJavaReference() {
    float[] a = TestAudio.music(3, 1);
    float[] b = TestAudio.music(2.5, 2);
    for (int i = 0; i < b.length; i++) {
      b[i] *= 0.3f;
    }
    List<AudioExcerpt> excerpts =
        List.of(new AudioExcerpt(a, 48_000, 10), new AudioExcerpt(b, 48_000, 40));
    EmbeddingBudget budget = new EmbeddingBudget(0.5, 100, 60);
    try (OnnxOpenL3Embedder embedder = new OnnxOpenL3Embedder(modelDir, 1)) {
      Embedding e = embedder.embed(excerpts, budget, CancellationToken.none());
      // 3 s at hop 0.5: starts 0..2 s = 5 windows; 2.5 s: starts 0..1.5 s = 4 windows; all loud
      // enough.
      assertThat(e.windows()).isEqualTo(9);
      assertThat(e.dimension()).isEqualTo(32);
      // The process-wide environment was created by our code, with the shared non-spinning pool.
      assertThat(dev.selection.onnx.internal.OrtRuntime.globalThreads()).isPositive();

      double[] expected = new double[32];
      double weightSum = 0;
      OpenL3FrontEnd frontEnd = new OpenL3FrontEnd();
      float[] mel = new float[OpenL3FrontEnd.VALUES_PER_WINDOW];
      for (float[] s : List.of(a, b)) {
        for (int off = 0; off + 48_000 <= s.length; off += 24_000) {
          double energy = 0;
          for (int i = off; i < off + 48_000; i++) {
            energy += (double) s[i] * s[i];
          }
          double rms = Math.sqrt(energy / 48_000);
          frontEnd.compute(s, off, mel, 0);
          float[] ref = ReferenceForward.embed(weights, mel, 0);
          for (int d = 0; d < 32; d++) {
            expected[d] += rms * ref[d];
          }
          weightSum += rms;
        }
      }
      float[] exp = new float[32];
      for (int d = 0; d < 32; d++) {
        exp[d] = (float) (expected[d] / weightSum);
      }
      assertThat(ReferenceForward.cosine(exp, e.vector())).isGreaterThanOrEqualTo(0.99999);
      double norm = 0;
      for (float v : e.vector()) {
        norm += v * v;
      }
      assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  @Test
  void embed_budget_limitsWindowsAndSeconds() {
    float[] a = TestAudio.music(12, 3);
    List<AudioExcerpt> excerpts = List.of(new AudioExcerpt(a, 48_000, 0));
    try (OnnxOpenL3Embedder embedder = new OnnxOpenL3Embedder(modelDir, 1)) {
      assertThat(
              embedder
                  .embed(excerpts, new EmbeddingBudget(1.0, 5, 60), CancellationToken.none())
                  .windows())
          .isEqualTo(5);
      // 3 s of audio at hop 1 s: windows at 0, 1, 2 s.
      assertThat(
              embedder
                  .embed(excerpts, new EmbeddingBudget(1.0, 48, 3), CancellationToken.none())
                  .windows())
          .isEqualTo(3);
    }
  }

  @Test
  void version_includesHopBudgetAndChecksum() throws Exception {
    String sha = ModelManifestFile.read(modelDir.resolve("manifest.json")).sha256();
    try (OnnxOpenL3Embedder embedder = new OnnxOpenL3Embedder(modelDir, 1)) {
      String v = embedder.version(EmbeddingBudget.DEFAULT);
      assertThat(v)
          .contains(
              "hop=0.5", "maxWindows=48", "maxSeconds=36.0", sha.substring(0, 16), "fe=zeros");
      assertThat(embedder.version(new EmbeddingBudget(0.25, 48, 36))).isNotEqualTo(v);
      assertThat(embedder.version(new EmbeddingBudget(0.5, 47, 36))).isNotEqualTo(v);
      assertThat(embedder.version(new EmbeddingBudget(0.5, 48, 30))).isNotEqualTo(v);
    }
    try (OnnxOpenL3Embedder none = new OnnxOpenL3Embedder(dir.resolve("absent"), 1)) {
      assertThat(none.version(EmbeddingBudget.DEFAULT)).endsWith("model=none");
    }
  }

  @Test
  void embed_shortAudio_isPaddedToOneWindow() {
    try (OnnxOpenL3Embedder embedder = new OnnxOpenL3Embedder(modelDir, 1)) {
      Embedding e =
          embedder.embed(
              List.of(new AudioExcerpt(TestAudio.music(0.4, 5), 48_000, 0)),
              EmbeddingBudget.DEFAULT,
              CancellationToken.none());
      assertThat(e.windows()).isEqualTo(1);
      assertThat(e.vector()).doesNotContain(Float.NaN);
    }
  }

  @Test
  void embed_silenceOrNoAudio_isCorruptAudioNotNan() {
    try (OnnxOpenL3Embedder embedder = new OnnxOpenL3Embedder(modelDir, 1)) {
      assertCode(
          ErrorCode.CORRUPT_AUDIO,
          () ->
              embedder.embed(
                  List.of(new AudioExcerpt(new float[5 * 48_000], 48_000, 0)),
                  EmbeddingBudget.DEFAULT,
                  CancellationToken.none()));
      assertCode(
          ErrorCode.CORRUPT_AUDIO,
          () ->
              embedder.embed(
                  List.of(new AudioExcerpt(new float[0], 48_000, 0)),
                  EmbeddingBudget.DEFAULT,
                  CancellationToken.none()));
      assertCode(
          ErrorCode.CORRUPT_AUDIO,
          () -> embedder.embed(List.of(), EmbeddingBudget.DEFAULT, CancellationToken.none()));
    }
  }

  @Test
  void embed_cancelled_isCancelledAlsoInsideOnnxRuntime() {
    try (OnnxOpenL3Embedder embedder = new OnnxOpenL3Embedder(modelDir, 1)) {
      CancellationToken cancel = new CancellationToken();
      cancel.cancel();
      assertCode(
          ErrorCode.CANCELLED,
          () ->
              embedder.embed(
                  List.of(new AudioExcerpt(TestAudio.music(2, 1), 48_000, 0)),
                  EmbeddingBudget.DEFAULT,
                  cancel));
      // embedMelSpectrograms goes straight to the run: the callback sets
      // RunOptions.setTerminate(true).
      assertCode(
          ErrorCode.CANCELLED,
          () ->
              embedder.embedMelSpectrograms(
                  new float[OpenL3FrontEnd.VALUES_PER_WINDOW], 1, cancel));
      // The session survives a terminated run.
      assertThat(
              embedder
                  .embedMelSpectrograms(
                      new float[OpenL3FrontEnd.VALUES_PER_WINDOW], 1, CancellationToken.none())[0])
          .hasSize(32);
    }
  }

  @Test
  void embed_missingManifestOrModel_isRuntimeUnavailable() throws Exception {
    assertLoad(ErrorCode.RUNTIME_UNAVAILABLE, dir.resolve("nothing-here"));
    Path d = copyModel("missing-model");
    Files.delete(d.resolve(OpenL3Converter.MODEL_FILE));
    assertLoad(ErrorCode.RUNTIME_UNAVAILABLE, d);
    try (OnnxOpenL3Embedder unconfigured = new OnnxOpenL3Embedder(null, 1)) {
      assertCode(ErrorCode.RUNTIME_UNAVAILABLE, unconfigured::load);
    }
  }

  @Test
  void embed_badChecksum_isModelLoadFailed() throws Exception {
    Path d = copyModel("bad-sha");
    writeManifest(d, OpenL3Converter.MODEL_FILE, "ab".repeat(32));
    assertLoad(ErrorCode.MODEL_LOAD_FAILED, d);
  }

  @Test
  void embed_truncatedOrNonOnnxModel_isModelLoadFailed() throws Exception {
    Path d = copyModel("truncated");
    byte[] full = Files.readAllBytes(d.resolve(OpenL3Converter.MODEL_FILE));
    byte[] cut = Arrays.copyOf(full, full.length / 2);
    Files.write(d.resolve(OpenL3Converter.MODEL_FILE), cut);
    writeManifest(d, OpenL3Converter.MODEL_FILE, ModelManifestFile.sha256(cut));
    assertLoad(ErrorCode.MODEL_LOAD_FAILED, d);

    Path text = Files.createDirectories(dir.resolve("text"));
    byte[] notOnnx = "this is not an ONNX model\n".getBytes();
    Files.write(text.resolve("model.onnx"), notOnnx);
    writeManifest(text, "model.onnx", ModelManifestFile.sha256(notOnnx));
    assertLoad(ErrorCode.MODEL_LOAD_FAILED, text);
  }

  @Test
  void embed_wrongInputShape_isModelLoadFailed() throws Exception {
    OnnxGraphBuilder g = new OnnxGraphBuilder();
    g.input("x", -1, 128, 199, 1).output("y", -1, 25_472);
    g.node("Flatten", new String[] {"x"}, "y").integer("axis", 1).add();
    byte[] model = g.build("wrong", "test", "1");
    Path d = Files.createDirectories(dir.resolve("wrong-shape"));
    Files.write(d.resolve("m.onnx"), model);
    writeManifest(d, "m.onnx", ModelManifestFile.sha256(model));
    assertLoad(ErrorCode.MODEL_LOAD_FAILED, d);
  }

  @Test
  void embed_badManifest_isModelLoadFailed() throws Exception {
    Path d = copyModel("bad-manifest");
    Files.writeString(
        d.resolve("manifest.json"), "{\"modelFile\": \"" + OpenL3Converter.MODEL_FILE + "\"}");
    assertLoad(ErrorCode.MODEL_LOAD_FAILED, d);
    Files.writeString(d.resolve("manifest.json"), "{ not json");
    assertLoad(ErrorCode.MODEL_LOAD_FAILED, d);
    writeManifest(d, "../" + OpenL3Converter.MODEL_FILE, "ab".repeat(32));
    assertLoad(ErrorCode.MODEL_LOAD_FAILED, d);
  }

  @Test
  void close_isIdempotentAndUseAfterCloseThrows() {
    OnnxOpenL3Embedder embedder = new OnnxOpenL3Embedder(modelDir, 1);
    embedder.load();
    embedder.close();
    embedder.close();
    assertThatThrownBy(
            () ->
                embedder.embed(
                    List.of(new AudioExcerpt(TestAudio.music(1, 1), 48_000, 0)),
                    EmbeddingBudget.DEFAULT,
                    CancellationToken.none()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void serviceLoader_findsProvider_whoseEmbedderUsesTheLibraryRootsModelFolder() {
    NamedSpiLoader<EmbedderProvider> providers = NamedSpiLoader.load(EmbedderProvider.class);
    EmbedderProvider provider = providers.byName(OnnxOpenL3Embedder.NAME);
    assertThat(provider).isInstanceOf(OpenL3EmbedderProvider.class);
    assertThat(provider.kind()).isEqualTo(OnnxOpenL3Embedder.KIND);
    Path root = dir.resolve("library");
    AnalysisConfig config = SelectionEngine.builder(root).embeddings(true).config().analysis();
    try (Embedder configured = provider.create(config)) {
      assertThat(configured.isAvailable()).isFalse();
      SelectionException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              SelectionException.class,
              () ->
                  configured.embed(
                      List.of(new AudioExcerpt(TestAudio.music(1, 1), 48_000, 0)),
                      EmbeddingBudget.DEFAULT,
                      CancellationToken.none()));
      assertThat(e.code()).isEqualTo(ErrorCode.RUNTIME_UNAVAILABLE);
      assertThat(e.getMessage()).contains(root.resolve("resources/ai/openl3").toString());
    }
  }

  private Path copyModel(String name) throws Exception {
    Path d = Files.createDirectories(dir.resolve(name));
    for (String f : List.of("manifest.json", OpenL3Converter.MODEL_FILE)) {
      Files.copy(modelDir.resolve(f), d.resolve(f));
    }
    return d;
  }

  private static void writeManifest(Path d, String file, String sha) throws Exception {
    Files.writeString(
        d.resolve("manifest.json"),
        "{\"modelFile\": \"" + file + "\", \"sha256\": \"" + sha + "\"}");
  }

  private static void assertLoad(ErrorCode code, Path d) {
    try (OnnxOpenL3Embedder embedder = new OnnxOpenL3Embedder(d, 1)) {
      assertCode(
          code,
          () ->
              embedder.embed(
                  List.of(new AudioExcerpt(TestAudio.music(1.5, 1), 48_000, 0)),
                  EmbeddingBudget.DEFAULT,
                  CancellationToken.none()));
    }
  }

  private static void assertCode(ErrorCode code, Executable call) {
    SelectionException e =
        org.junit.jupiter.api.Assertions.assertThrows(SelectionException.class, call);
    assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
  }
}
