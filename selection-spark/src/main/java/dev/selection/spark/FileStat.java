package dev.selection.spark;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.PathIndex;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A file's size and modification time, and how rows name files: a local file by its normalised
 * absolute path (as a library's path index does), any other by its full URI ({@code hdfs://…}).
 *
 * @param sizeBytes the size
 * @param mtimeMs the modification time, epoch milliseconds (the same on both sides: Hadoop's local
 *     file system and {@code java.nio} both truncate to milliseconds)
 */
record FileStat(long sizeBytes, long mtimeMs) {
  /** Size and mtime of a file that is missing, a directory or unreadable. */
  static final FileStat NONE = new FileStat(-1, -1);

  /** Returns the row name of a qualified Hadoop path. */
  static String rowPath(Path qualified) {
    if ("file".equals(qualified.toUri().getScheme())) {
      return PathIndex.normalize(java.nio.file.Path.of(qualified.toUri()));
    }
    return qualified.toString();
  }

  /** Returns true when a row names a local file. */
  static boolean isLocal(String rowPath) {
    return rowPath.startsWith("/");
  }

  /**
   * Stats a file as a scan does before analysing it.
   *
   * @throws SelectionException {@code IO_ERROR} for a missing, unreadable or non-regular file
   */
  static FileStat of(String rowPath, Configuration conf) {
    if (isLocal(rowPath)) {
      java.nio.file.Path file = java.nio.file.Path.of(rowPath);
      try {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        if (!a.isRegularFile()) {
          throw new SelectionException(ErrorCode.IO_ERROR, "Not a regular file: " + rowPath);
        }
        if (!Files.isReadable(file)) {
          throw new SelectionException(ErrorCode.IO_ERROR, "File is not readable: " + rowPath);
        }
        return new FileStat(a.size(), a.lastModifiedTime().toMillis());
      } catch (NoSuchFileException e) {
        throw new SelectionException(ErrorCode.IO_ERROR, "No such file: " + rowPath, e);
      } catch (IOException e) {
        throw new SelectionException(ErrorCode.IO_ERROR, "Cannot read " + rowPath + ": " + e, e);
      }
    }
    try {
      Path p = new Path(rowPath);
      FileSystem fs = p.getFileSystem(conf);
      FileStatus s = fs.getFileStatus(p);
      if (!s.isFile()) {
        throw new SelectionException(ErrorCode.IO_ERROR, "Not a regular file: " + rowPath);
      }
      return new FileStat(s.getLen(), s.getModificationTime());
    } catch (FileNotFoundException e) {
      throw new SelectionException(ErrorCode.IO_ERROR, "No such file: " + rowPath, e);
    } catch (IOException e) {
      throw new SelectionException(ErrorCode.IO_ERROR, "Cannot read " + rowPath + ": " + e, e);
    }
  }

  /** As {@link #of}, but {@link #NONE} instead of an exception. */
  static FileStat orNone(String rowPath, Configuration conf) {
    try {
      return of(rowPath, conf);
    } catch (SelectionException e) {
      return NONE;
    }
  }
}
