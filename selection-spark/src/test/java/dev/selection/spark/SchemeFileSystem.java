package dev.selection.spark;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local disk under the scheme {@code testfs:}, so that tests take the job's path for files that
 * are not local paths (as on HDFS: listed and stat'ed through Hadoop, copied to the executor's disk
 * before analysis, named by URI in the rows).
 */
public class SchemeFileSystem extends RawLocalFileSystem {
  static final String SCHEME = "testfs";

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  // The local statuses load permissions through java.io.File(URI), which takes only file: URIs.
  private static FileStatus plain(FileStatus s) {
    return new FileStatus(
        s.getLen(), s.isDirectory(), 1, s.getBlockSize(), s.getModificationTime(), s.getPath());
  }

  @Override
  public FileStatus getFileStatus(Path p) throws IOException {
    return plain(super.getFileStatus(p));
  }

  @Override
  public FileStatus[] listStatus(Path p) throws IOException {
    FileStatus[] all = super.listStatus(p);
    for (int i = 0; i < all.length; i++) {
      all[i] = plain(all[i]);
    }
    return all;
  }
}
