package dev.selection.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One file's analysis made outside a library — by {@link AudioAnalyzer#analyze} on another machine,
 * e.g. the {@code selection-spark} job — for {@link SelectionEngine#importAnalyses}: the file as it
 * was when it was analysed, and either its features or why it failed.
 *
 * @param path the file as the importing library sees it (the path index normalises it)
 * @param sizeBytes the file's size when it was analysed; -1 when unknown (a failure only)
 * @param mtimeMs the file's modification time when it was analysed, epoch milliseconds; -1 when
 *     unknown (a failure only)
 * @param decoder name and version of the decoder that produced the PCM ({@link
 *     TrackInfo#decoder()}), or null when unknown or for a failure
 * @param features every feature of the analysis, with {@link SongFeatures#fileHash()} and {@link
 *     SongFeatures#extractorVersions()}; null for a failure
 * @param errorCode why the analysis failed; null for a success
 * @param errorMessage a sentence naming the problem; null for a success
 */
public record AnalyzedFile(
    Path path,
    long sizeBytes,
    long mtimeMs,
    String decoder,
    SongFeatures features,
    ErrorCode errorCode,
    String errorMessage) {

  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException unless exactly one of {@code features} and {@code errorCode}
   *     is given, when features lack a file hash, or when a success has a negative size or mtime
   */
  public AnalyzedFile {
    Objects.requireNonNull(path, "path");
    if ((features == null) == (errorCode == null)) {
      throw new IllegalArgumentException("Give either features or an error code: " + path);
    }
    if (features != null) {
      if (features.fileHash() == null) {
        throw new IllegalArgumentException("Features without a file hash: " + path);
      }
      if (sizeBytes < 0 || mtimeMs < 0) {
        throw new IllegalArgumentException("An analysed file needs its size and mtime: " + path);
      }
      errorMessage = null;
    } else {
      errorMessage = errorMessage == null ? "" : errorMessage;
      sizeBytes = Math.max(-1, sizeBytes);
      mtimeMs = Math.max(-1, mtimeMs);
    }
  }

  /** A file that was analysed. */
  public static AnalyzedFile of(
      Path path, long sizeBytes, long mtimeMs, String decoder, SongFeatures features) {
    return new AnalyzedFile(
        path,
        sizeBytes,
        mtimeMs,
        decoder,
        Objects.requireNonNull(features, "features"),
        null,
        null);
  }

  /** A file whose analysis failed. */
  public static AnalyzedFile failed(
      Path path, long sizeBytes, long mtimeMs, ErrorCode errorCode, String errorMessage) {
    return new AnalyzedFile(
        path,
        sizeBytes,
        mtimeMs,
        null,
        null,
        Objects.requireNonNull(errorCode, "errorCode"),
        errorMessage);
  }

  /** Returns true for a failure. */
  public boolean isFailure() {
    return errorCode != null;
  }
}
