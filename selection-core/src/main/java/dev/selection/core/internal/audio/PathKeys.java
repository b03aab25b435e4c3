package dev.selection.core.internal.audio;

import dev.selection.api.spi.PathIndex;
import dev.selection.api.spi.PathIndexEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The path keys of a library's {@link PathIndex}, and the one way a file is looked up in it.
 *
 * <p>A file under the library root is keyed by its path relative to the root ({@code /}-separated,
 * e.g. {@code music/a.flac}), so a library folder moved or copied with its music keeps its entries;
 * any other file by {@link PathIndex#normalize}. Relative keys never start with {@code /} or a
 * drive letter, so the two kinds never collide.
 *
 * <p>A lookup that misses on the key (and on the absolute key an older SDK wrote) hashes the file's
 * bytes and asks the index for a file of the same size and file hash: a copy, or a file whose
 * modification time changed but not its bytes, reuses its songId without decoding. The bytes are
 * read only when the index knows a file of that size, so a new file is not read twice. Immutable
 * and thread-safe.
 */
public final class PathKeys {
  private final Path root;

  private PathKeys(Path root) {
    this.root = root;
  }

  /** Keys every file by its normalised absolute path (no library root). */
  public static PathKeys absolute() {
    return new PathKeys(null);
  }

  /** Keys the files under {@code libraryRoot} relative to it, the others absolutely. */
  public static PathKeys under(Path libraryRoot) {
    return new PathKeys(libraryRoot.toAbsolutePath().normalize());
  }

  /** Returns the index key of a file (which need not exist). */
  public String key(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    if (root != null && abs.startsWith(root) && !abs.equals(root)) {
      String rel = root.relativize(abs).toString();
      return java.io.File.separatorChar == '/' ? rel : rel.replace(java.io.File.separatorChar, '/');
    }
    return PathIndex.normalize(abs);
  }

  /** Returns the file a key names: relative keys are resolved against the library root. */
  public Path resolve(String key) {
    Path p = Path.of(key);
    return p.isAbsolute() || root == null ? p : root.resolve(p).normalize();
  }

  /**
   * Returns the index entry of a file as it is now ({@code sizeBytes}, {@code mtimeMs}), stored
   * under its key: a hit on its key; else a hit on its absolute key (written by an older SDK),
   * moved to its key; else an entry with the same bytes (size and file hash), copied to its key
   * with this file's mtime. Empty when the file is unknown (or changed while it was hashed).
   *
   * @throws dev.selection.api.SelectionException {@code IO_ERROR} when the file cannot be read, or
   *     the index's errors
   */
  public Optional<PathIndexEntry> lookup(
      PathIndex index, Path file, long sizeBytes, long mtimeMs, Clock clock) {
    Objects.requireNonNull(index, "index");
    String key = key(file);
    Optional<PathIndexEntry> hit = index.lookup(key, sizeBytes, mtimeMs);
    if (hit.isPresent()) {
      return hit;
    }
    String legacy = PathIndex.normalize(file);
    if (!legacy.equals(key)) {
      Optional<PathIndexEntry> old = index.lookup(legacy, sizeBytes, mtimeMs);
      if (old.isPresent() && index.move(legacy, key, sizeBytes, mtimeMs)) {
        return index.lookup(key, sizeBytes, mtimeMs);
      }
    }
    if (!index.containsSize(sizeBytes)) {
      return Optional.empty(); // no known file of this size: no need to read the bytes
    }
    String fileHash = FileHashes.sha256(file);
    Optional<PathIndexEntry> same = index.findByContent(sizeBytes, fileHash);
    if (same.isEmpty() || !unchanged(file, sizeBytes, mtimeMs)) {
      return Optional.empty();
    }
    PathIndexEntry copy =
        new PathIndexEntry(
            key,
            sizeBytes,
            mtimeMs,
            same.get().songId(),
            fileHash,
            same.get().decoder(),
            clock.instant());
    index.put(copy);
    return Optional.of(copy);
  }

  private static boolean unchanged(Path file, long sizeBytes, long mtimeMs) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return a.size() == sizeBytes && a.lastModifiedTime().toMillis() == mtimeMs;
    } catch (IOException e) {
      return false;
    }
  }
}
