package dev.selection.api.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.GbdtParams;
import dev.selection.api.spi.ModelManifest;
import dev.selection.api.spi.ModelStore;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link ModelStore} must have (extend it and implement {@link #open(Path)}):
 * the store names and checksums the booster it saves, returns the manifest it was given with that
 * name and checksum, verifies the checksum on every read, and forgets everything on {@code
 * deleteAll}.
 */
public abstract class ModelStoreContract {
  /** A folder made fresh for each test. */
  @TempDir protected Path dir;

  /** Opens the store of the library in {@code folder}. */
  protected abstract ModelStore open(Path folder);

  /**
   * True when a second {@link #open} of the same folder sees what the first saved (a persistent
   * store); false for in-memory stores.
   */
  protected boolean persistent() {
    return true;
  }

  /** A manifest as the trainer builds it for saving: no booster name or checksum yet. */
  protected static ModelManifest unsaved(long revision) {
    return new ModelManifest(
        revision,
        "3",
        List.of("timbre_sim_max", "efficientat_sim_mean"),
        Map.of("efficientat", "efficientat-mn04/abc"),
        null,
        null,
        Instant.parse("2026-12-01T10:15:30Z"),
        20,
        80,
        Map.of("roc_auc", 0.91, "ndcg@10", 0.7),
        Map.of("roc_auc", 0.88),
        List.of("a".repeat(64), "b".repeat(64)),
        List.of("c".repeat(64)),
        GbdtParams.DEFAULTS,
        "0.1.0",
        "2.1.4");
  }

  /** Lowercase hex SHA-256. */
  protected static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void empty_hasNoManifest() {
    ModelStore s = open(dir);
    assertThat(s.manifest()).isEmpty();
    assertThat(s.highestSavedRevision()).isZero();
  }

  @Test
  void save_namesAndChecksumsTheBooster_andKeepsEverythingElse() {
    ModelStore s = open(dir);
    byte[] model = {7, 8, 9, 10};
    ModelManifest given = unsaved(1).withModel("chosen-by-caller.bin", "00");
    Path path = s.save(given, model);
    ModelManifest m = s.manifest().orElseThrow();
    assertThat(m.modelFile()).isNotBlank().isNotEqualTo("chosen-by-caller.bin");
    assertThat(path.getFileName().toString()).isEqualTo(m.modelFile());
    assertThat(m.modelSha256()).isEqualTo(sha256(model));
    assertThat(m).isEqualTo(unsaved(1).withModel(m.modelFile(), m.modelSha256()));
    model[0] = 0; // the store keeps its own bytes
    assertThat(s.readModel(m)).containsExactly(7, 8, 9, 10);
  }

  @Test
  void aNewerSave_replacesTheModel() {
    ModelStore s = open(dir);
    s.save(unsaved(1), new byte[] {1});
    s.save(unsaved(2), new byte[] {2, 2});
    ModelManifest m = s.manifest().orElseThrow();
    assertThat(m.modelRevision()).isEqualTo(2);
    assertThat(s.readModel(m)).containsExactly(2, 2);
    assertThat(s.highestSavedRevision()).isIn(0L, 2L);
  }

  @Test
  void aReopenedStore_seesTheSavedModel() {
    if (!persistent()) {
      return;
    }
    open(dir).save(unsaved(4), new byte[] {4, 4, 4});
    ModelStore again = open(dir);
    ModelManifest m = again.manifest().orElseThrow();
    assertThat(m.modelRevision()).isEqualTo(4);
    assertThat(m.gbdtParams()).isEqualTo(GbdtParams.DEFAULTS);
    assertThat(m.sdkVersion()).isEqualTo("0.1.0");
    assertThat(m.xgboostVersion()).isEqualTo("2.1.4");
    assertThat(again.readModel(m)).containsExactly(4, 4, 4);
  }

  @Test
  void aWrongChecksum_orAMissingBooster_isModelLoadFailed() {
    ModelStore s = open(dir);
    s.save(unsaved(1), new byte[] {1, 2, 3});
    ModelManifest m = s.manifest().orElseThrow();
    assertModelLoadFailed(() -> s.readModel(m.withModel(m.modelFile(), sha256(new byte[] {0}))));
    assertModelLoadFailed(() -> s.readModel(m.withModel("no-such-booster.ubj", m.modelSha256())));
    assertThat(s.readModel(m)).containsExactly(1, 2, 3); // the stored model is untouched
  }

  @Test
  void deleteAll_forgetsTheModel() {
    ModelStore s = open(dir);
    s.save(unsaved(1), new byte[] {1});
    s.deleteAll();
    assertThat(s.manifest()).isEmpty();
    if (persistent()) {
      assertThat(open(dir).manifest()).isEmpty();
    }
  }

  private static void assertModelLoadFailed(Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            SelectionException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_LOAD_FAILED));
  }
}
