package dev.selection.spark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The job's input files, listed through Hadoop's {@link FileSystem}: a directory is listed
 * recursively on the driver (hidden files and folders and known non-audio extensions skipped, as
 * {@code selection scan} does), streaming into a Parquet file under the run's folder so the driver
 * holds no list in memory; a regular file is a list of paths or URIs, one per line ({@code #}
 * comments and blank lines ignored), taken as they are — a missing file or a directory named there
 * becomes a failure row — and stat'ed on the executors; a binary file (a NUL byte in its first 4
 * KiB) is itself the one file to analyse.
 */
final class Listing {
  /** The listed files: path (see {@link FileStat#rowPath}), size and mtime (-1 when unknown). */
  static final StructType SCHEMA =
      DataTypes.createStructType(
          List.of(
              DataTypes.createStructField("path", DataTypes.StringType, false),
              DataTypes.createStructField("sizeBytes", DataTypes.LongType, false),
              DataTypes.createStructField("mtimeMs", DataTypes.LongType, false)));

  /** Size of a list entry not yet stat'ed. */
  private static final long UNKNOWN = -2;

  /** Extensions that are never audio (as {@code selection scan}). */
  static final Set<String> NOT_AUDIO =
      Set.of(
          "jpg", "jpeg", "png", "gif", "bmp", "webp", "txt", "nfo", "cue", "log", "m3u", "m3u8",
          "pls", "pdf", "db", "db-wal", "db-shm", "ini", "json", "xml", "html", "url", "sfv", "md5",
          "accurip", "parquet", "crc");

  private Listing() {}

  /**
   * Lists the inputs into {@code listingFile} and returns them as a dataset, one row per distinct
   * path.
   */
  static Dataset<Row> list(
      SparkSession spark, List<String> inputs, Path listingFile, Configuration conf)
      throws IOException {
    long n = 0;
    boolean mayRepeat = inputs.size() > 1;
    try (ParquetRowWriter out = new ParquetRowWriter(listingFile, SCHEMA, Map.of(), conf)) {
      for (String input : inputs) {
        Path p = new Path(input);
        FileSystem fs = p.getFileSystem(conf);
        Path q = fs.makeQualified(p);
        FileStatus s;
        try {
          s = fs.getFileStatus(q);
        } catch (java.io.FileNotFoundException e) {
          throw new IllegalArgumentException("No such input: " + input);
        }
        if (s.isDirectory()) {
          RemoteIterator<LocatedFileStatus> it = fs.listFiles(q, true);
          String prefix = q.toUri().getPath();
          while (it.hasNext()) {
            LocatedFileStatus f = it.next();
            if (f.isFile() && isAudioCandidate(f.getPath(), prefix)) {
              out.write(
                  RowFactory.create(
                      FileStat.rowPath(f.getPath()), f.getLen(), f.getModificationTime()));
              n++;
            }
          }
        } else if (isBinary(fs, q)) {
          // An audio file given as an input (not a list of files): that one file.
          out.write(RowFactory.create(FileStat.rowPath(q), s.getLen(), s.getModificationTime()));
          n++;
        } else {
          mayRepeat = true;
          try (BufferedReader r =
              new BufferedReader(new InputStreamReader(fs.open(q), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
              String entry = line.strip();
              if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
              }
              Path e = new Path(entry);
              Path qe = e.getFileSystem(conf).makeQualified(e);
              out.write(RowFactory.create(FileStat.rowPath(qe), UNKNOWN, UNKNOWN));
              n++;
            }
          }
        }
      }
    }
    Dataset<Row> raw =
        n == 0
            ? spark.createDataFrame(List.of(), SCHEMA)
            : spark.read().schema(SCHEMA).parquet(listingFile.toString());
    HashMap<String, String> entries = new HashMap<>();
    conf.forEach(e -> entries.put(e.getKey(), e.getValue()));
    Dataset<Row> stated = raw.mapPartitions(new StatTask(entries), Encoders.row(SCHEMA));
    // Paths repeat only across inputs and in list files. The shuffle of the de-duplication has
    // spark.sql.shuffle.partitions partitions; coalescing reads them in few tasks (a few hundred
    // tiny tasks cost seconds, and a cached plan is not coalesced by adaptive execution).
    int tasks =
        (int) Math.max(spark.sparkContext().defaultParallelism(), Math.min(2000, n / 50_000));
    return !mayRepeat ? stated.coalesce(tasks) : stated.dropDuplicates("path").coalesce(tasks);
  }

  /** True when the file's first 4 KiB hold a NUL byte: audio, not a text list of files. */
  private static boolean isBinary(FileSystem fs, Path file) throws IOException {
    byte[] head = new byte[4096];
    try (java.io.InputStream in = fs.open(file)) {
      int n = in.readNBytes(head, 0, head.length);
      for (int i = 0; i < n; i++) {
        if (head[i] == 0) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isAudioCandidate(Path file, String rootPath) {
    String rel = file.toUri().getPath();
    rel = rel.startsWith(rootPath) ? rel.substring(rootPath.length()) : file.getName();
    for (String part : rel.split("/")) {
      if (part.startsWith(".")) {
        return false;
      }
    }
    String name = file.getName();
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    return !NOT_AUDIO.contains(ext);
  }

  /** Stats the list entries on the executors (-1 when missing or not a regular file). */
  private static final class StatTask implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final HashMap<String, String> conf;

    StatTask(HashMap<String, String> conf) {
      this.conf = conf;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      Configuration c = AnalyzeTask.conf(conf);
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public Row next() {
          Row r = rows.next();
          if (r.getLong(1) != UNKNOWN) {
            return r;
          }
          FileStat s = FileStat.orNone(r.getString(0), c);
          return RowFactory.create(r.getString(0), s.sizeBytes(), s.mtimeMs());
        }
      };
    }
  }
}
