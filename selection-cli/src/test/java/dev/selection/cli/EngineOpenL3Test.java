package dev.selection.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selection.api.CancellationToken;
import dev.selection.api.Embedding;
import dev.selection.api.ErrorCode;
import dev.selection.api.ExtractOptions;
import dev.selection.api.ExtractionReport;
import dev.selection.api.SelectionEngine;
import dev.selection.api.SelectionException;
import dev.selection.api.SongFeatures;
import dev.selection.core.samples.DemoLibrary;
import dev.selection.onnx.internal.ModelManifestFile;
import dev.selection.onnx.internal.OpenL3OnnxExport;
import dev.selection.onnx.internal.RandomOpenL3Weights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine with the OpenL3 embedder found through ServiceLoader: a (reduced-width, seeded random)
 * model under {@code <library>/resources/ai/openl3} is verified and used by library analysis, and
 * its absence only skips embeddings.
 */
class EngineOpenL3Test {
  @TempDir Path root;
  @TempDir Path music;

  private static void installModel(Path libraryRoot) throws Exception {
    Path dir = Files.createDirectories(libraryRoot.resolve("resources/ai/openl3"));
    byte[] model =
        OpenL3OnnxExport.toOnnx(RandomOpenL3Weights.generate(new int[] {4, 8, 16, 32}, 7), "test");
    Files.write(dir.resolve("model.onnx"), model);
    ModelManifestFile.write(
        dir.resolve(ModelManifestFile.FILE_NAME),
        new ModelManifestFile("model.onnx", ModelManifestFile.sha256(model), 32),
        null);
  }

  private SelectionEngine open() {
    return SelectionEngine.builder(root).autoTrain(false, 20, Duration.ofSeconds(8)).build();
  }

  @Test
  void extraction_storesEmbeddings_whenTheLibraryHasAModel() throws Exception {
    installModel(root);
    List<DemoLibrary.Track> tracks = DemoLibrary.write(music, 1, 8, 22_050, 3);
    List<Path> files = new ArrayList<>();
    tracks.forEach(t -> files.add(t.path()));
    try (SelectionEngine e = open()) {
      ExtractionReport r =
          e.extractFeatures(files, ExtractOptions.DEFAULTS, p -> {}, new CancellationToken());
      assertThat(r.extracted()).isEqualTo(files.size());
      for (Path f : files) {
        SongFeatures sf = e.getSongFeatures(e.songIdFor(f)).orElseThrow();
        float[] v = sf.openl3Vector();
        assertThat(v).as("embedding of %s", f).hasSize(32);
        double norm = 0;
        for (float x : v) {
          assertThat(Float.isFinite(x)).isTrue();
          norm += x * x;
        }
        assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(sf.modelVersion()).contains("openl3").contains("hop=0.5");
        assertThat(sf.extractorVersions()).containsKey("openl3");
      }
      Embedding one = e.extractOpenL3Embedding(files.get(0), 8.0, 4);
      assertThat(one.dimension()).isEqualTo(32);
      assertThat(one.windows()).isBetween(1, 4);
      // Current songs are skipped, embeddings included.
      assertThat(
              e.extractFeatures(files, ExtractOptions.DEFAULTS, p -> {}, new CancellationToken())
                  .skipped())
          .isEqualTo(files.size());
    }
  }

  @Test
  void withoutAModel_embeddingsAreSkipped_andEverythingElseWorks() throws Exception {
    List<DemoLibrary.Track> tracks = DemoLibrary.write(music, 1, 8, 22_050, 4);
    try (SelectionEngine e = open()) {
      ExtractionReport r =
          e.extractFeatures(
              List.of(tracks.get(0).path()),
              ExtractOptions.DEFAULTS,
              p -> {},
              new CancellationToken());
      assertThat(r.extracted()).isEqualTo(1);
      SongFeatures sf = e.getSongFeatures(e.songIdFor(tracks.get(0).path())).orElseThrow();
      assertThat(sf.openl3Vector()).isNull();
      assertThat(sf.timbre()).isNotNull();
      assertThatThrownBy(() -> e.extractOpenL3Embedding(tracks.get(0).path(), null, null))
          .isInstanceOfSatisfying(
              SelectionException.class,
              x -> assertThat(x.code()).isEqualTo(ErrorCode.RUNTIME_UNAVAILABLE));
    }
  }

  @Test
  void aModelWithAWrongChecksum_isModelLoadFailed_forTheEmbeddingOnly() throws Exception {
    installModel(root);
    Path model = root.resolve("resources/ai/openl3/model.onnx");
    byte[] bytes = Files.readAllBytes(model);
    bytes[bytes.length / 2] ^= 1;
    Files.write(model, bytes);
    List<DemoLibrary.Track> tracks = DemoLibrary.write(music, 1, 8, 22_050, 5);
    try (SelectionEngine e = open()) {
      Path f = tracks.get(0).path();
      assertThatThrownBy(() -> e.extractOpenL3Embedding(f, null, null))
          .isInstanceOfSatisfying(
              SelectionException.class,
              x -> assertThat(x.code()).isEqualTo(ErrorCode.MODEL_LOAD_FAILED));
      ExtractionReport r =
          e.extractFeatures(List.of(f), ExtractOptions.DEFAULTS, p -> {}, new CancellationToken());
      assertThat(r.extracted()).isEqualTo(1);
      SongFeatures sf = e.getSongFeatures(e.songIdFor(f)).orElseThrow();
      assertThat(sf.openl3Vector()).isNull();
      assertThat(sf.timbre()).isNotNull();
    }
  }
}
