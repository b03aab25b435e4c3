package dev.selection.model.efficientat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selection.api.AnalysisConfig;
import dev.selection.api.CancellationToken;
import dev.selection.api.Embedding;
import dev.selection.api.EmbeddingBudget;
import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.AudioExcerpt;
import dev.selection.api.spi.BundledModel;
import dev.selection.api.spi.Embedder;
import dev.selection.api.spi.EmbedderProvider;
import dev.selection.api.spi.NamedSpiLoader;
import dev.selection.onnx.EfficientAtFrontEnd;
import dev.selection.onnx.OnnxEfficientAtEmbedder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped model: found with no configuration, verified, and equal to the network upstream's
 * code runs (golden outputs made by {@code scripts/make_golden.py} with upstream's {@code MN} class
 * and the released weights, in selection-onnx's test resources).
 */
class EfficientAtModelTest {
  private static final String GOLDEN = "/dev/selection/onnx/efficientat/";
  private static OnnxEfficientAtEmbedder embedder;

  @TempDir Path dir;

  @BeforeAll
  static void load() {
    embedder = OnnxEfficientAtEmbedder.bundled(1, OnnxEfficientAtEmbedder.DEFAULT_MAX_WINDOWS);
  }

  @AfterAll
  static void close() {
    embedder.close();
  }

  @Test
  void serviceLoader_findsTheModelAndTheEmbedderWithNoConfiguration() {
    List<BundledModel> models = new ArrayList<>();
    NamedSpiLoader.load(BundledModel.class).forEach(models::add);
    assertThat(models).extracting(BundledModel::name).contains(EfficientAtMn04.NAME);
    EmbedderProvider provider =
        NamedSpiLoader.load(EmbedderProvider.class).byName(OnnxEfficientAtEmbedder.MODEL_NAME);
    assertThat(provider.kind()).isEqualTo("efficientat");
    try (Embedder e = provider.create(AnalysisConfig.defaults())) {
      assertThat(e.isAvailable()).isTrue();
      assertThat(e.kind()).isEqualTo("efficientat");
    }
  }

  @Test
  void manifest_checksumMatchesTheShippedFile() throws Exception {
    BundledModel m = new EfficientAtMn04();
    String manifest;
    try (InputStream in = m.open(BundledModel.MANIFEST)) {
      manifest = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    byte[] onnx;
    try (InputStream in = m.open("mn04_as.onnx")) {
      onnx = in.readAllBytes();
    }
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(onnx));
    assertThat(manifest)
        .contains("\"sha256\": \"" + sha + "\"")
        .contains("\"kind\": \"efficientat\"");
    assertThatThrownBy(() -> m.open("../secret")).isInstanceOf(IOException.class);
  }

  @Test
  void tagNames_areTheAudioSetClassesInOrder() {
    List<String> names = embedder.tagNames();
    assertThat(names).hasSize(527);
    assertThat(names.get(0)).isEqualTo("Speech");
    assertThat(names.get(137)).isEqualTo("Music");
    assertThat(names).contains("Male speech, man speaking", "Electronic music", "Drum kit");
  }

  @Test
  void network_onUpstreamMel_matchesUpstreamOutputs() throws IOException {
    float[] mel = readF32(GOLDEN + "music.mel.f32");
    int frames = mel.length / EfficientAtFrontEnd.MEL_BANDS;
    OnnxEfficientAtEmbedder.Outputs out =
        embedder.runNetwork(mel, 1, frames, new CancellationToken());
    assertThat(maxDiff(out.logits()[0], readF32(GOLDEN + "music.logits.f32"))).isLessThan(2e-4);
    assertThat(maxDiff(out.embedding()[0], readF32(GOLDEN + "music.embedding.f32")))
        .isLessThan(2e-5);
    assertThat(maxDiff(out.hidden()[0], readF32(GOLDEN + "music.hidden.f32"))).isLessThan(2e-4);
  }

  @Test
  void frontEndAndNetwork_onUpstreamWaveform_matchUpstreamOutputs() throws IOException {
    float[] wav = readF32(GOLDEN + "music.wav.f32");
    int frames = EfficientAtFrontEnd.frames(wav.length);
    float[] mel = new float[EfficientAtFrontEnd.MEL_BANDS * frames];
    new EfficientAtFrontEnd().compute(wav, 0, wav.length, mel, 0);
    OnnxEfficientAtEmbedder.Outputs out =
        embedder.runNetwork(mel, 1, frames, new CancellationToken());
    assertThat(maxDiff(out.embedding()[0], readF32(GOLDEN + "music.embedding.f32")))
        .isLessThan(1e-3);
    assertThat(maxDiff(out.logits()[0], readF32(GOLDEN + "music.logits.f32"))).isLessThan(1e-2);
  }

  @Test
  void embed_thirtySeconds_poolsThreeWindowsIntoFiniteVectorAndTags() {
    float[] x = tone(30, 0.3);
    Embedding e =
        embedder.embed(
            List.of(new AudioExcerpt(x, 32_000, 0)),
            EmbeddingBudget.DEFAULT,
            new CancellationToken());
    assertThat(e.windows()).isEqualTo(3);
    assertThat(e.dimension()).isEqualTo(768);
    assertThat(e.tags()).hasSize(527);
    for (float t : e.tags()) {
      assertThat(t).isBetween(0f, 1f);
    }
    assertThat(e.modelVersion())
        .startsWith("efficientat-mn04;model=2c43a8033fe3491c;")
        .endsWith(";pool=meanstd");
    // The pooled vector is the windows' mean then standard deviation: embedding each window alone
    // (whose standard deviation half is 0) and pooling by hand gives it.
    double[][] w = new double[3][];
    for (int k = 0; k < 3; k++) {
      float[] win = java.util.Arrays.copyOfRange(x, k * 320_000, (k + 1) * 320_000);
      float[] v =
          embedder
              .embed(
                  List.of(new AudioExcerpt(win, 32_000, 0)),
                  EmbeddingBudget.DEFAULT,
                  new CancellationToken())
              .vector();
      w[k] = new double[384];
      for (int i = 0; i < 384; i++) {
        w[k][i] = v[i];
        assertThat(v[384 + i]).isZero();
      }
    }
    float[] pooled = e.vector();
    for (int i = 0; i < 384; i++) {
      double mean = (w[0][i] + w[1][i] + w[2][i]) / 3;
      double var = 0;
      for (int k = 0; k < 3; k++) {
        var += (w[k][i] - mean) * (w[k][i] - mean) / 3;
      }
      assertThat((double) pooled[i]).isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-5));
      assertThat((double) pooled[384 + i])
          .isCloseTo(Math.sqrt(var), org.assertj.core.data.Offset.offset(1e-4));
    }
  }

  @Test
  void embed_silenceShortOrWrongRate_isRefusedWithoutAVector() {
    CancellationToken c = new CancellationToken();
    assertThatThrownBy(
            () ->
                embedder.embed(
                    List.of(new AudioExcerpt(new float[320_000], 32_000, 0)),
                    EmbeddingBudget.DEFAULT,
                    c))
        .isInstanceOfSatisfying(
            SelectionException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_AUDIO));
    float[] dc = new float[320_000];
    java.util.Arrays.fill(dc, 0.5f);
    assertThatThrownBy(
            () ->
                embedder.embed(
                    List.of(new AudioExcerpt(dc, 32_000, 0)), EmbeddingBudget.DEFAULT, c))
        .isInstanceOfSatisfying(
            SelectionException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_AUDIO));
    assertThatThrownBy(
            () ->
                embedder.embed(
                    List.of(new AudioExcerpt(tone(0.9, 0.3), 32_000, 0)),
                    EmbeddingBudget.DEFAULT,
                    c))
        .isInstanceOfSatisfying(
            SelectionException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_AUDIO));
    assertThatThrownBy(
            () ->
                embedder.embed(
                    List.of(new AudioExcerpt(new float[48_000], 48_000, 0)),
                    EmbeddingBudget.DEFAULT,
                    c))
        .isInstanceOf(IllegalArgumentException.class);
    // 1.5 s is one shorter window.
    assertThat(
            embedder
                .embed(
                    List.of(new AudioExcerpt(tone(1.5, 0.3), 32_000, 0)),
                    EmbeddingBudget.DEFAULT,
                    c)
                .windows())
        .isEqualTo(1);
  }

  @Test
  void embed_cancelled_throwsCancelled() {
    CancellationToken c = new CancellationToken();
    c.cancel();
    assertThatThrownBy(
            () ->
                embedder.embed(
                    List.of(new AudioExcerpt(tone(10, 0.3), 32_000, 0)),
                    EmbeddingBudget.DEFAULT,
                    c))
        .isInstanceOfSatisfying(
            SelectionException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
  }

  @Test
  void hostFolder_missingDamagedOrMismatched_isReportedNotReplacedByTheBundledModel()
      throws Exception {
    CancellationToken c = new CancellationToken();
    List<AudioExcerpt> audio = List.of(new AudioExcerpt(tone(10, 0.3), 32_000, 0));
    // Missing: unavailable.
    try (OnnxEfficientAtEmbedder none = new OnnxEfficientAtEmbedder(dir.resolve("absent"), 1, 4)) {
      assertThat(none.isAvailable()).isFalse();
      assertThatThrownBy(() -> none.embed(audio, EmbeddingBudget.DEFAULT, c))
          .isInstanceOfSatisfying(
              SelectionException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.RUNTIME_UNAVAILABLE));
    }
    // A copy of the model with one byte changed: checksum mismatch.
    Path bad = copyModel("bad");
    byte[] onnx = Files.readAllBytes(bad.resolve("mn04_as.onnx"));
    onnx[onnx.length / 2] ^= 1;
    Files.write(bad.resolve("mn04_as.onnx"), onnx);
    expectLoadFailure(bad, "Checksum mismatch");
    // Garbage whose checksum the manifest states: ONNX Runtime cannot load it.
    Path garbage = copyModel("garbage");
    byte[] junk = new byte[5000];
    new Random(1).nextBytes(junk);
    Files.write(garbage.resolve("mn04_as.onnx"), junk);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(junk));
    rewriteManifest(garbage, "\"sha256\": \"[0-9a-f]+\"", "\"sha256\": \"" + sha + "\"");
    expectLoadFailure(garbage, "cannot load");
    // A manifest made for another front end: refused before use.
    Path other = copyModel("other");
    rewriteManifest(other, "\"melBands\": 128", "\"melBands\": 64");
    expectLoadFailure(other, "melBands");
    // Not JSON.
    Path broken = copyModel("broken");
    Files.writeString(broken.resolve("manifest.json"), "{ not json");
    expectLoadFailure(broken, "manifest");
    // An intact copy works and gives the bundled model's result.
    try (OnnxEfficientAtEmbedder good =
        new OnnxEfficientAtEmbedder(
            copyModel("good"), 1, OnnxEfficientAtEmbedder.DEFAULT_MAX_WINDOWS)) {
      assertThat(good.embed(audio, EmbeddingBudget.DEFAULT, c))
          .isEqualTo(embedder.embed(audio, EmbeddingBudget.DEFAULT, c));
    }
  }

  private void expectLoadFailure(Path folder, String message) {
    try (OnnxEfficientAtEmbedder e = new OnnxEfficientAtEmbedder(folder, 1, 4)) {
      assertThat(e.isAvailable()).isTrue();
      assertThatThrownBy(
              () ->
                  e.embed(
                      List.of(new AudioExcerpt(tone(10, 0.3), 32_000, 0)),
                      EmbeddingBudget.DEFAULT,
                      new CancellationToken()))
          .isInstanceOfSatisfying(
              SelectionException.class,
              ex -> {
                assertThat(ex.code()).isEqualTo(ErrorCode.MODEL_LOAD_FAILED);
                assertThat(ex.getMessage())
                    .containsIgnoringCase(message)
                    .contains(folder.toString());
              });
    }
  }

  private Path copyModel(String name) throws IOException {
    Path d = Files.createDirectories(dir.resolve(name));
    BundledModel m = new EfficientAtMn04();
    for (String f : List.of("manifest.json", "mn04_as.onnx", "audioset_labels.csv")) {
      try (InputStream in = m.open(f)) {
        Files.copy(in, d.resolve(f));
      }
    }
    return d;
  }

  private static void rewriteManifest(Path folder, String regex, String replacement)
      throws IOException {
    Path p = folder.resolve("manifest.json");
    String before = Files.readString(p);
    String after = before.replaceAll(regex, replacement);
    assertThat(after).isNotEqualTo(before);
    Files.writeString(p, after);
  }

  static float[] tone(double seconds, double amplitude) {
    int n = (int) Math.round(seconds * 32_000);
    float[] x = new float[n];
    Random rnd = new Random(7);
    for (int i = 0; i < n; i++) {
      double t = i / 32_000.0;
      x[i] =
          (float)
              (amplitude
                  * (0.6 * Math.sin(2 * Math.PI * 220 * t)
                      + 0.3 * Math.sin(2 * Math.PI * 660 * t)
                      + 0.1 * rnd.nextGaussian()));
    }
    return x;
  }

  static double maxDiff(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  static float[] readF32(String resource) throws IOException {
    try (InputStream in = EfficientAtModelTest.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing test resource " + resource);
      }
      ByteBuffer bb = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
      float[] out = new float[bb.remaining() / 4];
      bb.asFloatBuffer().get(out);
      return out;
    }
  }
}
