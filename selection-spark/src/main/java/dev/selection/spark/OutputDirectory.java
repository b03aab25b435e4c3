package dev.selection.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The job's output directory and its commit protocol.
 *
 * <p>Committed rows are exactly the {@code part-*.parquet} files in the directory's listing. A task
 * writes its file under {@code _attempts/} (ignored by readers: Spark skips names starting with
 * {@code _}) and commits it by one rename to {@code part-<run>-<partition>.parquet}; the name
 * depends only on the run and the partition, so a retried or speculative attempt of the same
 * partition (the same files, from the same shuffle output) can only replace that file, never add a
 * second copy of its rows. A killed run leaves committed files whole and {@code _attempts/}
 * leftovers, which the next run deletes. On HDFS and local disks the rename is atomic; object
 * stores need a committer-safe connector (see docs/spark.md).
 *
 * <p>{@value #MANIFEST} names the row format version; an output of a newer version is refused by
 * every reader and writer and left untouched.
 */
final class OutputDirectory {
  /** The manifest file. */
  static final String MANIFEST = "_selection-features.json";

  /** Where tasks write before they commit. */
  static final String ATTEMPTS = "_attempts";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final FileSystem fs;
  private final Path root;

  private OutputDirectory(FileSystem fs, Path root) {
    this.fs = fs;
    this.root = root;
  }

  /** The output directory at a path or URI (it need not exist). */
  static OutputDirectory of(String location, Configuration conf) {
    try {
      Path p = new Path(location);
      FileSystem fs = p.getFileSystem(conf);
      return new OutputDirectory(fs, fs.makeQualified(p));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open " + location + ": " + e.getMessage(), e);
    }
  }

  /** Thrown for an output written by a newer SDK; nothing was changed. */
  static final class NewerFormatException extends IllegalStateException {
    NewerFormatException(String message) {
      super(message);
    }
  }

  Path root() {
    return root;
  }

  /**
   * Returns the format version named by the manifest, or 0 when there is none.
   *
   * @throws NewerFormatException when it is newer than {@link FeatureSchema#FORMAT_VERSION}
   */
  int checkFormat() throws IOException {
    Path m = new Path(root, MANIFEST);
    if (!fs.exists(m)) {
      return 0;
    }
    JsonNode node;
    try (InputStream in = fs.open(m)) {
      node = JSON.readTree(in);
    } catch (IOException e) {
      throw new NewerFormatException(
          "Unreadable manifest " + m + " (" + e.getMessage() + "): not touching this output");
    }
    int version = node == null ? -1 : node.path("formatVersion").asInt(-1);
    if (version < 1 || version > FeatureSchema.FORMAT_VERSION) {
      throw new NewerFormatException(
          String.format(
              Locale.ROOT,
              "%s was written by a newer SDK (%s, row format %d; this one reads up to %d):"
                  + " refused, nothing changed",
              root,
              node == null ? "?" : node.path("writtenBy").asText("?"),
              version,
              FeatureSchema.FORMAT_VERSION));
    }
    return version;
  }

  /**
   * Makes the directory ready for a run: checks the format, writes the manifest (by temp file and
   * rename) and deletes the attempts a killed run left.
   */
  void prepareForWriting(String sdkVersion) throws IOException {
    int version = checkFormat();
    fs.mkdirs(root);
    if (version < FeatureSchema.FORMAT_VERSION) {
      ObjectNode m = JSON.createObjectNode();
      m.put("format", "selection-features");
      m.put("formatVersion", FeatureSchema.FORMAT_VERSION);
      m.put("writtenBy", "selection-spark " + sdkVersion);
      Path tmp = new Path(root, "_" + MANIFEST + ".tmp");
      try (OutputStream out = fs.create(tmp, true)) {
        out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m));
      }
      fs.delete(new Path(root, MANIFEST), false);
      if (!fs.rename(tmp, new Path(root, MANIFEST))) {
        throw new IOException("Cannot write the manifest of " + root);
      }
    }
    fs.delete(new Path(root, ATTEMPTS), true);
  }

  /** Returns the committed files, sorted by name. */
  List<String> committedFiles() throws IOException {
    List<String> out = new ArrayList<>();
    if (!fs.exists(root)) {
      return out;
    }
    for (FileStatus s : fs.listStatus(root)) {
      String name = s.getPath().getName();
      if (s.isFile() && name.startsWith("part-") && name.endsWith(".parquet")) {
        out.add(s.getPath().toString());
      }
    }
    out.sort(null);
    return out;
  }

  /** The committed name of a run's partition. */
  static Path partFile(Path root, String runId, int partition) {
    return new Path(root, String.format(Locale.ROOT, "part-%s-%05d.parquet", runId, partition));
  }

  /** Where an attempt writes before it commits. */
  static Path attemptFile(Path root, String runId, int partition, int attempt) {
    return new Path(
        new Path(root, ATTEMPTS),
        String.format(Locale.ROOT, "%s-%05d-%d.parquet", runId, partition, attempt));
  }

  /**
   * Commits an attempt's file by renaming it to the partition's name. When an earlier attempt of
   * the same partition committed already (a rename that does not replace, as on HDFS), that file
   * stays and this attempt's file is dropped: both hold the same files' rows.
   */
  static void commit(FileSystem fs, Path attempt, Path part) throws IOException {
    if (fs.rename(attempt, part)) {
      return;
    }
    if (fs.exists(part)) {
      fs.delete(attempt, false);
      return;
    }
    throw new IOException("Cannot commit " + attempt + " as " + part);
  }
}
