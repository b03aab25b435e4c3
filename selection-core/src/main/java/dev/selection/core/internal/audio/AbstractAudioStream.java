package dev.selection.core.internal.audio;

import dev.selection.api.spi.AudioStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What our decoders' streams share: the checks of {@link #read} (open stream, at least one frame
 * asked for), the end of the stream (once a read has returned -1, every later read does, without
 * touching the source again) and an idempotent {@link #close}. A subclass delivers the frames
 * ({@link #readFrames}) and frees what it holds ({@link #release}). Not thread-safe.
 */
public abstract class AbstractAudioStream implements AudioStream {
  /** The file being decoded, for messages. */
  protected final Path file;

  private boolean ended;
  private boolean closed;

  /**
   * @param file the file being decoded, named in messages
   */
  protected AbstractAudioStream(Path file) {
    this.file = Objects.requireNonNull(file, "file");
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException after {@link #close()}
   * @throws IllegalArgumentException when {@code frames <= 0}
   */
  @Override
  public final int read(float[] buffer, int offset, int frames) {
    if (closed) {
      throw new IllegalStateException("Stream closed: " + file);
    }
    if (frames <= 0) {
      throw new IllegalArgumentException("frames must be > 0: " + frames);
    }
    if (ended) {
      return -1;
    }
    int n = readFrames(buffer, offset, frames);
    if (n < 0) {
      ended = true;
    }
    return n;
  }

  /**
   * Reads up to {@code frames} frames, as {@link #read}; called only while the stream is open, with
   * {@code frames > 0}, and until it has returned -1 once.
   *
   * @return frames read, {@code > 0}, or -1 at the end of the stream
   */
  protected abstract int readFrames(float[] buffer, int offset, int frames);

  /**
   * Marks the end of the stream before the checks that run there (a truncated file, a failed
   * process): when one throws, later reads return -1 instead of decoding again.
   */
  protected final void markEnded() {
    ended = true;
  }

  /** Releases the file and any process or native handle; the first call does so, others nothing. */
  @Override
  public final void close() {
    if (!closed) {
      closed = true;
      release();
    }
  }

  /**
   * Frees what the stream holds; called once, by the first {@link #close()} (or by a constructor
   * that fails). Does not throw.
   */
  protected abstract void release();
}
