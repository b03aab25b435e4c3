package dev.selection.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selection.api.ErrorCode;
import dev.selection.api.Label;
import dev.selection.api.SelectionException;
import dev.selection.api.SongFeatures;
import dev.selection.api.spi.CachedScore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SqliteSchemaTest {
  @TempDir Path dir;

  static final String ID1 = "1".repeat(64);
  static final String ID2 = "2".repeat(64);

  @Test
  void newLibrary_hasTheSpecLayoutInEveryFile() throws Exception {
    new SqliteStoreProvider().openFeatureStore(dir).close();
    new SqliteStoreProvider().openLabelStore(dir).close();
    new SqliteStoreProvider().openPathIndex(dir).close();
    Path features = dir.resolve("features.db");
    assertThat(Raw.column(features, "SELECT name FROM sqlite_master WHERE type='table'"))
        .contains("song_features", "song_prediction_cache", "extraction_failures", "schema_meta");
    assertThat(Raw.column(features, "SELECT name FROM pragma_table_info('song_features')"))
        .containsExactly(
            "songId",
            "fileHash",
            "modelVersion",
            "openl3_vector",
            "timbre",
            "chromaprintFingerprint",
            "chromaprintSimhash",
            "rmsMean",
            "loudnessLufs",
            "hpcp",
            "bpm",
            "bpmConfidence",
            "key",
            "keyStrength",
            "durationSec",
            "bitrateKbps",
            "hasMetadata",
            "title",
            "artist",
            "album",
            "genres",
            "year",
            "comment",
            "extractorVersions",
            "updatedAt",
            "beatGrid");
    assertThat(
            Raw.column(
                features,
                "SELECT type FROM pragma_table_info('song_features') WHERE name IN"
                    + " ('openl3_vector','timbre','hpcp') ORDER BY name"))
        .containsOnly("BLOB");
    assertThat(
            Raw.column(
                features,
                "SELECT pk FROM pragma_table_info('song_features')" + " WHERE name='songId'"))
        .containsExactly("1");
    assertThat(
            Raw.column(
                features,
                "SELECT name FROM pragma_table_info('song_prediction_cache')"
                    + " WHERE pk > 0 ORDER BY pk"))
        .containsExactly("songId", "modelRevision", "fileHash");
    List<String> indexedColumns =
        Raw.column(
            features,
            "SELECT ii.name FROM pragma_index_list("
                + "'song_features') il JOIN pragma_index_info(il.name) ii WHERE il.origin = 'c'");
    assertThat(indexedColumns).contains("fileHash", "modelVersion", "updatedAt");
    assertThat(Raw.column(features, "SELECT name FROM pragma_table_info('song_embeddings')"))
        .containsExactly("songId", "kind", "modelVersion", "windows", "vector", "tags");
    assertThat(
            Raw.column(
                features,
                "SELECT name FROM pragma_table_info('song_embeddings')"
                    + " WHERE pk > 0 ORDER BY pk"))
        .containsExactly("songId", "kind");
    for (String file : List.of("features.db", "selection_labels.db", "selection_path_index.db")) {
      Path p = dir.resolve(file);
      assertThat(Raw.column(p, "SELECT value FROM schema_meta WHERE key='schemaVersion'"))
          .as(file)
          .containsExactly(
              switch (file) {
                case "features.db" -> "3";
                case "selection_path_index.db" -> "2";
                default -> "1";
              });
      assertThat(Raw.column(p, "PRAGMA journal_mode")).as(file).containsExactly("wal");
    }
  }

  @Test
  void vectors_areLittleEndianFloat32Blobs() throws Exception {
    try (SqliteFeatureStore s = SqliteFeatureStore.open(dir)) {
      s.upsert(
          List.of(
              SongFeatures.builder(ID1)
                  .openl3Vector(new float[] {1.0f, -2.5f})
                  .hpcp(new float[] {Float.NEGATIVE_INFINITY})
                  .build()));
    }
    // 1.0f = 0x3F800000, -2.5f = 0xC0200000, -Inf = 0xFF800000 (IEEE 754), least significant byte
    // first.
    assertThat(
            Raw.column(
                dir.resolve("features.db"),
                "SELECT hex(openl3_vector) || '/' || hex(hpcp) FROM song_features"))
        .containsExactly("0000803F000020C0/000080FF");
  }

  @Test
  void unchangedUpsert_doesNotRewriteTheRow() throws Exception {
    try (SqliteFeatureStore s = SqliteFeatureStore.open(dir)) {
      s.upsert(List.of(SongFeatures.builder(ID1).bpm(120.0).build()));
      String before =
          Raw.column(dir.resolve("features.db"), "SELECT updatedAt FROM song_features").get(0);
      assertThat(s.upsert(List.of(SongFeatures.builder(ID1).bpm(120.0).build()))).isZero();
      assertThat(Raw.column(dir.resolve("features.db"), "SELECT updatedAt FROM song_features"))
          .containsExactly(before);
    }
  }

  /** The unversioned layout of the original design: the spec's columns, no schema_meta. */
  private void makeVersion0(Path features, boolean withNullId) throws Exception {
    Raw.exec(
        features,
        """
        CREATE TABLE song_features (songId TEXT PRIMARY KEY, fileHash TEXT, modelVersion TEXT,
          openl3_vector BLOB, chromaprintFingerprint TEXT, rmsMean REAL, hpcp BLOB, bpm REAL,
          key TEXT, durationSec REAL, bitrateKbps REAL, updatedAt TEXT)""",
        """
        CREATE TABLE song_prediction_cache (songId TEXT, modelRevision INTEGER, fileHash TEXT,
          score REAL, updatedAt TEXT, PRIMARY KEY (songId, modelRevision, fileHash))""",
        "INSERT INTO song_features VALUES ('"
            + ID1
            + "', 'fh1', 'm1', X'0000803F000020C0', 'AQAB',"
            + " 0.5, X'0000803F', 124.0, 'A minor', 180.0, 320.0, '2023-01-02T03:04:05Z')",
        "INSERT INTO song_features (songId, bpm) VALUES ('" + ID2 + "', 99.0)",
        "INSERT INTO song_prediction_cache VALUES ('"
            + ID1
            + "', 4, 'fh1', 0.25, '2023-01-02T03:04:05Z')");
    if (withNullId) {
      // Legacy SQLite lets a TEXT PRIMARY KEY be NULL; version 1 refuses it, so the copy must fail.
      Raw.exec(features, "INSERT INTO song_features (songId, bpm) VALUES (NULL, 1.0)");
    }
  }

  private static boolean f0BeatGridIsNull(Path features) throws Exception {
    return Raw.column(features, "SELECT count(*) FROM song_features WHERE beatGrid IS NULL")
        .equals(List.of("2"));
  }

  @Test
  void version1Database_gainsTheBeatGridColumn_keepingItsRows() throws Exception {
    try (SqliteFeatureStore s = SqliteFeatureStore.open(dir)) {
      s.upsert(List.of(SongFeatures.builder(ID1).bpm(124.0).bpmConfidence(0.5).build()));
    }
    Path features = dir.resolve("features.db");
    // Back to version 1: the beat grid column and the embeddings table go, the version says 1.
    Raw.exec(
        features,
        "ALTER TABLE song_features DROP COLUMN beatGrid",
        "DROP TABLE song_embeddings",
        "UPDATE schema_meta SET value = '1' WHERE key = 'schemaVersion'");
    try (SqliteFeatureStore s = SqliteFeatureStore.open(dir)) {
      SongFeatures f = s.get(ID1).orElseThrow();
      assertThat(f.bpm()).isEqualTo(124.0);
      assertThat(f.beatGrid()).isNull();
      dev.selection.api.BeatGrid g =
          new dev.selection.api.BeatGrid(
              List.of(new dev.selection.api.BeatGrid.Section(0.5, 0.484, 300)), 4, 2);
      s.upsert(List.of(SongFeatures.builder(ID1).beatGrid(g).build()));
      assertThat(s.get(ID1).orElseThrow().beatGrid()).isEqualTo(g);
    }
    assertThat(Raw.column(features, "SELECT value FROM schema_meta WHERE key='schemaVersion'"))
        .containsExactly("3");
    // 27 bytes for a steady track: version, bar layout, count, one section.
    assertThat(Raw.column(features, "SELECT length(beatGrid) FROM song_features"))
        .containsExactly("27");
  }

  @Test
  void version0Database_isMigratedKeepingItsData() throws Exception {
    Path features = dir.resolve("features.db");
    makeVersion0(features, false);
    try (SqliteFeatureStore s = SqliteFeatureStore.open(dir)) {
      SongFeatures f = s.get(ID1).orElseThrow();
      assertThat(f.fileHash()).isEqualTo("fh1");
      assertThat(f.modelVersion()).isEqualTo("m1");
      assertThat(f.openl3Vector()).containsExactly(1.0f, -2.5f);
      assertThat(f.hpcp()).containsExactly(1.0f);
      assertThat(f.chromaprintFingerprint()).isEqualTo("AQAB");
      assertThat(f.rmsMean()).isEqualTo(0.5);
      assertThat(f.bpm()).isEqualTo(124.0);
      assertThat(f.key()).isEqualTo("A minor");
      assertThat(f.durationSec()).isEqualTo(180.0);
      assertThat(f.bitrateKbps()).isEqualTo(320.0);
      assertThat(f.updatedAt()).isEqualTo(java.time.Instant.parse("2023-01-02T03:04:05Z"));
      assertThat(f.timbre()).isNull();
      assertThat(f.metadata()).isNull();
      assertThat(f.extractorVersions()).isEmpty();
      assertThat(s.get(ID2).orElseThrow().updatedAt()).isEqualTo(java.time.Instant.EPOCH);
      assertThat(s.count()).isEqualTo(2);
    }
    try (SqlitePredictionCache c = SqlitePredictionCache.open(dir)) {
      assertThat(c.get(Map.of(ID1, "fh1"), 4)).containsEntry(ID1, 0.25);
    }
    assertThat(Raw.column(features, "SELECT value FROM schema_meta WHERE key='schemaVersion'"))
        .containsExactly("3");
    assertThat(
            Raw.column(features, "SELECT name FROM sqlite_master WHERE name = 'song_embeddings'"))
        .containsExactly("song_embeddings");
    assertThat(f0BeatGridIsNull(features)).isTrue();
    assertThat(Raw.column(features, "SELECT name FROM sqlite_master WHERE name LIKE '%__new'"))
        .isEmpty();
    assertThat(Raw.column(features, "SELECT name FROM sqlite_master WHERE type='index'"))
        .contains(
            "idx_song_features_fileHash",
            "idx_song_features_modelVersion",
            "idx_song_features_updatedAt");
    assertThat(Raw.column(features, "PRAGMA integrity_check")).containsExactly("ok");
  }

  @Test
  void failingMigration_rollsBackToTheOldLayout() throws Exception {
    Path features = dir.resolve("features.db");
    makeVersion0(features, true);
    assertThatThrownBy(() -> SqliteFeatureStore.open(dir))
        .isInstanceOfSatisfying(
            SelectionException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.DB_ERROR);
              assertThat(e.getMessage()).contains(features.toString());
            });
    assertThat(Raw.column(features, "SELECT name FROM pragma_table_info('song_features')"))
        .doesNotContain("timbre")
        .contains("openl3_vector");
    assertThat(Raw.column(features, "SELECT count(*) FROM song_features")).containsExactly("3");
    assertThat(Raw.column(features, "SELECT name FROM sqlite_master WHERE type='table'"))
        .containsExactlyInAnyOrder("song_features", "song_prediction_cache");
  }

  static Stream<Arguments> stores() {
    Function<Path, AutoCloseable> features = SqliteFeatureStore::open;
    Function<Path, AutoCloseable> cache = SqlitePredictionCache::open;
    Function<Path, AutoCloseable> labels = SqliteLabelStore::open;
    Function<Path, AutoCloseable> paths = SqlitePathIndex::open;
    return Stream.of(
        Arguments.of("features.db", features),
        Arguments.of("features.db", cache),
        Arguments.of("selection_labels.db", labels),
        Arguments.of("selection_path_index.db", paths));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void newerSchema_isRefusedAndLeftByteForByte(String file, Function<Path, AutoCloseable> opener)
      throws Exception {
    Path db = dir.resolve(file);
    Raw.exec(
        db,
        "CREATE TABLE schema_meta (key TEXT PRIMARY KEY, value TEXT)",
        "INSERT INTO schema_meta VALUES ('schemaVersion', '99')",
        "CREATE TABLE future_things (x BLOB)",
        "INSERT INTO future_things VALUES (randomblob(5000))");
    String before = Raw.sha256(db);
    long sizeBefore = Files.size(db);
    assertThatThrownBy(() -> opener.apply(dir))
        .isInstanceOfSatisfying(
            SelectionException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.DB_ERROR);
              assertThat(e.getMessage()).contains(db.toString()).contains("newer");
            });
    assertThat(Files.size(db)).isEqualTo(sizeBefore);
    assertThat(Raw.sha256(db)).isEqualTo(before);
    assertThat(Files.exists(dir.resolve(file + "-wal"))).isFalse();
  }

  @Test
  void newerSchemaInWalMode_isRefusedAndLeftByteForByte() throws Exception {
    Path db = dir.resolve("selection_labels.db");
    try (SqliteLabelStore s = SqliteLabelStore.open(dir)) {
      s.setLabels(List.of(ID1), Label.LIKED);
    }
    Raw.exec(db, "UPDATE schema_meta SET value = '7' WHERE key = 'schemaVersion'");
    Raw.exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
    String before = Raw.sha256(db);
    assertThatThrownBy(() -> SqliteLabelStore.open(dir))
        .isInstanceOfSatisfying(
            SelectionException.class,
            e -> assertThat(e.getMessage()).contains(db.toString()).contains("7"));
    assertThat(Raw.sha256(db)).isEqualTo(before);
  }

  @Test
  void unknownTablesWithoutVersion_areRefusedUntouched() throws Exception {
    Path db = dir.resolve("selection_labels.db");
    Raw.exec(db, "CREATE TABLE somebody_elses (x TEXT)");
    String before = Raw.sha256(db);
    assertThatThrownBy(() -> SqliteLabelStore.open(dir))
        .isInstanceOfSatisfying(
            SelectionException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.DB_ERROR);
              assertThat(e.getMessage()).contains(db.toString());
            });
    assertThat(Raw.sha256(db)).isEqualTo(before);
  }

  @Test
  void pathIndexV1_isMigratedToV2_keepingItsEntries_andFindsThemByContent() throws Exception {
    Path db = dir.resolve("selection_path_index.db");
    Raw.exec(
        db,
        "CREATE TABLE schema_meta (key TEXT PRIMARY KEY, value TEXT)",
        "INSERT INTO schema_meta VALUES ('schemaVersion', '1')",
        "CREATE TABLE path_index (path TEXT PRIMARY KEY NOT NULL, sizeBytes INTEGER NOT NULL,"
            + " mtimeMs INTEGER NOT NULL, songId TEXT NOT NULL, fileHash TEXT, decoder TEXT,"
            + " lastSeenMs INTEGER NOT NULL)",
        "CREATE INDEX idx_path_index_songId ON path_index(songId, lastSeenMs)",
        "CREATE INDEX idx_path_index_lastSeen ON path_index(lastSeenMs)",
        "INSERT INTO path_index VALUES ('/m/a.flac', 10, 20, '" + ID1 + "', 'fh', 'flac/1', 5)");
    try (SqlitePathIndex p = SqlitePathIndex.open(dir)) {
      assertThat(p.findByContent(10, "fh")).get().extracting(e -> e.songId()).isEqualTo(ID1);
      assertThat(p.containsSize(10)).isTrue();
      assertThat(p.containsSize(11)).isFalse();
    }
    assertThat(Raw.column(db, "SELECT value FROM schema_meta WHERE key='schemaVersion'"))
        .containsExactly("2");
    assertThat(Raw.column(db, "SELECT name FROM sqlite_master WHERE type='index'"))
        .contains("idx_path_index_size_hash");
  }

  @Test
  void unreadableSchemaVersion_isRefused() throws Exception {
    Path db = dir.resolve("selection_path_index.db");
    Raw.exec(
        db,
        "CREATE TABLE schema_meta (key TEXT PRIMARY KEY, value TEXT)",
        "INSERT INTO schema_meta VALUES ('schemaVersion', 'two')");
    String before = Raw.sha256(db);
    assertThatThrownBy(() -> SqlitePathIndex.open(dir))
        .isInstanceOfSatisfying(
            SelectionException.class,
            e -> assertThat(e.getMessage()).contains(db.toString()).contains("two"));
    assertThat(Raw.sha256(db)).isEqualTo(before);
  }

  @Test
  void malformedVectorBlob_isADbErrorNotGarbage() throws Exception {
    try (SqliteFeatureStore s = SqliteFeatureStore.open(dir)) {
      s.upsert(List.of(SongFeatures.builder(ID1).bpm(1.0).build()));
      try (Connection c = Raw.connect(dir.resolve("features.db"));
          PreparedStatement ps = c.prepareStatement("UPDATE song_features SET hpcp = ?")) {
        ps.setBytes(1, new byte[] {1, 2, 3, 4, 5});
        ps.executeUpdate();
      }
      assertThatThrownBy(() -> s.get(ID1))
          .isInstanceOfSatisfying(
              SelectionException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.DB_ERROR);
                assertThat(e.getMessage()).contains("features.db").contains("hpcp");
                assertThat(e.getCause()).isInstanceOf(java.sql.SQLException.class);
              });
    }
  }

  @Test
  void predictionCache_sharesFeaturesDb() throws Exception {
    try (SqlitePredictionCache c = SqlitePredictionCache.open(dir)) {
      c.put(1, List.of(new CachedScore(ID1, "h", 0.5)));
    }
    try (Connection c = Raw.connect(dir.resolve("features.db"));
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT songId, modelRevision, fileHash, score FROM song_prediction_cache")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo(ID1);
      assertThat(rs.getLong(2)).isEqualTo(1);
      assertThat(rs.getString(3)).isEqualTo("h");
      assertThat(rs.getDouble(4)).isEqualTo(0.5);
    }
  }
}
