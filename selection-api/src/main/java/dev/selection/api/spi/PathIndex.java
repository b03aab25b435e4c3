package dev.selection.api.spi;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * Persistent map {@code (path key, size, mtimeMs) → songId} ({@code selection_path_index.db}):
 * decoding is costly, so a hit needs all three to match. Losing the index only costs time.
 * Thread-safe.
 *
 * <p>Path keys are opaque to the index. The engine uses the path relative to the library root
 * ({@code /}-separated, e.g. {@code music/a.flac}) for files under it, so a library folder moved or
 * copied with its music keeps its entries, and {@link #normalize} for other files.
 */
public interface PathIndex extends AutoCloseable {
  /**
   * Returns the canonical key of a path: absolute, normalised, {@code /}-separated. The file need
   * not exist.
   */
  static String normalize(Path path) {
    String s = path.toAbsolutePath().normalize().toString();
    return java.io.File.separatorChar == '/' ? s : s.replace(java.io.File.separatorChar, '/');
  }

  /** Returns the entry when path, size and mtime all match; refreshes its last-seen time. */
  Optional<PathIndexEntry> lookup(String path, long sizeBytes, long mtimeMs);

  /** Inserts or replaces the entry of its path. */
  void put(PathIndexEntry entry);

  /**
   * Moves an entry to a new path (a move made through the SDK), keeping its songId.
   *
   * @return true if there was an entry at {@code fromPath}
   */
  boolean move(String fromPath, String toPath, long sizeBytes, long mtimeMs);

  /**
   * Returns an entry of a file with exactly these bytes: the same size and file hash (SHA-256 of
   * the bytes), the most recently seen first. It lets a copied or re-stamped file reuse its songId
   * without decoding. The default finds nothing, which only costs a decode; stores override it.
   *
   * @param sizeBytes the file's size
   * @param fileHash the lowercase hex SHA-256 of the file's bytes
   */
  default Optional<PathIndexEntry> findByContent(long sizeBytes, String fileHash) {
    return Optional.empty();
  }

  /**
   * Returns whether an entry of a file of exactly this size exists: when none does, no file can
   * match {@link #findByContent}, and a lookup skips hashing the file's bytes (a full read of every
   * new file otherwise). A store that overrides {@link #findByContent} overrides this too; the
   * default, like that of {@code findByContent}, finds nothing.
   *
   * @param sizeBytes the file's size
   */
  default boolean containsSize(long sizeBytes) {
    return false;
  }

  /**
   * Removes every entry of these songs (songs that left the library). The default removes them one
   * by one through {@link #pathOf} and {@link #remove}; stores override it with one transaction.
   *
   * @return entries removed
   */
  default int removeSongs(Collection<String> songIds) {
    int removed = 0;
    for (String id : songIds) {
      Optional<String> p;
      while ((p = pathOf(id)).isPresent() && remove(p.get())) {
        removed++;
      }
    }
    return removed;
  }

  /** Returns the most recently seen path of a song. */
  Optional<String> pathOf(String songId);

  /** Removes the entry of a path; returns true if there was one. */
  boolean remove(String path);

  /** Returns the number of entries. */
  long count();

  /**
   * Drops entries unseen for longer than {@code ttl}, then the oldest beyond {@code maxEntries}.
   * Runs at most once per 24 h unless {@code force}.
   *
   * @return entries removed, or -1 when skipped because the last run was less than 24 h ago
   */
  int gc(Duration ttl, long maxEntries, Instant now, boolean force);

  /** Closes the index. Idempotent. */
  @Override
  void close();
}
