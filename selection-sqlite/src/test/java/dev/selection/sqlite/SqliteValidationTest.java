package dev.selection.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selection.api.SongFeatures;
import dev.selection.api.spi.CachedScore;
import dev.selection.api.spi.PathIndexEntry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Arguments the SQLite stores refuse before writing anything. */
class SqliteValidationTest {
  @TempDir Path dir;

  static final String OK = "a".repeat(64);

  @Test
  void predictionCache_malformedSongId_writesNothing() {
    try (SqlitePredictionCache c = SqlitePredictionCache.open(dir)) {
      assertThatThrownBy(
              () ->
                  c.put(
                      1,
                      List.of(
                          new CachedScore(OK, "h", 0.5),
                          new CachedScore("A".repeat(64), "h", 0.5))))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(c.clear()).isZero();
    }
  }

  @Test
  void pathIndex_malformedSongId_isRefused() {
    try (SqlitePathIndex p = SqlitePathIndex.open(dir)) {
      assertThatThrownBy(
              () -> p.put(new PathIndexEntry("/a.mp3", 1, 1, "", null, null, Instant.EPOCH)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(p.count()).isZero();
    }
  }

  @Test
  void featureStore_nanScalar_writesNothing() {
    try (SqliteFeatureStore f = SqliteFeatureStore.open(dir)) {
      assertThatThrownBy(
              () ->
                  f.upsert(
                      List.of(
                          SongFeatures.builder(OK).bpm(120.0).build(),
                          SongFeatures.builder("b".repeat(64)).bpm(Double.NaN).build())))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("b".repeat(64));
      assertThat(f.count()).isZero();
    }
  }

  @Test
  void featureStore_negativeZeroScalar_isNotAChangeOnRewrite() {
    try (SqliteFeatureStore f = SqliteFeatureStore.open(dir)) {
      assertThat(f.upsert(List.of(SongFeatures.builder(OK).loudnessLufs(-0.0).build())))
          .isEqualTo(1);
      assertThat(f.upsert(List.of(SongFeatures.builder(OK).loudnessLufs(-0.0).build()))).isZero();
    }
  }
}
