package dev.selection.bench;

import dev.selection.api.Label;
import dev.selection.api.SongFeatures;
import dev.selection.api.SongMetadata;
import dev.selection.sqlite.SqliteFeatureStore;
import dev.selection.sqlite.SqliteLabelStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Writes of 10,000 rows through the SQLite stores, each beside a baseline in the same run: the same
 * rows through a bare JDBC batch insert into a plain table (one transaction, WAL,
 * synchronous=NORMAL — the settings the stores use), so the ratio is the cost of the stores' merge,
 * validation and counting.
 *
 * <ul>
 *   <li>{@code featureUpsertNew}: {@link SqliteFeatureStore#upsert} of 10,000 new songs (512-d
 *       OpenL3 vector, 40-d timbre, 36-bin HPCP, scalars, metadata) in one call, on an empty
 *       database;
 *   <li>{@code featureUpsertChanged}: the same over 10,000 stored songs whose every component
 *       changed (read, merge, compare, rewrite);
 *   <li>{@code featureBareJdbc}: the same rows by a plain JDBC batch insert;
 *   <li>{@code featureBareJdbcIndexed}: the same, into a table with the store's four indexes;
 *   <li>{@code labelSet}: {@link SqliteLabelStore#setLabels} of 10,000 neutral songs to liked;
 *   <li>{@code labelBareJdbc}: 10,000 label rows by a plain JDBC batch insert.
 * </ul>
 *
 * <p>Each invocation starts from a fresh library folder (made in the untimed setup). Goal: at most
 * 1 s per 10,000 rows.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
@State(Scope.Thread)
public class StoreBenchmark {
  /** Rows per invocation. */
  public static final int ROWS = 10_000;

  private List<SongFeatures> rows;
  private List<SongFeatures> changedRows;
  private List<String> ids;

  private Path dir;
  private SqliteFeatureStore features;
  private SqliteLabelStore labels;
  private Connection bare;

  /** Builds the rows once (seeded, so every run writes the same bytes). */
  @Setup(Level.Trial)
  public void makeRows() {
    rows = new ArrayList<>(ROWS);
    changedRows = new ArrayList<>(ROWS);
    ids = new ArrayList<>(ROWS);
    Random rnd = new Random(20261124L);
    for (int i = 0; i < ROWS; i++) {
      String id = String.format(Locale.ROOT, "%064x", 0x5e1ec7L * 1_000_003L + i);
      ids.add(id);
      rows.add(row(id, rnd, "a"));
      changedRows.add(row(id, rnd, "b"));
    }
  }

  private static SongFeatures row(String id, Random rnd, String variant) {
    return SongFeatures.builder(id)
        .fileHash(variant + id.substring(0, 16))
        .modelVersion("openl3-" + variant)
        .openl3Vector(vector(rnd, 512))
        .timbre(vector(rnd, 40))
        .hpcp(vector(rnd, 36))
        .chromaprintFingerprint("AQAA" + variant + id.substring(0, 40))
        .chromaprintSimhash(rnd.nextLong())
        .rmsMean(rnd.nextDouble())
        .loudnessLufs(-30 * rnd.nextDouble())
        .bpm(60 + 120 * rnd.nextDouble())
        .bpmConfidence(rnd.nextDouble())
        .key(variant.equals("a") ? "A minor" : "C major")
        .keyStrength(rnd.nextDouble())
        .durationSec(60 + 300 * rnd.nextDouble())
        .bitrateKbps(320.0)
        .metadata(
            new SongMetadata(
                "Title " + variant + id.substring(0, 6),
                "Artist",
                "Album",
                List.of("House"),
                2020,
                null))
        .extractorVersion("openl3", variant)
        .extractorVersion("hpcp", variant)
        .build();
  }

  private static float[] vector(Random rnd, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) rnd.nextGaussian();
    }
    return v;
  }

  /** A fresh library folder with open stores and a bare connection. */
  @Setup(Level.Invocation)
  public void openFresh() throws IOException, SQLException {
    dir = Files.createTempDirectory("store-bench");
    features = SqliteFeatureStore.open(dir);
    labels = SqliteLabelStore.open(dir);
    bare = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("bare.db"));
    try (Statement s = bare.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=NORMAL");
      s.execute(
          "CREATE TABLE plain_features (songId TEXT PRIMARY KEY, fileHash TEXT, modelVersion TEXT,"
              + " openl3_vector BLOB, timbre BLOB, chromaprintFingerprint TEXT, chromaprintSimhash INTEGER,"
              + " rmsMean REAL, loudnessLufs REAL, hpcp BLOB, bpm REAL, bpmConfidence REAL, key TEXT,"
              + " keyStrength REAL, durationSec REAL, bitrateKbps REAL, title TEXT, artist TEXT, album TEXT,"
              + " genres TEXT, year INTEGER, extractorVersions TEXT, updatedAt TEXT)");
      s.execute("CREATE TABLE indexed_features AS SELECT * FROM plain_features WHERE 0");
      s.execute("CREATE UNIQUE INDEX indexed_features_pk ON indexed_features(songId)");
      s.execute("CREATE INDEX indexed_features_fh ON indexed_features(fileHash)");
      s.execute("CREATE INDEX indexed_features_mv ON indexed_features(modelVersion)");
      s.execute("CREATE INDEX indexed_features_ua ON indexed_features(updatedAt)");
      s.execute("CREATE TABLE plain_labels (songId TEXT PRIMARY KEY, label TEXT, updatedAt TEXT)");
    }
  }

  /** Closes everything and deletes the folder. */
  @TearDown(Level.Invocation)
  public void closeAndDelete() throws IOException, SQLException {
    features.close();
    labels.close();
    bare.close();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** 10,000 new songs in one upsert. */
  @Benchmark
  public int featureUpsertNew() {
    return features.upsert(rows);
  }

  /**
   * 10,000 stored songs, every component changed, in one upsert (the stored rows are written
   * first).
   */
  @Benchmark
  public int featureUpsertChanged(ChangedState state) {
    return state.store.upsert(changedRows);
  }

  /** Baseline: the same 10,000 rows by a bare JDBC batch insert into a plain table. */
  @Benchmark
  public int featureBareJdbc() throws SQLException {
    return bareInsert("plain_features");
  }

  /**
   * Second baseline: the same bare insert into a table with the store's indexes (songId, fileHash,
   * modelVersion, updatedAt), to split the store's cost into indexes and everything else.
   */
  @Benchmark
  public int featureBareJdbcIndexed() throws SQLException {
    return bareInsert("indexed_features");
  }

  private int bareInsert(String table) throws SQLException {
    bare.setAutoCommit(false);
    try (PreparedStatement ps =
        bare.prepareStatement(
            "INSERT INTO "
                + table
                + " VALUES"
                + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      String now = Instant.now().toString();
      for (SongFeatures f : rows) {
        int i = 1;
        ps.setString(i++, f.songId());
        ps.setString(i++, f.fileHash());
        ps.setString(i++, f.modelVersion());
        ps.setBytes(i++, le(f.openl3Vector()));
        ps.setBytes(i++, le(f.timbre()));
        ps.setString(i++, f.chromaprintFingerprint());
        ps.setLong(i++, f.chromaprintSimhash());
        ps.setDouble(i++, f.rmsMean());
        ps.setDouble(i++, f.loudnessLufs());
        ps.setBytes(i++, le(f.hpcp()));
        ps.setDouble(i++, f.bpm());
        ps.setDouble(i++, f.bpmConfidence());
        ps.setString(i++, f.key());
        ps.setDouble(i++, f.keyStrength());
        ps.setDouble(i++, f.durationSec());
        ps.setDouble(i++, f.bitrateKbps());
        ps.setString(i++, f.metadata().title());
        ps.setString(i++, f.metadata().artist());
        ps.setString(i++, f.metadata().album());
        ps.setString(i++, "[\"House\"]");
        ps.setInt(i++, f.metadata().year());
        ps.setString(i++, "{\"hpcp\":\"a\",\"openl3\":\"a\"}");
        ps.setString(i, now);
        ps.addBatch();
      }
      int n = ps.executeBatch().length;
      bare.commit();
      return n;
    }
  }

  private static byte[] le(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    return b.array();
  }

  /** 10,000 neutral songs set to liked in one call. */
  @Benchmark
  public int labelSet() {
    return labels.setLabels(ids, Label.LIKED).changed();
  }

  /** Baseline: 10,000 label rows by a bare JDBC batch insert. */
  @Benchmark
  public int labelBareJdbc() throws SQLException {
    bare.setAutoCommit(false);
    try (PreparedStatement ps =
        bare.prepareStatement("INSERT INTO plain_labels VALUES (?, ?, ?)")) {
      String now = Instant.now().toString();
      for (String id : ids) {
        ps.setString(1, id);
        ps.setString(2, "liked");
        ps.setString(3, now);
        ps.addBatch();
      }
      int n = ps.executeBatch().length;
      bare.commit();
      return n;
    }
  }

  /** A feature store that already holds the 10,000 songs (written in the untimed setup). */
  @State(Scope.Thread)
  public static class ChangedState {
    SqliteFeatureStore store;
    private Path dir;

    /** Writes the original rows. */
    @Setup(Level.Invocation)
    public void fill(StoreBenchmark bench) throws IOException {
      dir = Files.createTempDirectory("store-bench-changed");
      store = SqliteFeatureStore.open(dir);
      store.upsert(bench.rows);
    }

    /** Closes and deletes. */
    @TearDown(Level.Invocation)
    public void delete() throws IOException {
      store.close();
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
