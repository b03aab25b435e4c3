package dev.selection.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selection.api.CancellationToken;
import dev.selection.api.ErrorCode;
import dev.selection.api.ExtractOptions;
import dev.selection.api.ExtractionFailure;
import dev.selection.api.ExtractionReport;
import dev.selection.api.Label;
import dev.selection.api.LabelSnapshot;
import dev.selection.api.SelectionEngine;
import dev.selection.api.SongFeatures;
import dev.selection.api.spi.FeatureStore;
import dev.selection.api.spi.LabelStore;
import dev.selection.api.spi.PathIndex;
import dev.selection.api.spi.PathIndexEntry;
import dev.selection.sqlite.SqliteStoreProvider;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A library analysed with the JLayer-based MP3 decoder (decoder "mp3/1+jlayer-1.0.1.4" in its path
 * index) re-identifies its MP3 files once, at the next analysis, and keeps their labels; MP3 files
 * that failed for want of JLayer are analysed again.
 */
class Mp3DecoderMigrationTest {
  private static final String RES = "/dev/selection/core/internal/audio/lossy/mp3/";
  private static final String OLD_ID = "ab".repeat(32);

  @TempDir Path root;
  @TempDir Path music;

  private Path copy(String name, String as) throws Exception {
    Path f = music.resolve(as);
    try (InputStream in = getClass().getResourceAsStream(RES + name)) {
      Files.copy(in, f);
    }
    return f;
  }

  private SelectionEngine open() {
    return SelectionEngine.builder(root).autoTrain(false, 20, Duration.ofSeconds(8)).build();
  }

  private static String sha256(Path f) throws Exception {
    return HexFormat.of()
        .formatHex(
            java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
  }

  @Test
  void jlayerEraLibrary_reidentifiesMp3FilesOnce_keepingTheirLabels() throws Exception {
    Path liked = copy("v2-l3-joint-44100.mp3", "liked.mp3");
    Path failed = copy("v2-l3-tagged-mono-22050.mp3", "failed.mp3");
    String fileHash = sha256(liked);
    // The library as the JLayer era left it: the liked file under its old id, and the other file
    // recorded as a failure because JLayer was not on the class path.
    SqliteStoreProvider sqlite = new SqliteStoreProvider();
    BasicFileAttributes a = Files.readAttributes(liked, BasicFileAttributes.class);
    BasicFileAttributes b = Files.readAttributes(failed, BasicFileAttributes.class);
    try (PathIndex index = sqlite.openPathIndex(root);
        FeatureStore features = sqlite.openFeatureStore(root);
        LabelStore labels = sqlite.openLabelStore(root)) {
      index.put(
          new PathIndexEntry(
              PathIndex.normalize(liked),
              a.size(),
              a.lastModifiedTime().toMillis(),
              OLD_ID,
              fileHash,
              "mp3/1+jlayer-1.0.1.4",
              Instant.now()));
      features.upsert(
          List.of(SongFeatures.builder(OLD_ID).fileHash(fileHash).durationSec(0.5).build()));
      labels.setLabels(List.of(OLD_ID), Label.LIKED);
      labels.resetSampleChangeCount();
      features.recordFailure(
          new ExtractionFailure(
              PathIndex.normalize(failed),
              b.size(),
              b.lastModifiedTime().toMillis(),
              ErrorCode.RUNTIME_UNAVAILABLE,
              "MP3 decoding needs JLayer (com.googlecode.soundlibs:jlayer, brought by mp3spi) on the "
                  + "class path; it is an optional LGPL dependency: "
                  + failed,
              Instant.now()));
    }
    try (SelectionEngine e = open()) {
      // Until a scan migrates it, the file keeps its old id, consistent with its stored features.
      assertThat(e.songIdFor(liked)).isEqualTo(OLD_ID);
      assertThat(e.listFailures()).isEmpty();
      ExtractionReport r =
          e.extractFeatures(
              List.of(liked, failed), ExtractOptions.DEFAULTS, p -> {}, new CancellationToken());
      assertThat(r.extracted()).isEqualTo(2);
      assertThat(r.failed()).isZero();
      String newId = e.songIdFor(liked);
      assertThat(newId).isNotEqualTo(OLD_ID);
      LabelSnapshot s = e.getSelectionLabelSnapshot();
      assertThat(s.positiveIds()).containsExactly(newId);
      // Both ids changed label: the model's liked snapshot is stale, a retraining is due.
      assertThat(s.sampleChangeCount()).isEqualTo(2);
      assertThat(e.getSongFeatures(OLD_ID)).isEmpty();
      assertThat(e.getSongFeatures(newId))
          .hasValueSatisfying(f -> assertThat(f.fileHash()).isEqualTo(fileHash));
      assertThat(e.songIds()).doesNotContain(OLD_ID).contains(newId, e.songIdFor(failed));
      // Once: the next analysis skips both files.
      ExtractionReport again =
          e.extractFeatures(
              List.of(liked, failed), ExtractOptions.DEFAULTS, p -> {}, new CancellationToken());
      assertThat(again.skipped()).isEqualTo(2);
      assertThat(e.getSelectionLabelSnapshot().positiveIds()).containsExactly(newId);
    }
    try (PathIndex index = sqlite.openPathIndex(root)) {
      PathIndexEntry entry =
          index
              .lookup(PathIndex.normalize(liked), a.size(), a.lastModifiedTime().toMillis())
              .orElseThrow();
      assertThat(entry.decoder()).isEqualTo("mp3/2");
      assertThat(entry.fileHash()).isEqualTo(fileHash);
    }
  }

  @Test
  void otherSongsWithTheOldId_keepTheirFeatures() throws Exception {
    // An old-id feature row that belongs to another file (another fileHash) is not deleted.
    Path mp3 = copy("v2-l3-mpeg25-8000.mp3", "x.mp3");
    SqliteStoreProvider sqlite = new SqliteStoreProvider();
    BasicFileAttributes a = Files.readAttributes(mp3, BasicFileAttributes.class);
    try (PathIndex index = sqlite.openPathIndex(root);
        FeatureStore features = sqlite.openFeatureStore(root)) {
      index.put(
          new PathIndexEntry(
              PathIndex.normalize(mp3),
              a.size(),
              a.lastModifiedTime().toMillis(),
              OLD_ID,
              sha256(mp3),
              "mp3/1+jlayer-1.0.1.4",
              Instant.now()));
      features.upsert(
          List.of(SongFeatures.builder(OLD_ID).fileHash("cd".repeat(32)).durationSec(3.0).build()));
    }
    try (SelectionEngine e = open()) {
      e.extractFeatures(List.of(mp3), ExtractOptions.DEFAULTS, p -> {}, new CancellationToken());
      assertThat(e.songIdFor(mp3)).isNotEqualTo(OLD_ID);
      assertThat(e.getSongFeatures(OLD_ID)).isPresent();
    }
  }
}
