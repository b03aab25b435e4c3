package dev.selection.api.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One path index row: a file as it was when its songId was computed.
 *
 * @param path the path key: relative to the library root for files under it, else the normalised
 *     absolute path ({@link PathIndex#normalize})
 * @param sizeBytes file size
 * @param mtimeMs modification time, epoch milliseconds
 * @param songId SHA-256 of the canonical PCM
 * @param fileHash hash of the file bytes
 * @param decoder name of the decoder that produced the PCM
 * @param lastSeen when the entry was last written or hit
 */
public record PathIndexEntry(
    String path,
    long sizeBytes,
    long mtimeMs,
    String songId,
    String fileHash,
    String decoder,
    Instant lastSeen) {
  /** Validates the values. */
  public PathIndexEntry {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(songId, "songId");
    Objects.requireNonNull(lastSeen, "lastSeen");
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("sizeBytes < 0");
    }
  }
}
