package dev.selection.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The schemas of the three database files, with their migrations. */
final class Schemas {
  private Schemas() {}

  /** The time given to legacy rows that have none. */
  private static final String EPOCH = "'1970-01-01T00:00:00Z'";

  static final String FEATURES_FILE = "features.db";
  static final String LABELS_FILE = "selection_labels.db";
  static final String PATH_INDEX_FILE = "selection_path_index.db";

  /**
   * Version 1 of {@code song_features}; {@code %s} is the table name (the migration builds a copy).
   */
  private static final String SONG_FEATURES_V1 =
      """
      CREATE TABLE %s (
        songId TEXT PRIMARY KEY NOT NULL,
        fileHash TEXT,
        modelVersion TEXT,
        openl3_vector BLOB,
        timbre BLOB,
        chromaprintFingerprint TEXT,
        chromaprintSimhash INTEGER,
        rmsMean REAL,
        loudnessLufs REAL,
        hpcp BLOB,
        bpm REAL,
        bpmConfidence REAL,
        "key" TEXT,
        keyStrength REAL,
        durationSec REAL,
        bitrateKbps REAL,
        hasMetadata INTEGER NOT NULL DEFAULT 0,
        title TEXT,
        artist TEXT,
        album TEXT,
        genres TEXT,
        year INTEGER,
        comment TEXT,
        extractorVersions TEXT NOT NULL DEFAULT '{}',
        updatedAt TEXT NOT NULL)""";

  private static final List<String> SONG_FEATURES_INDEXES =
      List.of(
          "CREATE INDEX IF NOT EXISTS idx_song_features_fileHash ON song_features(fileHash)",
          "CREATE INDEX IF NOT EXISTS idx_song_features_modelVersion ON song_features(modelVersion)",
          "CREATE INDEX IF NOT EXISTS idx_song_features_updatedAt ON song_features(updatedAt)");

  private static final String PREDICTION_CACHE_V1 =
      """
      CREATE TABLE %s (
        songId TEXT NOT NULL,
        modelRevision INTEGER NOT NULL,
        fileHash TEXT NOT NULL,
        score REAL NOT NULL,
        updatedAt TEXT NOT NULL,
        PRIMARY KEY (songId, modelRevision, fileHash))""";

  private static final String PREDICTION_CACHE_INDEX =
      "CREATE INDEX IF NOT EXISTS idx_song_prediction_cache_revision"
          + " ON song_prediction_cache(modelRevision)";

  private static final String EXTRACTION_FAILURES_V1 =
      """
      CREATE TABLE IF NOT EXISTS extraction_failures (
        path TEXT PRIMARY KEY NOT NULL,
        sizeBytes INTEGER NOT NULL,
        mtimeMs INTEGER NOT NULL,
        code TEXT NOT NULL,
        message TEXT NOT NULL,
        at TEXT NOT NULL)""";

  /**
   * Version 2: the learned embeddings of every kind but OpenL3 (which keeps its {@code
   * openl3_vector} column), one row per song and kind; {@code tags} holds the model's class
   * probabilities, if any.
   */
  private static final String SONG_EMBEDDINGS_V2 =
      """
      CREATE TABLE IF NOT EXISTS song_embeddings (
        songId TEXT NOT NULL,
        kind TEXT NOT NULL,
        modelVersion TEXT NOT NULL,
        windows INTEGER NOT NULL,
        vector BLOB NOT NULL,
        tags BLOB,
        PRIMARY KEY (songId, kind))""";

  private static final String SONG_EMBEDDINGS_INDEX =
      "CREATE INDEX IF NOT EXISTS idx_song_embeddings_kind ON song_embeddings(kind, modelVersion)";

  /** Version 3 adds the beat grid (a BLOB of {@link BeatGridBlob}) to {@code song_features}. */
  private static final String ADD_BEAT_GRID = "ALTER TABLE song_features ADD COLUMN beatGrid BLOB";

  /** {@code features.db}: features, embeddings, prediction cache, extraction failures. */
  static final Schema FEATURES =
      new Schema(
          FEATURES_FILE,
          3,
          featuresV3(),
          List.of(
              new Migration(
                  0,
                  "rebuild the unversioned song_features/song_prediction_cache tables at version 1",
                  Schemas::featuresV0ToV1),
              new Migration(1, "add the song_embeddings table", Schemas::featuresV1ToV2),
              new Migration(2, "add song_features.beatGrid", c -> exec(c, ADD_BEAT_GRID))));

  /** {@code selection_labels.db}: labels; the sample change count lives in schema_meta. */
  static final Schema LABELS =
      new Schema(
          LABELS_FILE,
          1,
          List.of(
              """
      CREATE TABLE labels (
        songId TEXT PRIMARY KEY NOT NULL,
        label TEXT NOT NULL CHECK (label IN ('liked', 'disliked')),
        updatedAt TEXT NOT NULL)"""),
          List.of());

  /**
   * Version 2 of the path index finds a file's entry by its bytes (size and file hash); size first,
   * so that the size probe ({@code containsSize}) uses it too.
   */
  private static final String PATH_INDEX_CONTENT_INDEX =
      "CREATE INDEX IF NOT EXISTS idx_path_index_size_hash ON path_index(sizeBytes, fileHash)";

  /** {@code selection_path_index.db}: the path index; the last GC time lives in schema_meta. */
  static final Schema PATH_INDEX =
      new Schema(
          PATH_INDEX_FILE,
          2,
          List.of(
              """
      CREATE TABLE path_index (
        path TEXT PRIMARY KEY NOT NULL,
        sizeBytes INTEGER NOT NULL,
        mtimeMs INTEGER NOT NULL,
        songId TEXT NOT NULL,
        fileHash TEXT,
        decoder TEXT,
        lastSeenMs INTEGER NOT NULL)""",
              "CREATE INDEX idx_path_index_songId ON path_index(songId, lastSeenMs)",
              "CREATE INDEX idx_path_index_lastSeen ON path_index(lastSeenMs)",
              PATH_INDEX_CONTENT_INDEX),
          List.of(
              new Migration(
                  1,
                  "index path_index by (fileHash, sizeBytes) to reuse songIds of copied files",
                  c -> exec(c, PATH_INDEX_CONTENT_INDEX))));

  private static List<String> featuresV2() {
    List<String> ddl = new ArrayList<>(featuresV1());
    ddl.add(SONG_EMBEDDINGS_V2);
    ddl.add(SONG_EMBEDDINGS_INDEX);
    return ddl;
  }

  private static void featuresV1ToV2(Connection c) throws SQLException {
    exec(c, SONG_EMBEDDINGS_V2);
    exec(c, SONG_EMBEDDINGS_INDEX);
  }

  private static List<String> featuresV1() {
    List<String> ddl = new ArrayList<>();
    ddl.add(create(SONG_FEATURES_V1, "song_features"));
    ddl.addAll(SONG_FEATURES_INDEXES);
    ddl.add(create(PREDICTION_CACHE_V1, "song_prediction_cache"));
    ddl.add(PREDICTION_CACHE_INDEX);
    ddl.add(EXTRACTION_FAILURES_V1);
    return ddl;
  }

  private static List<String> featuresV3() {
    List<String> ddl = new ArrayList<>(featuresV2());
    ddl.add(ADD_BEAT_GRID);
    return ddl;
  }

  /**
   * Version 0 is the unversioned layout of the original design (song_features with the columns of
   * the spec's list, maybe a song_prediction_cache, no schemaVersion). Each table is rebuilt: new
   * table, copy of the columns both layouts share, drop, rename — the procedure of
   * https://www.sqlite.org/lang_altertable.html#otheralter — inside the migrator's transaction.
   */
  private static void featuresV0ToV1(Connection c) throws SQLException {
    Set<String> tables = tables(c);
    if (tables.contains("song_features")) {
      rebuild(
          c,
          "song_features",
          SONG_FEATURES_V1,
          Map.of("updatedAt", EPOCH, "extractorVersions", "'{}'", "hasMetadata", "0"));
    } else {
      exec(c, create(SONG_FEATURES_V1, "song_features"));
    }
    for (String sql : SONG_FEATURES_INDEXES) {
      exec(c, sql);
    }
    if (tables.contains("song_prediction_cache")) {
      rebuild(
          c,
          "song_prediction_cache",
          PREDICTION_CACHE_V1,
          Map.of("updatedAt", EPOCH, "fileHash", "''"));
    } else {
      exec(c, create(PREDICTION_CACHE_V1, "song_prediction_cache"));
    }
    exec(c, PREDICTION_CACHE_INDEX);
    exec(c, EXTRACTION_FAILURES_V1);
  }

  /** Fills a {@code CREATE TABLE %s} template with a table name. */
  private static String create(String ddlTemplate, String table) {
    return String.format(Locale.ROOT, ddlTemplate, table);
  }

  /**
   * Rebuilds {@code table} with {@code ddlTemplate}: creates {@code table__new}, copies every
   * column the old table shares with the new one ({@code COALESCE(column, default)} where {@code
   * defaults} names a default; a new column the old table lacks gets its default, or NULL), drops
   * the old table and renames the new one.
   */
  static void rebuild(Connection c, String table, String ddlTemplate, Map<String, String> defaults)
      throws SQLException {
    String tmp = table + "__new";
    exec(c, "DROP TABLE IF EXISTS " + tmp);
    exec(c, create(ddlTemplate, tmp));
    Set<String> oldColumns = columns(c, table);
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (String col : columns(c, tmp)) {
      String quoted = '"' + col + '"';
      String def = defaults.get(col);
      if (oldColumns.contains(col)) {
        names.add(quoted);
        values.add(def == null ? quoted : "COALESCE(" + quoted + ", " + def + ")");
      } else if (def != null) {
        names.add(quoted);
        values.add(def);
      }
    }
    exec(
        c,
        "INSERT INTO "
            + tmp
            + " ("
            + String.join(", ", names)
            + ") SELECT "
            + String.join(", ", values)
            + " FROM "
            + table);
    exec(c, "DROP TABLE " + table);
    exec(c, "ALTER TABLE " + tmp + " RENAME TO " + table);
  }

  static Set<String> tables(Connection c) throws SQLException {
    Set<String> out = new LinkedHashSet<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type='table'")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  static Set<String> columns(Connection c, String table) throws SQLException {
    Set<String> out = new LinkedHashSet<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
      while (rs.next()) {
        out.add(rs.getString("name"));
      }
    }
    return out;
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
