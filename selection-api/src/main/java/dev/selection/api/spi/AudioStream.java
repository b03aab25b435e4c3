package dev.selection.api.spi;

import dev.selection.api.SongMetadata;

/**
 * Decoded PCM delivered in blocks, so that memory stays bounded whatever the duration. Not
 * thread-safe.
 *
 * <p>Samples are interleaved floats in [-1, 1) at the native rate and channel count. Integer
 * sources map {@code s / 2^(bits-1)}, so 16- and 24-bit PCM survive the float round trip exactly.
 */
public interface AudioStream extends AutoCloseable {
  /** Returns the stream's format. */
  AudioInfo info();

  /**
   * Reads up to {@code frames} frames into {@code buffer} starting at sample index {@code offset}
   * (interleaved: a frame is {@code channels} samples). Blocks until at least one frame is
   * available.
   *
   * @return frames read, {@code > 0}, or -1 at the end of the stream (never 0)
   * @throws dev.selection.api.SelectionException {@code CORRUPT_AUDIO} or {@code IO_ERROR}
   */
  int read(float[] buffer, int offset, int frames);

  /**
   * Returns the tags read so far (some formats keep them at the end; call after reading to be
   * sure). Broken tags yield {@link SongMetadata#EMPTY}, never an exception.
   */
  SongMetadata metadata();

  /** Releases the file and any process or native handle. Idempotent. */
  @Override
  void close();
}
