package dev.selection.sqlite;

import dev.selection.api.SongFeatures;
import dev.selection.api.spi.PathIndex;
import dev.selection.api.spi.PathIndexEntry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link PathIndex} on {@code selection_path_index.db}: table {@code path_index(path, sizeBytes,
 * mtimeMs, songId, fileHash, decoder, lastSeenMs)}, indexed by songId, last-seen time and (schema
 * 2) content {@code (fileHash, sizeBytes)}. Times are kept to the millisecond. The time of the last
 * GC is kept in {@code schema_meta.lastGcAtMs}, so the once-per-24-h rule holds across restarts and
 * engines.
 *
 * <p>Thread-safe. Use after {@link #close()} throws {@link IllegalStateException}.
 */
public final class SqlitePathIndex implements PathIndex {
  /** Minimum time between two GC runs that are not forced. */
  public static final Duration GC_INTERVAL = Duration.ofHours(24);

  static final String LAST_GC_KEY = "lastGcAtMs";

  private static final String COLUMNS =
      "path, sizeBytes, mtimeMs, songId, fileHash, decoder, lastSeenMs";

  private final SqliteDatabase db;
  private final Clock clock;

  private SqlitePathIndex(SqliteDatabase db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * Opens (creating if needed) {@code selection_path_index.db} under {@code libraryRoot}.
   *
   * @throws dev.selection.api.SelectionException {@code DB_ERROR} naming the file
   */
  public static SqlitePathIndex open(Path libraryRoot) {
    return open(libraryRoot, Clock.systemUTC());
  }

  /**
   * Opens (creating if needed) {@code selection_path_index.db} under {@code libraryRoot}; hits and
   * moves are stamped with {@code clock}.
   *
   * @throws dev.selection.api.SelectionException {@code DB_ERROR} naming the file
   */
  public static SqlitePathIndex open(Path libraryRoot, Clock clock) {
    Objects.requireNonNull(libraryRoot, "libraryRoot");
    Objects.requireNonNull(clock, "clock");
    return new SqlitePathIndex(SqliteDatabase.open(libraryRoot, Schemas.PATH_INDEX), clock);
  }

  /** Returns the database file. */
  public Path file() {
    return db.file();
  }

  @Override
  public Optional<PathIndexEntry> lookup(String path, long sizeBytes, long mtimeMs) {
    Objects.requireNonNull(path, "path");
    // Misses are common (a first scan) and take no write lock; a hit refreshes lastSeenMs of the
    // row
    // only if it still matches.
    PathIndexEntry e = db.read(c -> find(c, path));
    if (e == null || e.sizeBytes() != sizeBytes || e.mtimeMs() != mtimeMs) {
      return Optional.empty();
    }
    if (db.readOnly()) {
      return Optional.of(e); // a read-only library: found, but lastSeenMs cannot be refreshed
    }
    long nowMs = clock.millis();
    int refreshed =
        db.write(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "UPDATE path_index SET lastSeenMs = ?"
                          + " WHERE path = ? AND sizeBytes = ? AND mtimeMs = ? AND songId = ?")) {
                ps.setLong(1, nowMs);
                ps.setString(2, path);
                ps.setLong(3, sizeBytes);
                ps.setLong(4, mtimeMs);
                ps.setString(5, e.songId());
                return ps.executeUpdate();
              }
            });
    if (refreshed == 0) {
      return lookupAgain(path, sizeBytes, mtimeMs); // replaced or removed in between
    }
    return Optional.of(
        new PathIndexEntry(
            e.path(),
            e.sizeBytes(),
            e.mtimeMs(),
            e.songId(),
            e.fileHash(),
            e.decoder(),
            Instant.ofEpochMilli(nowMs)));
  }

  private Optional<PathIndexEntry> lookupAgain(String path, long sizeBytes, long mtimeMs) {
    PathIndexEntry e = db.read(c -> find(c, path));
    return e != null && e.sizeBytes() == sizeBytes && e.mtimeMs() == mtimeMs
        ? Optional.of(e)
        : Optional.empty();
  }

  private static PathIndexEntry find(Connection c, String path) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + COLUMNS + " FROM path_index WHERE path = ?")) {
      ps.setString(1, path);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? read(rs) : null;
      }
    }
  }

  private static PathIndexEntry read(ResultSet rs) throws SQLException {
    String path = rs.getString("path");
    try {
      return new PathIndexEntry(
          path,
          rs.getLong("sizeBytes"),
          rs.getLong("mtimeMs"),
          rs.getString("songId"),
          rs.getString("fileHash"),
          rs.getString("decoder"),
          Instant.ofEpochMilli(rs.getLong("lastSeenMs")));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new SQLException("path_index holds a malformed row (" + path + ")", e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the song id is not 64 lowercase hex characters
   */
  @Override
  public void put(PathIndexEntry entry) {
    Objects.requireNonNull(entry, "entry");
    SongFeatures.requireSongId(entry.songId());
    db.write(
        c -> {
          insert(
              c,
              entry.path(),
              entry.sizeBytes(),
              entry.mtimeMs(),
              entry.songId(),
              entry.fileHash(),
              entry.decoder(),
              entry.lastSeen().toEpochMilli());
          return null;
        });
  }

  private static void insert(
      Connection c,
      String path,
      long sizeBytes,
      long mtimeMs,
      String songId,
      String fileHash,
      String decoder,
      long lastSeenMs)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT OR REPLACE INTO path_index (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, path);
      ps.setLong(2, sizeBytes);
      ps.setLong(3, mtimeMs);
      ps.setString(4, songId);
      ps.setString(5, fileHash);
      ps.setString(6, decoder);
      ps.setLong(7, lastSeenMs);
      ps.executeUpdate();
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>The entry at {@code toPath}, if any, is replaced; {@code sizeBytes} and {@code mtimeMs} are
   * those of the file at its new place, and its last-seen time becomes now.
   */
  @Override
  public boolean move(String fromPath, String toPath, long sizeBytes, long mtimeMs) {
    Objects.requireNonNull(fromPath, "fromPath");
    Objects.requireNonNull(toPath, "toPath");
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("sizeBytes < 0");
    }
    return db.write(
        c -> {
          PathIndexEntry e = find(c, fromPath);
          if (e == null) {
            return false;
          }
          deletePath(c, fromPath);
          insert(
              c, toPath, sizeBytes, mtimeMs, e.songId(), e.fileHash(), e.decoder(), clock.millis());
          return true;
        });
  }

  private static int deletePath(Connection c, String path) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM path_index WHERE path = ?")) {
      ps.setString(1, path);
      return ps.executeUpdate();
    }
  }

  @Override
  public Optional<PathIndexEntry> findByContent(long sizeBytes, String fileHash) {
    Objects.requireNonNull(fileHash, "fileHash");
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM path_index WHERE fileHash = ? AND sizeBytes = ?"
                      + " ORDER BY lastSeenMs DESC, path LIMIT 1")) {
            ps.setString(1, fileHash);
            ps.setLong(2, sizeBytes);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(read(rs)) : Optional.<PathIndexEntry>empty();
            }
          }
        });
  }

  @Override
  public boolean containsSize(long sizeBytes) {
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT 1 FROM path_index WHERE sizeBytes = ? LIMIT 1")) {
            ps.setLong(1, sizeBytes);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next();
            }
          }
        });
  }

  /** {@inheritDoc} In one transaction. */
  @Override
  public int removeSongs(Collection<String> songIds) {
    Objects.requireNonNull(songIds, "songIds");
    if (songIds.isEmpty()) {
      return 0;
    }
    return db.write(
        c -> {
          int removed = 0;
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM path_index WHERE songId = ?")) {
            for (String id : new java.util.LinkedHashSet<>(songIds)) {
              ps.setString(1, Objects.requireNonNull(id, "songId"));
              removed += ps.executeUpdate();
            }
          }
          return removed;
        });
  }

  @Override
  public Optional<String> pathOf(String songId) {
    Objects.requireNonNull(songId, "songId");
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT path FROM path_index WHERE songId = ?"
                      + " ORDER BY lastSeenMs DESC, path LIMIT 1")) {
            ps.setString(1, songId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
            }
          }
        });
  }

  @Override
  public boolean remove(String path) {
    Objects.requireNonNull(path, "path");
    return db.write(c -> deletePath(c, path) > 0);
  }

  @Override
  public long count() {
    return db.read(SqlitePathIndex::countRows);
  }

  private static long countRows(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM path_index");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0L;
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>The skip rule compares {@code now} with the last run recorded in the database; a last run in
   * the future of {@code now} (a clock set back) does not block a run.
   *
   * @throws IllegalArgumentException if {@code ttl} is negative or {@code maxEntries < 0}
   */
  @Override
  public int gc(Duration ttl, long maxEntries, Instant now, boolean force) {
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(now, "now");
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("ttl < 0: " + ttl);
    }
    if (maxEntries < 0) {
      throw new IllegalArgumentException("maxEntries < 0: " + maxEntries);
    }
    long nowMs = now.toEpochMilli();
    return db.write(
        c -> {
          String last = SqliteDatabase.meta(c, LAST_GC_KEY);
          if (!force && last != null) {
            long elapsedMs = nowMs - parseLong(last);
            if (elapsedMs >= 0 && elapsedMs < GC_INTERVAL.toMillis()) {
              return -1;
            }
          }
          int removed;
          long cutoffMs = saturatedSubtract(nowMs, ttl);
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM path_index WHERE lastSeenMs < ?")) {
            ps.setLong(1, cutoffMs);
            removed = ps.executeUpdate();
          }
          long excess = countRows(c) - maxEntries;
          if (excess > 0) {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "DELETE FROM path_index WHERE path IN (SELECT"
                        + " path FROM path_index ORDER BY lastSeenMs ASC, path ASC LIMIT ?)")) {
              ps.setLong(1, excess);
              removed += ps.executeUpdate();
            }
          }
          SqliteDatabase.setMeta(c, LAST_GC_KEY, Long.toString(nowMs));
          return removed;
        });
  }

  private static long saturatedSubtract(long nowMs, Duration ttl) {
    long ttlMs;
    try {
      ttlMs = ttl.toMillis();
    } catch (ArithmeticException e) {
      return Long.MIN_VALUE;
    }
    long r = nowMs - ttlMs;
    return ((nowMs ^ ttlMs) & (nowMs ^ r)) < 0 ? Long.MIN_VALUE : r;
  }

  private static long parseLong(String v) throws SQLException {
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new SQLException("unreadable " + LAST_GC_KEY + " '" + v + "'", e);
    }
  }

  /** Closes the index. Idempotent. */
  @Override
  public void close() {
    db.close();
  }
}
