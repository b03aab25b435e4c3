package dev.selection.sqlite;

import dev.selection.api.Label;
import dev.selection.api.LabelSnapshot;
import dev.selection.api.LabelUpdate;
import dev.selection.api.SongFeatures;
import dev.selection.api.spi.LabelEntry;
import dev.selection.api.spi.LabelStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link LabelStore} on {@code selection_labels.db}: table {@code labels(songId, label, updatedAt)}
 * holds liked and disliked songs (neutral deletes the row); {@code schema_meta.sampleChangeCount}
 * holds the count.
 *
 * <p>Each call is one transaction that reads the current labels and writes only the songs whose
 * label really changes, so the count follows the rule exactly (same→same adds 0, any other
 * transition 1, duplicate ids once) even with concurrent writers, and a song set to the label it
 * already has keeps its {@code updatedAt}.
 *
 * <p>Thread-safe. Use after {@link #close()} throws {@link IllegalStateException}.
 */
public final class SqliteLabelStore implements LabelStore {
  static final String COUNT_KEY = "sampleChangeCount";

  private final SqliteDatabase db;
  private final Clock clock;

  private SqliteLabelStore(SqliteDatabase db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * Opens (creating if needed) {@code selection_labels.db} under {@code libraryRoot}.
   *
   * @throws dev.selection.api.SelectionException {@code DB_ERROR} naming the file
   */
  public static SqliteLabelStore open(Path libraryRoot) {
    return open(libraryRoot, Clock.systemUTC());
  }

  /**
   * Opens (creating if needed) {@code selection_labels.db} under {@code libraryRoot}, stamping
   * labels with {@code clock}.
   *
   * @throws dev.selection.api.SelectionException {@code DB_ERROR} naming the file
   */
  public static SqliteLabelStore open(Path libraryRoot, Clock clock) {
    Objects.requireNonNull(libraryRoot, "libraryRoot");
    Objects.requireNonNull(clock, "clock");
    return new SqliteLabelStore(SqliteDatabase.open(libraryRoot, Schemas.LABELS), clock);
  }

  /** Returns the database file. */
  public Path file() {
    return db.file();
  }

  /**
   * {@inheritDoc}
   *
   * @throws NullPointerException if {@code songIds} or {@code label} is null
   */
  @Override
  public LabelUpdate setLabels(Collection<String> songIds, Label label) {
    Objects.requireNonNull(songIds, "songIds");
    Objects.requireNonNull(label, "label");
    LinkedHashSet<String> ids = new LinkedHashSet<>();
    for (String id : songIds) {
      ids.add(SongFeatures.requireSongId(id)); // all validated before the transaction starts
    }
    List<String> distinct = new ArrayList<>(ids);
    return db.write(
        c -> {
          String now = clock.instant().toString();
          int changed = 0;
          try (PreparedStatement put =
                  c.prepareStatement(
                      "INSERT OR REPLACE INTO labels (songId, label, updatedAt) VALUES (?, ?, ?)");
              PreparedStatement del = c.prepareStatement("DELETE FROM labels WHERE songId = ?")) {
            // Chunk by chunk (bounded memory), all in this one transaction.
            for (int from = 0; from < distinct.size(); from += SqliteFeatureStore.CHUNK) {
              List<String> chunk =
                  distinct.subList(
                      from, Math.min(distinct.size(), from + SqliteFeatureStore.CHUNK));
              changed += writeChunk(c, put, del, chunk, label, now);
            }
          }
          long count = count(c) + changed;
          if (changed > 0) {
            SqliteDatabase.setMeta(c, COUNT_KEY, Long.toString(count));
          }
          return new LabelUpdate(distinct.size(), changed, count, changed);
        });
  }

  /** Writes the songs of one chunk whose label really changes; returns how many. */
  private static int writeChunk(
      Connection c,
      PreparedStatement put,
      PreparedStatement del,
      List<String> ids,
      Label label,
      String now)
      throws SQLException {
    Map<String, Label> current = labelsOf(c, ids);
    int puts = 0;
    int dels = 0;
    for (String id : ids) {
      if (current.getOrDefault(id, Label.NEUTRAL) == label) {
        continue; // same -> same: no write, no count, updatedAt kept
      }
      if (label == Label.NEUTRAL) {
        del.setString(1, id);
        del.addBatch();
        dels++;
      } else {
        put.setString(1, id);
        put.setString(2, label.wireName());
        put.setString(3, now);
        put.addBatch();
        puts++;
      }
    }
    if (puts > 0) {
      put.executeBatch();
    }
    if (dels > 0) {
      del.executeBatch();
    }
    return puts + dels;
  }

  private static Map<String, Label> labelsOf(Connection c, List<String> ids) throws SQLException {
    Map<String, Label> out = new HashMap<>();
    for (int from = 0; from < ids.size(); from += SqliteFeatureStore.CHUNK) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + SqliteFeatureStore.CHUNK));
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT songId, label FROM labels WHERE songId IN ("
                  + SqliteFeatureStore.placeholders(chunk.size())
                  + ")")) {
        for (int i = 0; i < chunk.size(); i++) {
          ps.setString(i + 1, chunk.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.put(rs.getString(1), parse(rs.getString(2)));
          }
        }
      }
    }
    return out;
  }

  private static Label parse(String wire) throws SQLException {
    if ("liked".equals(wire)) {
      return Label.LIKED;
    }
    if ("disliked".equals(wire)) {
      return Label.DISLIKED;
    }
    throw new SQLException("labels holds an unknown label '" + wire + "'");
  }

  private static long count(Connection c) throws SQLException {
    String v = SqliteDatabase.meta(c, COUNT_KEY);
    if (v == null) {
      return 0;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new SQLException("unreadable sampleChangeCount '" + v + "'", e);
    }
  }

  @Override
  public Label get(String songId) {
    Objects.requireNonNull(songId, "songId");
    return db.read(c -> labelsOf(c, List.of(songId)).getOrDefault(songId, Label.NEUTRAL));
  }

  @Override
  public LabelSnapshot snapshot() {
    // One read transaction, so the lists and the count are from the same moment.
    return db.readConsistent(
        c -> {
          List<String> liked = new ArrayList<>();
          List<String> disliked = new ArrayList<>();
          try (PreparedStatement ps =
                  c.prepareStatement("SELECT songId, label FROM labels ORDER BY songId");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              (parse(rs.getString(2)) == Label.LIKED ? liked : disliked).add(rs.getString(1));
            }
          }
          return new LabelSnapshot(liked, disliked, count(c));
        });
  }

  @Override
  public List<LabelEntry> entries() {
    return db.read(
        c -> {
          List<LabelEntry> out = new ArrayList<>();
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT songId, label, updatedAt FROM labels ORDER BY songId");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              String id = rs.getString(1);
              try {
                out.add(new LabelEntry(id, parse(rs.getString(2)), Instant.parse(rs.getString(3))));
              } catch (DateTimeParseException | NullPointerException e) {
                throw new SQLException("labels holds an unreadable updatedAt for " + id, e);
              }
            }
          }
          return out;
        });
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if {@code delta < 0}
   */
  @Override
  public long addSampleChanges(int delta) {
    if (delta < 0) {
      throw new IllegalArgumentException("delta < 0: " + delta);
    }
    return db.write(
        c -> {
          long count = count(c) + delta;
          if (delta > 0) {
            SqliteDatabase.setMeta(c, COUNT_KEY, Long.toString(count));
          }
          return count;
        });
  }

  @Override
  public long subtractSampleChanges(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("n < 0: " + n);
    }
    return db.write(
        c -> {
          long count = Math.max(0, count(c) - n);
          if (n > 0) {
            SqliteDatabase.setMeta(c, COUNT_KEY, Long.toString(count));
          }
          return count;
        });
  }

  @Override
  public long resetSampleChangeCount() {
    return db.write(
        c -> {
          SqliteDatabase.setMeta(c, COUNT_KEY, "0");
          return 0L;
        });
  }

  @Override
  public int resetLabels() {
    return db.write(
        c -> {
          int removed;
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM labels")) {
            removed = ps.executeUpdate();
          }
          SqliteDatabase.setMeta(c, COUNT_KEY, "0");
          return removed;
        });
  }

  /** Closes the store. Idempotent. */
  @Override
  public void close() {
    db.close();
  }
}
