package dev.selection.api.spi;

import java.nio.file.Path;

/**
 * Decodes audio files of some formats, chosen by content (magic bytes), never by file extension.
 *
 * <p>Created by a {@link DecoderProvider}; decoders given to the builder come first, then those of
 * the providers, by descending {@link #priority()}. Implementations are thread-safe; each {@link
 * #open} returns an independent stream.
 */
public interface AudioDecoder {
  /** Bytes of the file's start passed to {@link #canDecode}: enough for every magic we know. */
  int HEAD_BYTES = 4096;

  /** Returns a stable short name, recorded with every songId this decoder produced (e.g. "wav"). */
  String name();

  /** Returns the decoder's version; a change means songIds from it may change. */
  String version();

  /** Returns the rank among decoders that accept the same file; higher wins. Default 0. */
  default int priority() {
    return 0;
  }

  /**
   * Returns true when this decoder recognises the file from its first bytes.
   *
   * @param file the file (for decoders that must look further, e.g. past an ID3v2 tag)
   * @param head up to {@link #HEAD_BYTES} first bytes of the file (fewer for short files)
   */
  boolean canDecode(Path file, byte[] head);

  /**
   * Opens the file for decoding.
   *
   * @throws dev.selection.api.SelectionException {@code UNSUPPORTED_FORMAT}, {@code CORRUPT_AUDIO}
   *     or {@code IO_ERROR}
   */
  AudioStream open(Path file);
}
