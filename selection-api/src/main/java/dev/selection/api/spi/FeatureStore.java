package dev.selection.api.spi;

import dev.selection.api.ExtractionFailure;
import dev.selection.api.SongFeatures;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Stores per-song features ({@code features.db} in the SQLite implementation) and per-file
 * extraction failures. Thread-safe; several engines may share one library root.
 */
public interface FeatureStore extends AutoCloseable {
  /**
   * Inserts or updates songs in one transaction (all or nothing). Null components of an item leave
   * the stored value untouched; extractor versions are merged key by key.
   *
   * @return how many rows were inserted or changed
   * @throws dev.selection.api.SelectionException {@code DB_ERROR}
   */
  int upsert(List<SongFeatures> items);

  /** Returns the stored features of one song. */
  Optional<SongFeatures> get(String songId);

  /** Returns the stored features of the songs that have any, keyed by song id. */
  Map<String, SongFeatures> getAll(Collection<String> songIds);

  /**
   * Returns the stored file hash of each given song that has features (an empty string when the row
   * has none), without reading vectors. The default reads whole rows in chunks; stores override it
   * with a cheaper query.
   */
  default Map<String, String> fileHashes(Collection<String> songIds) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    List<String> all = new java.util.ArrayList<>(new java.util.LinkedHashSet<>(songIds));
    for (int from = 0; from < all.size(); from += 1024) {
      for (SongFeatures f : getAll(all.subList(from, Math.min(all.size(), from + 1024))).values()) {
        out.put(f.songId(), f.fileHash() == null ? "" : f.fileHash());
      }
    }
    return out;
  }

  /**
   * Returns the ids of every stored song, sorted, without reading their features. The default walks
   * {@link #forEach}; stores override it with a cheaper query.
   */
  default List<String> songIds() {
    List<String> ids = new java.util.ArrayList<>();
    forEach(f -> ids.add(f.songId()));
    return ids;
  }

  /** Streams every stored song to {@code action}, in song id order, without loading all at once. */
  void forEach(Consumer<SongFeatures> action);

  /**
   * Streams the summary (tags, BPM, key, duration) of every stored song to {@code action}, in song
   * id order. The default walks {@link #forEach}; stores override it with a query that reads no
   * vectors, so a host can list a large library quickly.
   */
  default void forEachSummary(Consumer<dev.selection.api.SongSummary> action) {
    forEach(f -> action.accept(dev.selection.api.SongSummary.of(f)));
  }

  /** Returns how many songs have stored features. */
  long count();

  /** Deletes songs; returns how many rows went. */
  int delete(Collection<String> songIds);

  /** Records (or replaces) the failure of one file. */
  void recordFailure(ExtractionFailure failure);

  /** Returns the failure recorded for a normalised path. */
  Optional<ExtractionFailure> failure(String path);

  /** Forgets the failure of a path; returns true if there was one. */
  boolean clearFailure(String path);

  /** Returns every recorded failure, by path. */
  List<ExtractionFailure> failures();

  /** Closes the store. Idempotent; later calls throw {@link IllegalStateException}. */
  @Override
  void close();
}
