package dev.selection.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.ModelManifest;
import dev.selection.core.internal.rank.FileModelStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The in-memory model store names, checksums and verifies the booster as the file store does. */
class MemoryModelStoreTest {
  private static ModelManifest unsaved(long revision) {
    return new ModelManifest(
        revision,
        "3",
        List.of("timbre_sim_max"),
        Map.of(),
        null,
        null,
        Instant.parse("2026-12-01T00:00:00Z"),
        20,
        80,
        Map.of(),
        Map.of(),
        List.of("a".repeat(64)),
        List.of());
  }

  @Test
  void save_namesAndChecksums_thenReadsBack() {
    MemoryModelStore s = new MemoryModelStore();
    assertThat(s.manifest()).isEmpty();
    assertThat(s.highestSavedRevision()).isZero();
    byte[] model = {1, 2, 3};
    assertThat(s.save(unsaved(2), model).toString()).isEqualTo("selection_gbdt_v2.ubj");
    ModelManifest m = s.manifest().orElseThrow();
    assertThat(m.modelFile()).isEqualTo(FileModelStore.modelFileName(2));
    assertThat(m.modelSha256()).isEqualTo(FileModelStore.sha256(model));
    model[0] = 42; // the store keeps its own copy
    assertThat(s.readModel(m)).containsExactly(1, 2, 3);
    assertThat(s.highestSavedRevision()).isEqualTo(2);
    s.deleteAll();
    assertThat(s.manifest()).isEmpty();
  }

  @Test
  void checksumMismatch_orAMissingModel_isModelLoadFailed() {
    MemoryModelStore s = new MemoryModelStore();
    assertThatThrownBy(() -> s.readModel(unsaved(1).withModel("selection_gbdt_v1.ubj", "00")))
        .isInstanceOfSatisfying(
            SelectionException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_LOAD_FAILED));
    s.save(unsaved(1), new byte[] {1, 2, 3});
    ModelManifest wrong =
        s.manifest()
            .orElseThrow()
            .withModel("selection_gbdt_v1.ubj", FileModelStore.sha256(new byte[] {0}));
    assertThatThrownBy(() -> s.readModel(wrong))
        .isInstanceOfSatisfying(
            SelectionException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.MODEL_LOAD_FAILED);
              assertThat(e.getMessage()).contains("does not match its checksum");
            });
  }
}
