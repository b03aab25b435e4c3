package dev.selection.sqlite;

import dev.selection.api.Embedding;
import dev.selection.api.ErrorCode;
import dev.selection.api.ExtractionFailure;
import dev.selection.api.SongFeatures;
import dev.selection.api.SongMetadata;
import dev.selection.api.SongSummary;
import dev.selection.api.spi.FeatureStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * {@link FeatureStore} on {@code features.db} (tables {@code song_features}, {@code
 * song_embeddings} and {@code extraction_failures}).
 *
 * <p>The OpenL3 embedding lives in {@code song_features} ({@code modelVersion}, {@code
 * openl3_vector}, as the original layout has it); every other embedding kind is one row of {@code
 * song_embeddings} (kind, model version, windows, vector and tag probabilities). The OpenL3 entry
 * does not store its window count: it reads back as 0.
 *
 * <p>Upserts are partial: a null component never erases a stored value, extractor versions are
 * merged key by key, and a null {@link SongMetadata} leaves the stored metadata untouched (a
 * non-null one replaces all of it). The merge runs inside the write transaction, so concurrent
 * writers (threads or processes) never lose each other's components. A row whose merged value
 * equals the stored one is not rewritten and keeps its {@code updatedAt}. Vectors are stored
 * bit-exactly; scalars are SQLite REALs, so a scalar -0.0 reads back as +0.0.
 *
 * <p>Thread-safe. Use after {@link #close()} throws {@link IllegalStateException}.
 */
public final class SqliteFeatureStore implements FeatureStore {
  /** Rows per {@code IN (...)} query: well under SQLite's bound-parameter limit. */
  static final int CHUNK = 500;

  private static final int PAGE = 256;

  private static final int SUMMARY_PAGE = 4096;

  private static final String COLUMNS =
      "songId, fileHash, modelVersion, openl3_vector, timbre,"
          + " chromaprintFingerprint, chromaprintSimhash, rmsMean, loudnessLufs, hpcp, bpm, bpmConfidence,"
          + " \"key\", keyStrength, durationSec, bitrateKbps, hasMetadata, title, artist, album, genres, year,"
          + " comment, extractorVersions, updatedAt, beatGrid";

  private static final String INSERT =
      "INSERT INTO song_features ("
          + COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /**
   * Rewrites a row in place (cheaper than a replace: the row and its primary-key entry stay put).
   */
  private static final String UPDATE =
      "UPDATE song_features SET "
          + String.join(" = ?, ", COLUMNS.substring("songId, ".length()).split(", "))
          + " = ?"
          + " WHERE songId = ?";

  private final SqliteDatabase db;
  private final Clock clock;

  private SqliteFeatureStore(SqliteDatabase db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * Opens (creating if needed) {@code features.db} under {@code libraryRoot}.
   *
   * @throws dev.selection.api.SelectionException {@code DB_ERROR} naming the file
   */
  public static SqliteFeatureStore open(Path libraryRoot) {
    return open(libraryRoot, Clock.systemUTC());
  }

  /**
   * Opens (creating if needed) {@code features.db} under {@code libraryRoot}, stamping rows with
   * {@code clock}.
   *
   * @throws dev.selection.api.SelectionException {@code DB_ERROR} naming the file
   */
  public static SqliteFeatureStore open(Path libraryRoot, Clock clock) {
    Objects.requireNonNull(libraryRoot, "libraryRoot");
    Objects.requireNonNull(clock, "clock");
    return new SqliteFeatureStore(SqliteDatabase.open(libraryRoot, Schemas.FEATURES), clock);
  }

  /** Returns the database file. */
  public Path file() {
    return db.file();
  }

  /**
   * {@inheritDoc}
   *
   * @throws NullPointerException if {@code items} or one of them is null (nothing is written)
   * @throws IllegalArgumentException if a scalar component is NaN (nothing is written)
   */
  @Override
  public int upsert(List<SongFeatures> items) {
    Objects.requireNonNull(items, "items");
    // Fold duplicates first, in order, so that the transaction sees one merged item per song.
    Map<String, SongFeatures> bySong = new LinkedHashMap<>();
    for (SongFeatures item : items) {
      Objects.requireNonNull(item, "items contains null");
      checkNotNaN(item);
      bySong.merge(item.songId(), canonical(item), SqliteFeatureStore::merge);
    }
    if (bySong.isEmpty()) {
      db.ensureOpen();
      return 0;
    }
    List<SongFeatures> merged = new ArrayList<>(bySong.values());
    return db.write(
        c -> {
          Instant now = clock.instant();
          int changed = 0;
          try (PreparedStatement insert = c.prepareStatement(INSERT);
              PreparedStatement update = c.prepareStatement(UPDATE)) {
            // Chunk by chunk, so that memory stays bounded (stored rows and batched parameters of
            // one
            // chunk) however long the list is; the whole list is still one transaction.
            for (int from = 0; from < merged.size(); from += CHUNK) {
              changed +=
                  writeChunk(
                      c,
                      insert,
                      update,
                      merged.subList(from, Math.min(merged.size(), from + CHUNK)),
                      now);
            }
          }
          return changed;
        });
  }

  private static final String UPSERT_EMBEDDING =
      "INSERT OR REPLACE INTO song_embeddings"
          + " (songId, kind, modelVersion, windows, vector, tags) VALUES (?, ?, ?, ?, ?, ?)";

  private static int writeChunk(
      Connection c,
      PreparedStatement insert,
      PreparedStatement update,
      List<SongFeatures> items,
      Instant now)
      throws SQLException {
    List<String> ids = new ArrayList<>(items.size());
    for (SongFeatures item : items) {
      ids.add(item.songId());
    }
    Map<String, SongFeatures> stored = load(c, ids);
    int inserted = 0;
    int updated = 0;
    for (SongFeatures item : items) {
      SongFeatures old = stored.get(item.songId());
      SongFeatures merged = old == null ? item : merge(old, item);
      if (old != null && withoutTime(merged).equals(withoutTime(old))) {
        continue;
      }
      Instant at = item.updatedAt() != null ? item.updatedAt() : now;
      if (old == null) {
        insert.setString(1, merged.songId());
        bind(insert, 2, merged, at);
        insert.addBatch();
        inserted++;
      } else {
        int next = bind(update, 1, merged, at);
        update.setString(next, merged.songId());
        update.addBatch();
        updated++;
      }
    }
    if (inserted > 0) {
      insert.executeBatch();
    }
    if (updated > 0) {
      update.executeBatch();
    }
    writeEmbeddings(c, items, stored);
    return inserted + updated;
  }

  /**
   * Writes the embeddings (but OpenL3's) that {@code items} name and that differ from the stored.
   */
  private static void writeEmbeddings(
      Connection c, List<SongFeatures> items, Map<String, SongFeatures> stored)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(UPSERT_EMBEDDING)) {
      int batched = 0;
      for (SongFeatures item : items) {
        SongFeatures old = stored.get(item.songId());
        for (Map.Entry<String, Embedding> e : item.embeddings().entrySet()) {
          if (e.getKey().equals(SongFeatures.OPENL3)
              || (old != null && e.getValue().equals(old.embeddings().get(e.getKey())))) {
            continue;
          }
          Embedding emb = e.getValue();
          ps.setString(1, item.songId());
          ps.setString(2, e.getKey());
          ps.setString(3, emb.modelVersion());
          ps.setInt(4, emb.windows());
          ps.setBytes(5, Float32Blob.encode(emb.vector()));
          ps.setBytes(6, Float32Blob.encode(emb.tags()));
          ps.addBatch();
          batched++;
        }
      }
      if (batched > 0) {
        ps.executeBatch();
      }
    }
  }

  private static void checkNotNaN(SongFeatures f) {
    Double[] scalars = {
      f.rmsMean(),
      f.loudnessLufs(),
      f.bpm(),
      f.bpmConfidence(),
      f.keyStrength(),
      f.durationSec(),
      f.bitrateKbps()
    };
    for (Double d : scalars) {
      if (d != null && d.isNaN()) {
        throw new IllegalArgumentException("NaN component in features of " + f.songId() + ": " + f);
      }
    }
  }

  /**
   * Turns scalar -0.0 into +0.0, as SQLite's REAL would on storage, so that re-writing a value
   * never counts as a change.
   */
  private static SongFeatures canonical(SongFeatures f) {
    return f.toBuilder()
        .rmsMean(zero(f.rmsMean()))
        .loudnessLufs(zero(f.loudnessLufs()))
        .bpm(zero(f.bpm()))
        .bpmConfidence(zero(f.bpmConfidence()))
        .keyStrength(zero(f.keyStrength()))
        .durationSec(zero(f.durationSec()))
        .bitrateKbps(zero(f.bitrateKbps()))
        .build();
  }

  private static Double zero(Double d) {
    return d != null && d == 0.0 ? Double.valueOf(0.0) : d;
  }

  private static SongFeatures withoutTime(SongFeatures f) {
    return f.toBuilder().updatedAt(null).build();
  }

  /**
   * Component-wise merge: {@code update}'s non-null components win; versions and embeddings merge
   * key by key.
   */
  static SongFeatures merge(SongFeatures old, SongFeatures update) {
    Map<String, String> versions = new TreeMap<>(old.extractorVersions());
    versions.putAll(update.extractorVersions());
    Map<String, Embedding> embeddings = new TreeMap<>(old.embeddings());
    embeddings.putAll(update.embeddings());
    return new SongFeatures(
        old.songId(),
        pick(update.fileHash(), old.fileHash()),
        embeddings,
        pick(update.timbre(), old.timbre()),
        pick(update.chromaprintFingerprint(), old.chromaprintFingerprint()),
        pick(update.chromaprintSimhash(), old.chromaprintSimhash()),
        pick(update.rmsMean(), old.rmsMean()),
        pick(update.loudnessLufs(), old.loudnessLufs()),
        pick(update.hpcp(), old.hpcp()),
        pick(update.bpm(), old.bpm()),
        pick(update.bpmConfidence(), old.bpmConfidence()),
        pick(update.key(), old.key()),
        pick(update.keyStrength(), old.keyStrength()),
        pick(update.durationSec(), old.durationSec()),
        pick(update.bitrateKbps(), old.bitrateKbps()),
        pick(update.metadata(), old.metadata()),
        versions,
        pick(update.updatedAt(), old.updatedAt()),
        pick(update.beatGrid(), old.beatGrid()));
  }

  private static <T> T pick(T preferred, T fallback) {
    return preferred != null ? preferred : fallback;
  }

  /**
   * Binds every column but {@code songId}, in {@link #COLUMNS} order, from parameter {@code first}.
   *
   * @return the next parameter index
   */
  private static int bind(PreparedStatement ps, int first, SongFeatures f, Instant at)
      throws SQLException {
    int i = first;
    ps.setString(i++, f.fileHash());
    Embedding openl3 = f.embeddings().get(SongFeatures.OPENL3);
    ps.setString(i++, openl3 == null ? null : openl3.modelVersion());
    ps.setBytes(i++, Float32Blob.encode(openl3 == null ? null : openl3.vector()));
    ps.setBytes(i++, Float32Blob.encode(f.timbre()));
    ps.setString(i++, f.chromaprintFingerprint());
    setLong(ps, i++, f.chromaprintSimhash());
    setDouble(ps, i++, f.rmsMean());
    setDouble(ps, i++, f.loudnessLufs());
    ps.setBytes(i++, Float32Blob.encode(f.hpcp()));
    setDouble(ps, i++, f.bpm());
    setDouble(ps, i++, f.bpmConfidence());
    ps.setString(i++, f.key());
    setDouble(ps, i++, f.keyStrength());
    setDouble(ps, i++, f.durationSec());
    setDouble(ps, i++, f.bitrateKbps());
    SongMetadata m = f.metadata();
    ps.setInt(i++, m == null ? 0 : 1);
    ps.setString(i++, m == null ? null : m.title());
    ps.setString(i++, m == null ? null : m.artist());
    ps.setString(i++, m == null ? null : m.album());
    ps.setString(i++, m == null || m.genres().isEmpty() ? null : Json.writeArray(m.genres()));
    if (m == null || m.year() == null) {
      ps.setNull(i++, Types.INTEGER);
    } else {
      ps.setInt(i++, m.year());
    }
    ps.setString(i++, m == null ? null : m.comment());
    ps.setString(i++, Json.writeObject(f.extractorVersions()));
    ps.setString(i++, at.toString());
    ps.setBytes(i++, BeatGridBlob.encode(f.beatGrid()));
    return i;
  }

  private static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.REAL);
    } else {
      ps.setDouble(i, v);
    }
  }

  private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.INTEGER);
    } else {
      ps.setLong(i, v);
    }
  }

  /** The metadata columns of a row, or null when the row has none. */
  private static SongMetadata metadata(ResultSet rs) throws SQLException {
    String title = rs.getString("title");
    String artist = rs.getString("artist");
    String album = rs.getString("album");
    String genres = rs.getString("genres");
    Integer year = getInt(rs, "year");
    String comment = rs.getString("comment");
    if (rs.getInt("hasMetadata") != 0
        || title != null
        || artist != null
        || album != null
        || genres != null
        || year != null
        || comment != null) {
      return new SongMetadata(title, artist, album, Json.readArray(genres), year, comment);
    }
    return null;
  }

  private static SongFeatures read(ResultSet rs, Map<String, Embedding> others)
      throws SQLException {
    String songId = rs.getString("songId");
    SongMetadata metadata = metadata(rs);
    Instant updatedAt;
    try {
      updatedAt = Instant.parse(rs.getString("updatedAt"));
    } catch (DateTimeParseException | NullPointerException e) {
      throw new SQLException("song " + songId + " has an unreadable updatedAt", e);
    }
    try {
      Map<String, Embedding> embeddings = new TreeMap<>(others);
      float[] openl3 = Float32Blob.decode(rs.getBytes("openl3_vector"), "openl3_vector");
      String openl3Version = rs.getString("modelVersion");
      if (openl3 != null) {
        embeddings.put(
            SongFeatures.OPENL3,
            new Embedding(openl3, 0, openl3Version == null ? "" : openl3Version));
      }
      return new SongFeatures(
          songId,
          rs.getString("fileHash"),
          embeddings,
          Float32Blob.decode(rs.getBytes("timbre"), "timbre"),
          rs.getString("chromaprintFingerprint"),
          getLong(rs, "chromaprintSimhash"),
          getDouble(rs, "rmsMean"),
          getDouble(rs, "loudnessLufs"),
          Float32Blob.decode(rs.getBytes("hpcp"), "hpcp"),
          getDouble(rs, "bpm"),
          getDouble(rs, "bpmConfidence"),
          rs.getString("key"),
          getDouble(rs, "keyStrength"),
          getDouble(rs, "durationSec"),
          getDouble(rs, "bitrateKbps"),
          metadata,
          Json.readObject(rs.getString("extractorVersions")),
          updatedAt,
          BeatGridBlob.decode(rs.getBytes("beatGrid")));
    } catch (IllegalArgumentException e) {
      throw new SQLException("song_features holds a malformed row (" + songId + ")", e);
    }
  }

  private static Double getDouble(ResultSet rs, String col) throws SQLException {
    double v = rs.getDouble(col);
    return rs.wasNull() ? null : v;
  }

  private static Long getLong(ResultSet rs, String col) throws SQLException {
    long v = rs.getLong(col);
    return rs.wasNull() ? null : v;
  }

  private static Integer getInt(ResultSet rs, String col) throws SQLException {
    int v = rs.getInt(col);
    return rs.wasNull() ? null : v;
  }

  /** Loads the stored rows of {@code ids} in chunks. */
  private static Map<String, SongFeatures> load(Connection c, Collection<String> ids)
      throws SQLException {
    Map<String, SongFeatures> out = new LinkedHashMap<>();
    List<String> all = new ArrayList<>(ids);
    for (int from = 0; from < all.size(); from += CHUNK) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
      String sql =
          "SELECT "
              + COLUMNS
              + " FROM song_features WHERE songId IN ("
              + placeholders(chunk.size())
              + ")";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < chunk.size(); i++) {
          ps.setString(i + 1, chunk.get(i));
        }
        Map<String, Map<String, Embedding>> embeddings = loadEmbeddings(c, chunk);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            SongFeatures f = read(rs, embeddings.getOrDefault(rs.getString("songId"), Map.of()));
            out.put(f.songId(), f);
          }
        }
      }
    }
    return out;
  }

  /** Loads the {@code song_embeddings} rows of at most {@link #CHUNK} songs. */
  private static Map<String, Map<String, Embedding>> loadEmbeddings(Connection c, List<String> ids)
      throws SQLException {
    Map<String, Map<String, Embedding>> out = new java.util.HashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT songId, kind, modelVersion, windows,"
                + " vector, tags FROM song_embeddings WHERE songId IN ("
                + placeholders(ids.size())
                + ")")) {
      for (int i = 0; i < ids.size(); i++) {
        ps.setString(i + 1, ids.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String songId = rs.getString(1);
          String kind = rs.getString(2);
          try {
            float[] vector = Float32Blob.decode(rs.getBytes(5), "song_embeddings.vector");
            Embedding e =
                new Embedding(
                    vector,
                    rs.getInt(4),
                    rs.getString(3),
                    Float32Blob.decode(rs.getBytes(6), "song_embeddings.tags"));
            out.computeIfAbsent(songId, k -> new TreeMap<>()).put(kind, e);
          } catch (IllegalArgumentException | NullPointerException e) {
            throw new SQLException(
                "song_embeddings holds a malformed row (" + songId + ", " + kind + ")", e);
          }
        }
      }
    }
    return out;
  }

  static String placeholders(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "?"));
  }

  @Override
  public Optional<SongFeatures> get(String songId) {
    Objects.requireNonNull(songId, "songId");
    return Optional.ofNullable(db.read(c -> load(c, List.of(songId)).get(songId)));
  }

  @Override
  public Map<String, SongFeatures> getAll(Collection<String> songIds) {
    Objects.requireNonNull(songIds, "songIds");
    LinkedHashSet<String> ids = new LinkedHashSet<>();
    for (String id : songIds) {
      ids.add(Objects.requireNonNull(id, "songIds contains null"));
    }
    return db.read(c -> load(c, ids));
  }

  /** {@inheritDoc} Reads only the two columns. */
  @Override
  public Map<String, String> fileHashes(Collection<String> songIds) {
    Objects.requireNonNull(songIds, "songIds");
    List<String> all = new ArrayList<>(new LinkedHashSet<>(songIds));
    return db.read(
        c -> {
          Map<String, String> out = new LinkedHashMap<>();
          for (int from = 0; from < all.size(); from += CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            try (PreparedStatement ps =
                c.prepareStatement(
                    "SELECT songId, fileHash FROM song_features"
                        + " WHERE songId IN ("
                        + placeholders(chunk.size())
                        + ")")) {
              for (int i = 0; i < chunk.size(); i++) {
                ps.setString(i + 1, Objects.requireNonNull(chunk.get(i), "songIds contains null"));
              }
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  String hash = rs.getString(2);
                  out.put(rs.getString(1), hash == null ? "" : hash);
                }
              }
            }
          }
          return out;
        });
  }

  /** {@inheritDoc} Reads only the key column. */
  @Override
  public List<String> songIds() {
    return db.read(
        c -> {
          List<String> ids = new ArrayList<>();
          try (PreparedStatement ps =
                  c.prepareStatement("SELECT songId FROM song_features ORDER BY songId");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              ids.add(rs.getString(1));
            }
          }
          return ids;
        });
  }

  /**
   * {@inheritDoc}
   *
   * <p>Reads pages of {@value #PAGE} rows by key, so {@code action} runs without holding the
   * database and may itself use the store; rows written during the walk may or may not be seen.
   */
  @Override
  public void forEach(Consumer<SongFeatures> action) {
    Objects.requireNonNull(action, "action");
    String after = "";
    while (true) {
      String from = after;
      List<SongFeatures> page =
          db.read(
              c -> {
                List<SongFeatures> rows = new ArrayList<>(PAGE);
                try (PreparedStatement ps =
                    c.prepareStatement(
                        "SELECT "
                            + COLUMNS
                            + " FROM song_features WHERE songId > ? ORDER BY songId LIMIT "
                            + PAGE)) {
                  ps.setString(1, from);
                  List<SongFeatures> plain = new ArrayList<>(PAGE);
                  try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                      plain.add(read(rs, Map.of()));
                    }
                  }
                  List<String> ids = new ArrayList<>(plain.size());
                  for (SongFeatures f : plain) {
                    ids.add(f.songId());
                  }
                  Map<String, Map<String, Embedding>> embeddings =
                      ids.isEmpty() ? Map.of() : loadEmbeddings(c, ids);
                  for (SongFeatures f : plain) {
                    Map<String, Embedding> more = embeddings.get(f.songId());
                    if (more == null) {
                      rows.add(f);
                    } else {
                      Map<String, Embedding> all = new TreeMap<>(f.embeddings());
                      all.putAll(more);
                      SongFeatures.Builder b = f.toBuilder();
                      all.forEach(b::embedding);
                      rows.add(b.build());
                    }
                  }
                }
                return rows;
              });
      for (SongFeatures f : page) {
        action.accept(f);
      }
      if (page.size() < PAGE) {
        return;
      }
      after = page.get(page.size() - 1).songId();
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Reads the light columns only, in pages of {@value #SUMMARY_PAGE} rows by key, so {@code
   * action} runs without holding the database.
   */
  @Override
  public void forEachSummary(Consumer<SongSummary> action) {
    Objects.requireNonNull(action, "action");
    String after = "";
    while (true) {
      String from = after;
      List<SongSummary> page =
          db.read(
              c -> {
                List<SongSummary> rows = new ArrayList<>(SUMMARY_PAGE);
                try (PreparedStatement ps =
                    c.prepareStatement(
                        "SELECT songId, hasMetadata, title, artist, album, genres, year, comment,"
                            + " bpm, \"key\", durationSec FROM song_features WHERE songId > ?"
                            + " ORDER BY songId LIMIT "
                            + SUMMARY_PAGE)) {
                  ps.setString(1, from);
                  try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                      rows.add(
                          new SongSummary(
                              rs.getString("songId"),
                              metadata(rs),
                              getDouble(rs, "bpm"),
                              rs.getString("key"),
                              getDouble(rs, "durationSec")));
                    }
                  }
                }
                return rows;
              });
      for (SongSummary f : page) {
        action.accept(f);
      }
      if (page.size() < SUMMARY_PAGE) {
        return;
      }
      after = page.get(page.size() - 1).songId();
    }
  }

  @Override
  public long count() {
    return db.read(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM song_features");
              ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0L;
          }
        });
  }

  @Override
  public int delete(Collection<String> songIds) {
    Objects.requireNonNull(songIds, "songIds");
    List<String> ids = new ArrayList<>(new LinkedHashSet<>(songIds));
    if (ids.contains(null)) {
      throw new NullPointerException("songIds contains null");
    }
    return db.write(
        c -> {
          int n = 0;
          try (PreparedStatement ps =
                  c.prepareStatement("DELETE FROM song_features WHERE songId = ?");
              PreparedStatement emb =
                  c.prepareStatement("DELETE FROM song_embeddings WHERE songId = ?")) {
            for (String id : ids) {
              ps.setString(1, id);
              n += ps.executeUpdate();
              emb.setString(1, id);
              emb.executeUpdate();
            }
          }
          return n;
        });
  }

  @Override
  public void recordFailure(ExtractionFailure failure) {
    Objects.requireNonNull(failure, "failure");
    db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT OR REPLACE INTO extraction_failures"
                      + " (path, sizeBytes, mtimeMs, code, message, at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, failure.path());
            ps.setLong(2, failure.sizeBytes());
            ps.setLong(3, failure.mtimeMs());
            ps.setString(4, failure.code().wireName());
            ps.setString(5, failure.message());
            ps.setString(6, failure.at().toString());
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Optional<ExtractionFailure> failure(String path) {
    Objects.requireNonNull(path, "path");
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT path, sizeBytes, mtimeMs, code, message, at FROM extraction_failures WHERE path = ?")) {
            ps.setString(1, path);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(readFailure(rs)) : Optional.<ExtractionFailure>empty();
            }
          }
        });
  }

  @Override
  public boolean clearFailure(String path) {
    Objects.requireNonNull(path, "path");
    return db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM extraction_failures WHERE path = ?")) {
            ps.setString(1, path);
            return ps.executeUpdate() > 0;
          }
        });
  }

  @Override
  public List<ExtractionFailure> failures() {
    return db.read(
        c -> {
          List<ExtractionFailure> out = new ArrayList<>();
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT path, sizeBytes, mtimeMs, code, message, at FROM extraction_failures ORDER BY path");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(readFailure(rs));
            }
          }
          return out;
        });
  }

  private static ExtractionFailure readFailure(ResultSet rs) throws SQLException {
    String path = rs.getString("path");
    try {
      return new ExtractionFailure(
          path,
          rs.getLong("sizeBytes"),
          rs.getLong("mtimeMs"),
          ErrorCode.fromWireName(rs.getString("code")),
          rs.getString("message"),
          Instant.parse(rs.getString("at")));
    } catch (IllegalArgumentException | DateTimeParseException | NullPointerException e) {
      throw new SQLException("extraction_failures holds a malformed row (" + path + ")", e);
    }
  }

  /** Closes the store. Idempotent. */
  @Override
  public void close() {
    db.close();
  }
}
