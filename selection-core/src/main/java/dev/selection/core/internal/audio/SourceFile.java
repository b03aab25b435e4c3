package dev.selection.core.internal.audio;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A regular file opened for decoding: a {@link FileChannel} plus the size seen at open, so that a
 * premature end can be told apart as corrupt audio (the file is short) or an I/O error (the file
 * shrank or vanished while being read). Not thread-safe.
 */
public final class SourceFile implements AutoCloseable {
  private final Path path;
  private final FileChannel channel;
  private final long sizeAtOpen;
  private boolean closed;

  private SourceFile(Path path, FileChannel channel, long sizeAtOpen) {
    this.path = path;
    this.channel = channel;
    this.sizeAtOpen = sizeAtOpen;
  }

  /**
   * Opens a regular file for reading, refusing directories, FIFOs and devices first so that opening
   * never blocks.
   *
   * @throws SelectionException {@code IO_ERROR} when the file is missing, not a regular file or not
   *     readable
   */
  public static SourceFile open(Path path) {
    checkReadableRegularFile(path);
    try {
      FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
      try {
        return new SourceFile(path, ch, ch.size());
      } catch (IOException e) {
        ch.close();
        throw e;
      }
    } catch (IOException e) {
      throw ioError(path, e);
    }
  }

  /**
   * Checks that {@code path} names an existing, readable regular file.
   *
   * @throws SelectionException {@code IO_ERROR} with a message saying what is wrong
   */
  public static void checkReadableRegularFile(Path path) {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.exists(path)) {
      throw new SelectionException(ErrorCode.IO_ERROR, "No such file: " + path);
    }
    if (Files.isDirectory(path)) {
      throw new SelectionException(
          ErrorCode.IO_ERROR, "Is a directory, not an audio file: " + path);
    }
    if (!Files.isRegularFile(path)) {
      throw new SelectionException(
          ErrorCode.IO_ERROR, "Not a regular file (FIFO, device or broken link): " + path);
    }
    if (!Files.isReadable(path)) {
      throw new SelectionException(ErrorCode.IO_ERROR, "Permission denied: " + path);
    }
  }

  /** Maps an {@link IOException} about {@code path} to an {@code IO_ERROR}. */
  public static SelectionException ioError(Path path, IOException e) {
    String why;
    if (e instanceof NoSuchFileException) {
      why = "No such file";
    } else if (e instanceof AccessDeniedException) {
      why = "Permission denied";
    } else {
      why = "Cannot read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
    }
    return new SelectionException(ErrorCode.IO_ERROR, why + ": " + path, e);
  }

  /** Returns the path. */
  public Path path() {
    return path;
  }

  /** Returns the file size in bytes when it was opened. */
  public long size() {
    return sizeAtOpen;
  }

  /** Returns the current read position in bytes. */
  public long position() {
    try {
      return channel.position();
    } catch (IOException e) {
      throw ioError(path, e);
    }
  }

  /** Moves the read position. */
  public void position(long pos) {
    try {
      channel.position(pos);
    } catch (IOException e) {
      throw ioError(path, e);
    }
  }

  /**
   * Reads up to {@code dst.remaining()} bytes; returns the bytes read or -1 at the end of the file.
   *
   * @throws SelectionException {@code IO_ERROR}
   */
  public int read(ByteBuffer dst) {
    try {
      return channel.read(dst);
    } catch (IOException e) {
      throw ioError(path, e);
    }
  }

  /**
   * Fills {@code dst} completely or throws.
   *
   * @param what what was being read, for the message
   * @throws SelectionException {@code CORRUPT_AUDIO} when the file is shorter than its headers say,
   *     {@code IO_ERROR} when it shrank or vanished while being read
   */
  public void readFully(ByteBuffer dst, String what) {
    while (dst.hasRemaining()) {
      if (read(dst) < 0) {
        throw prematureEnd(what);
      }
    }
  }

  /**
   * Reads {@code n} bytes at {@code pos} (does not move the read position).
   *
   * @throws SelectionException {@code CORRUPT_AUDIO} or {@code IO_ERROR} as {@link #readFully}
   */
  public byte[] readAt(long pos, int n, String what) {
    ByteBuffer b = ByteBuffer.allocate(n);
    try {
      while (b.hasRemaining()) {
        int r = channel.read(b, pos + b.position());
        if (r < 0) {
          throw prematureEnd(what);
        }
      }
    } catch (IOException e) {
      throw ioError(path, e);
    }
    return b.array();
  }

  /**
   * Returns the exception for an end of file met before the headers said: {@code IO_ERROR} when the
   * file vanished or shrank since it was opened, else {@code CORRUPT_AUDIO} (truncated file).
   */
  public SelectionException prematureEnd(String what) {
    long now;
    try {
      now = Files.size(path);
    } catch (IOException e) {
      return new SelectionException(
          ErrorCode.IO_ERROR, "File vanished while being read (" + what + "): " + path, e);
    }
    if (now < sizeAtOpen) {
      return new SelectionException(
          ErrorCode.IO_ERROR,
          "File shrank from "
              + sizeAtOpen
              + " to "
              + now
              + " bytes while being read ("
              + what
              + "): "
              + path);
    }
    return new SelectionException(
        ErrorCode.CORRUPT_AUDIO, "Truncated audio: file ends inside " + what + ": " + path);
  }

  /** Closes the channel. Idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      try {
        channel.close();
      } catch (IOException e) {
        // Nothing was written; a failing close of a read-only channel loses nothing.
      }
    }
  }
}
