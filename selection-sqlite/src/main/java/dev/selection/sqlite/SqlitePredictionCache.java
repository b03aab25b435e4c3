package dev.selection.sqlite;

import dev.selection.api.SongFeatures;
import dev.selection.api.spi.CachedScore;
import dev.selection.api.spi.PredictionCache;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link PredictionCache} on table {@code song_prediction_cache(songId, modelRevision, fileHash,
 * score, updatedAt)} of {@code features.db}, keyed by {@code (songId, modelRevision, fileHash)}.
 * Rows go only through the event methods (new training, songs gone, hash changed, clear), never by
 * sweeps.
 *
 * <p>Thread-safe. Use after {@link #close()} throws {@link IllegalStateException}.
 */
public final class SqlitePredictionCache implements PredictionCache {
  private final SqliteDatabase db;
  private final Clock clock;

  private SqlitePredictionCache(SqliteDatabase db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * Opens (creating if needed) the cache in {@code features.db} under {@code libraryRoot}.
   *
   * @throws dev.selection.api.SelectionException {@code DB_ERROR} naming the file
   */
  public static SqlitePredictionCache open(Path libraryRoot) {
    return open(libraryRoot, Clock.systemUTC());
  }

  /**
   * Opens (creating if needed) the cache in {@code features.db} under {@code libraryRoot}, stamping
   * rows with {@code clock}.
   *
   * @throws dev.selection.api.SelectionException {@code DB_ERROR} naming the file
   */
  public static SqlitePredictionCache open(Path libraryRoot, Clock clock) {
    Objects.requireNonNull(libraryRoot, "libraryRoot");
    Objects.requireNonNull(clock, "clock");
    return new SqlitePredictionCache(SqliteDatabase.open(libraryRoot, Schemas.FEATURES), clock);
  }

  /** Returns the database file. */
  public Path file() {
    return db.file();
  }

  /**
   * {@inheritDoc}
   *
   * <p>A null file hash stands for the empty hash, as in {@link CachedScore}.
   */
  @Override
  public Map<String, Double> get(Map<String, String> fileHashBySongId, long modelRevision) {
    Objects.requireNonNull(fileHashBySongId, "fileHashBySongId");
    List<String> ids = new ArrayList<>(fileHashBySongId.keySet());
    if (ids.contains(null)) {
      throw new NullPointerException("fileHashBySongId has a null key");
    }
    return db.read(
        c -> {
          Map<String, Double> out = new HashMap<>();
          for (int from = 0; from < ids.size(); from += SqliteFeatureStore.CHUNK) {
            List<String> chunk =
                ids.subList(from, Math.min(ids.size(), from + SqliteFeatureStore.CHUNK));
            try (PreparedStatement ps =
                c.prepareStatement(
                    "SELECT songId, fileHash, score FROM"
                        + " song_prediction_cache WHERE modelRevision = ? AND songId IN ("
                        + SqliteFeatureStore.placeholders(chunk.size())
                        + ")")) {
              ps.setLong(1, modelRevision);
              for (int i = 0; i < chunk.size(); i++) {
                ps.setString(i + 2, chunk.get(i));
              }
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  String id = rs.getString(1);
                  String wanted = fileHashBySongId.get(id);
                  if ((wanted == null ? "" : wanted).equals(rs.getString(2))) {
                    out.put(id, rs.getDouble(3));
                  }
                }
              }
            }
          }
          return out;
        });
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if a song id is not 64 lowercase hex characters (nothing is
   *     written)
   */
  @Override
  public void put(long modelRevision, List<CachedScore> scores) {
    Objects.requireNonNull(scores, "scores");
    List<CachedScore> copy = List.copyOf(scores); // refuses null elements before writing
    for (CachedScore s : copy) {
      SongFeatures.requireSongId(s.songId());
    }
    db.write(
        c -> {
          String now = clock.instant().toString();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT OR REPLACE INTO song_prediction_cache"
                      + " (songId, modelRevision, fileHash, score, updatedAt) VALUES (?, ?, ?, ?, ?)")) {
            for (CachedScore s : copy) {
              ps.setString(1, s.songId());
              ps.setLong(2, modelRevision);
              ps.setString(3, s.fileHash());
              ps.setDouble(4, s.score());
              ps.setString(5, now);
              ps.addBatch();
            }
            if (!copy.isEmpty()) {
              ps.executeBatch();
            }
          }
          return null;
        });
  }

  @Override
  public int deleteOtherRevisions(long keepRevision) {
    return db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM song_prediction_cache WHERE modelRevision <> ?")) {
            ps.setLong(1, keepRevision);
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public int deleteSongs(Collection<String> songIds) {
    Objects.requireNonNull(songIds, "songIds");
    List<String> ids = new ArrayList<>(new LinkedHashSet<>(songIds));
    if (ids.contains(null)) {
      throw new NullPointerException("songIds contains null");
    }
    return db.write(
        c -> {
          int n = 0;
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM song_prediction_cache WHERE songId = ?")) {
            for (String id : ids) {
              ps.setString(1, id);
              n += ps.executeUpdate();
            }
          }
          return n;
        });
  }

  @Override
  public int deleteStaleFileHashes(String songId, String currentFileHash) {
    Objects.requireNonNull(songId, "songId");
    String hash = currentFileHash == null ? "" : currentFileHash;
    return db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM song_prediction_cache WHERE songId = ? AND fileHash <> ?")) {
            ps.setString(1, songId);
            ps.setString(2, hash);
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public int clear() {
    return db.write(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM song_prediction_cache")) {
            return ps.executeUpdate();
          }
        });
  }

  /** Closes the cache. Idempotent. */
  @Override
  public void close() {
    db.close();
  }
}
