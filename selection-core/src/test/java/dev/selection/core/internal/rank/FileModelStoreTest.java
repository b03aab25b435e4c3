package dev.selection.core.internal.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.GbdtParams;
import dev.selection.api.spi.ModelManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileModelStoreTest {
  @TempDir Path root;

  private static ModelManifest manifest(long rev, byte[] model) {
    return new ModelManifest(
        rev,
        FeatureSchema.FEATURE_SET_VERSION,
        FeatureSchema.of(List.of("efficientat")).names(),
        Map.of("efficientat", "e1"),
        FileModelStore.modelFileName(rev),
        FileModelStore.sha256(model),
        Instant.parse("2026-11-24T00:00:00Z"),
        20,
        80,
        Map.of("roc_auc", 0.9),
        Map.of("roc_auc", 0.8),
        List.of(SyntheticLibrary.id(1, 1)),
        List.of(SyntheticLibrary.id(1, 2)));
  }

  @Test
  void save_thenRead_roundTrips_andRemovesOlderBoosters() throws IOException {
    FileModelStore s = new FileModelStore(root);
    assertThat(s.manifest()).isEmpty();
    byte[] m1 = {1, 2, 3};
    byte[] m2 = {4, 5, 6, 7};
    s.save(manifest(1, m1), m1);
    Path p2 = s.save(manifest(2, m2), m2);
    assertThat(s.manifest()).contains(manifest(2, m2));
    assertThat(s.readModel(s.manifest().orElseThrow())).isEqualTo(m2);
    try (Stream<Path> files = Files.list(s.directory())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("manifest.json", "selection_gbdt_v2.ubj");
    }
    assertThat(p2).isEqualTo(root.resolve("models/selection/selection_gbdt_v2.ubj"));
    assertThat(s.highestSavedRevision()).isEqualTo(2);
    s.deleteAll();
    assertThat(s.manifest()).isEmpty();
  }

  @Test
  void manifestWithoutDislikedSnapshot_readsAsEmpty() throws IOException {
    FileModelStore s = new FileModelStore(root);
    byte[] m = {1, 2, 3};
    s.save(manifest(1, m), m);
    Path mf = s.directory().resolve("manifest.json");
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode o =
        (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(mf.toFile());
    assertThat(o.get("dislikedSnapshot")).hasSize(1);
    o.remove("dislikedSnapshot");
    json.writeValue(mf.toFile(), o);
    ModelManifest read = s.manifest().orElseThrow();
    assertThat(read.dislikedSnapshot()).isEmpty();
    assertThat(read.likedSnapshot()).isEqualTo(manifest(1, m).likedSnapshot());
  }

  @Test
  void checksumMismatch_isModelLoadFailed() throws IOException {
    FileModelStore s = new FileModelStore(root);
    byte[] m = {1, 2, 3};
    Path p = s.save(manifest(1, m), m);
    Files.write(p, new byte[] {1, 2, 4});
    assertThatThrownBy(() -> s.readModel(s.manifest().orElseThrow()))
        .isInstanceOfSatisfying(
            SelectionException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_LOAD_FAILED));
    Files.delete(p);
    assertThatThrownBy(() -> s.readModel(s.manifest().orElseThrow()))
        .isInstanceOfSatisfying(
            SelectionException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_LOAD_FAILED));
  }

  @Test
  void truncatedOrForeignManifest_isModelLoadFailed() throws IOException {
    FileModelStore s = new FileModelStore(root);
    byte[] m = {1, 2, 3};
    s.save(manifest(1, m), m);
    Path mf = s.directory().resolve("manifest.json");
    byte[] json = Files.readAllBytes(mf);
    Files.write(mf, java.util.Arrays.copyOf(json, json.length / 2));
    assertThatThrownBy(s::manifest)
        .isInstanceOfSatisfying(
            SelectionException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_LOAD_FAILED));
    Files.writeString(
        mf,
        new String(json, StandardCharsets.UTF_8)
            .replace("\"manifestFormat\" : 1", "\"manifestFormat\" : 2"));
    assertThatThrownBy(s::manifest)
        .isInstanceOfSatisfying(
            SelectionException.class, e -> assertThat(e.getMessage()).contains("newer"));
    Files.writeString(
        mf,
        new String(json, StandardCharsets.UTF_8)
            .replace("selection_gbdt_v1.ubj", "../../evil.ubj"));
    assertThatThrownBy(() -> s.readModel(s.manifest().orElseThrow()))
        .isInstanceOfSatisfying(
            SelectionException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_LOAD_FAILED));
  }

  private static ModelManifest withProvenance(ModelManifest m, GbdtParams params) {
    return new ModelManifest(
        m.modelRevision(),
        m.featureSetVersion(),
        m.featureNames(),
        m.embedderVersions(),
        m.modelFile(),
        m.modelSha256(),
        m.trainedAt(),
        m.positives(),
        m.negatives(),
        m.metrics(),
        m.baselineMetrics(),
        m.likedSnapshot(),
        m.dislikedSnapshot(),
        params,
        "9.8.7",
        "3.4.0");
  }

  @Test
  void manifest_roundTripsTheHyperParametersSeedAndVersions() throws IOException {
    FileModelStore s = new FileModelStore(root);
    byte[] m = {1, 2, 3};
    GbdtParams params = GbdtParams.DEFAULTS.fixed(120, "rank:pairwise").withPrior(false);
    ModelManifest written = withProvenance(manifest(1, m), params);
    s.save(written, m);
    ModelManifest read = new FileModelStore(root).manifest().orElseThrow();
    assertThat(read).isEqualTo(written);
    assertThat(read.gbdtParams()).isEqualTo(params);
    assertThat(read.gbdtParams().seed()).isEqualTo(20_240_517L);
    assertThat(read.sdkVersion()).isEqualTo("9.8.7");
    assertThat(read.xgboostVersion()).isEqualTo("3.4.0");
    String json = Files.readString(s.directory().resolve(FileModelStore.MANIFEST));
    assertThat(json)
        .contains(
            "\"gbdtParams\"",
            "\"seed\" : 20240517",
            "\"objective\" : \"rank:pairwise\"",
            "\"sdkVersion\" : \"9.8.7\"",
            "\"xgboostVersion\" : \"3.4.0\"");
  }

  @Test
  void manifestWithoutProvenance_readsWithoutIt() throws IOException {
    FileModelStore s = new FileModelStore(root);
    byte[] m = {1, 2, 3};
    s.save(withProvenance(manifest(1, m), GbdtParams.DEFAULTS), m);
    Path mf = s.directory().resolve("manifest.json");
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode o =
        (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(mf.toFile());
    o.remove(List.of("gbdtParams", "sdkVersion", "xgboostVersion"));
    json.writeValue(mf.toFile(), o);
    ModelManifest read = s.manifest().orElseThrow();
    assertThat(read).isEqualTo(manifest(1, m));
    assertThat(read.gbdtParams()).isNull();
    assertThat(read.sdkVersion()).isNull();
    assertThat(read.xgboostVersion()).isNull();
  }

  @Test
  void save_namesAndChecksumsTheBooster_whateverTheManifestSays() throws Exception {
    FileModelStore s = new FileModelStore(root);
    byte[] m = {9, 8, 7, 6};
    ModelManifest unsaved = manifest(3, m).withModel("selection_gbdt_v99.ubj", "00");
    Path p = s.save(unsaved, m);
    ModelManifest saved = s.manifest().orElseThrow();
    assertThat(saved.modelFile()).isEqualTo("selection_gbdt_v3.ubj");
    assertThat(p.getFileName().toString()).isEqualTo("selection_gbdt_v3.ubj");
    assertThat(saved.modelSha256())
        .isEqualTo(
            java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(m)));
    assertThat(s.readModel(saved)).isEqualTo(m);
  }

  @Test
  void checksumMismatch_isAClearModelLoadFailed() throws IOException {
    FileModelStore s = new FileModelStore(root);
    byte[] m = {1, 2, 3};
    Path p = s.save(manifest(1, m), m);
    Files.write(p, new byte[] {1, 2, 4});
    assertThatThrownBy(() -> s.readModel(s.manifest().orElseThrow()))
        .isInstanceOfSatisfying(
            SelectionException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.MODEL_LOAD_FAILED);
              assertThat(e.getMessage())
                  .contains("selection_gbdt_v1.ubj", "does not match its checksum")
                  .contains(FileModelStore.sha256(m), FileModelStore.sha256(new byte[] {1, 2, 4}));
            });
  }
}
