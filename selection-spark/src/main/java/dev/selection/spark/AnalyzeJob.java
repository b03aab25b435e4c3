package dev.selection.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;

/**
 * The analysis job on a given session.
 *
 * <ol>
 *   <li>Lists the inputs ({@link Listing}).
 *   <li>Reads the committed rows of the output and skips every listed file that has a row at the
 *       same path, size and mtime which is either analysed with the current extractor versions
 *       (those of this JVM's {@link dev.selection.api.AudioAnalyzer}; a row may have more, e.g.
 *       embeddings when this run has none) or a failure (not retried until the file changes, as a
 *       scan).
 *   <li>When current rows exist, hashes the remaining files and gives those whose file hash has a
 *       current row a copy of it under their new path (a moved file is not analysed again).
 *   <li>Analyses the rest in {@code partitions} tasks (by hash of the path), each writing and
 *       committing one Parquet file ({@link AnalyzeTask}, {@link OutputDirectory}).
 * </ol>
 *
 * <p>Default partitions: about 64 files per task, and at least 8 tasks per core of the cluster (at
 * most one per file), so that a killed run loses little and tasks of unequal length balance.
 */
final class AnalyzeJob {
  private AnalyzeJob() {}

  /** The SDK version, for the manifest and the rows. */
  static String sdkVersion() {
    try (InputStream in = AnalyzeJob.class.getResourceAsStream("version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /**
   * Runs the job.
   *
   * @throws OutputDirectory.NewerFormatException when the output was written by a newer SDK
   * @throws IllegalArgumentException for a missing input
   */
  static AnalyzeSummary run(SparkSession spark, AnalyzeOptions o) throws IOException {
    long start = System.nanoTime();
    String sdk = sdkVersion();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    OutputDirectory out = OutputDirectory.of(o.output(), conf);
    out.prepareForWriting(sdk);
    String runId =
        String.format(
            Locale.ROOT,
            "%tY%<tm%<tdT%<tH%<tM%<tS-%s",
            new java.util.Date(),
            UUID.randomUUID().toString().substring(0, 8));
    Path runDir = new Path(new Path(out.root(), "_runs"), runId);
    FileSystem fs = runDir.getFileSystem(conf);
    Map<String, String> current =
        new TreeMap<>(ExecutorAnalyzers.get(o.embeddings()).extractorVersions());
    HashMap<String, String> confEntries = new HashMap<>();
    conf.forEach(e -> confEntries.put(e.getKey(), e.getValue()));

    Dataset<Row> listed =
        Listing.list(spark, o.inputs(), new Path(runDir, "listing.parquet"), conf)
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long total = listed.count();

      List<String> committed = out.committedFiles();
      long settledOk = 0;
      long settledFailed = 0;
      long copied = 0;
      Dataset<Row> rest = listed;
      Dataset<Row> hashed = null;
      if (!committed.isEmpty()) {
        Dataset<Row> existing =
            spark.read().schema(FeatureSchema.SCHEMA).parquet(committed.toArray(new String[0]));
        Row maxVersion = existing.agg(org.apache.spark.sql.functions.max("formatVersion")).first();
        if (!maxVersion.isNullAt(0) && maxVersion.getInt(0) > FeatureSchema.FORMAT_VERSION) {
          throw new OutputDirectory.NewerFormatException(
              out.root() + " holds rows of a newer format: refused, nothing changed");
        }
        // Rows that settle a file at its (path, size, mtime): current analyses and failures.
        Dataset<Row> settled =
            existing
                .select("path", "sizeBytes", "mtimeMs", "status", "fileHash", "extractorVersions")
                .filter(isSettled(current));
        Dataset<Row> keys = settled.select("path", "sizeBytes", "mtimeMs", "status");
        Column sameFile =
            listed
                .col("path")
                .equalTo(keys.col("path"))
                .and(listed.col("sizeBytes").equalTo(keys.col("sizeBytes")))
                .and(listed.col("mtimeMs").equalTo(keys.col("mtimeMs")));
        settledOk =
            listed
                .join(keys.filter(col("status").equalTo(FeatureSchema.OK)), sameFile, "left_semi")
                .count();
        Dataset<Row> todo = listed.join(keys, sameFile, "left_anti");
        settledFailed = total - settledOk - todo.count();

        rest = todo;
        Dataset<Row> okHashes =
            settled.filter(col("status").equalTo(FeatureSchema.OK)).select("fileHash").distinct();
        if (!todo.isEmpty() && !okHashes.isEmpty()) {
          hashed =
              todo.mapPartitions(new HashTask(confEntries), Encoders.row(HashTask.SCHEMA))
                  .persist(StorageLevel.MEMORY_AND_DISK());
          Dataset<Row> moved = hashed.join(okHashes, "fileHash");
          if (!moved.isEmpty()) {
            copied = writeCopies(existing, moved, current, out, runId, sdk, confEntries, o);
            rest = hashed.join(moved.select("path"), "path", "left_anti");
          }
          rest = rest.select("path", "sizeBytes", "mtimeMs");
        }
      }

      long files = committed.isEmpty() ? total : rest.count();
      int partitions =
          o.partitions() > 0
              ? o.partitions()
              : (int)
                  Math.max(
                      1,
                      Math.min(
                          Math.max(8L * spark.sparkContext().defaultParallelism(), files / 64),
                          Math.max(1, files)));
      long extracted = 0;
      long failed = 0;
      long analysisStart = System.nanoTime();
      if (files > 0) {
        List<Row> results =
            rest.repartition(partitions, col("path"))
                .mapPartitions(
                    new AnalyzeTask(
                        out.root().toString(),
                        runId,
                        o.embeddings(),
                        false,
                        sdk,
                        conf,
                        o.failFirstAttempt()),
                    Encoders.row(AnalyzeTask.SUMMARY))
                .collectAsList();
        for (Row r : results) {
          extracted += r.getLong(2);
          failed += r.getLong(3);
        }
      }
      if (hashed != null) {
        hashed.unpersist();
      }
      return new AnalyzeSummary(
          total,
          extracted,
          settledOk + copied,
          settledFailed + failed,
          files > 0 ? partitions : 0,
          (System.nanoTime() - analysisStart) / 1e9,
          (System.nanoTime() - start) / 1e9);
    } finally {
      listed.unpersist();
      fs.delete(new Path(runDir, "listing.parquet"), true);
    }
  }

  /** A row that settles its file: a failure, or an analysis with every current version. */
  private static FilterFunction<Row> isSettled(Map<String, String> current) {
    TreeMap<String, String> now = new TreeMap<>(current);
    return r -> {
      if (FeatureSchema.FAILED.equals(r.getAs("status"))) {
        return true;
      }
      scala.collection.Map<String, String> v = r.getAs("extractorVersions");
      if (v == null) {
        return false;
      }
      Map<String, String> have = scala.collection.JavaConverters.mapAsJavaMap(v);
      for (Map.Entry<String, String> e : now.entrySet()) {
        if (!e.getValue().equals(have.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    };
  }

  /** Writes, for files found by their hash, copies of a current row under their new path. */
  private static long writeCopies(
      Dataset<Row> existing,
      Dataset<Row> moved,
      Map<String, String> current,
      OutputDirectory out,
      String runId,
      String sdk,
      HashMap<String, String> confEntries,
      AnalyzeOptions o) {
    Dataset<Row> source =
        existing
            .filter(col("status").equalTo(FeatureSchema.OK))
            .filter(isSettled(current))
            .dropDuplicates("fileHash");
    Dataset<Row> m =
        moved.select(
            col("fileHash").as("movedHash"),
            col("path").as("movedPath"),
            col("sizeBytes").as("movedSize"),
            col("mtimeMs").as("movedMtime"));
    Dataset<Row> joined = source.join(m, source.col("fileHash").equalTo(m.col("movedHash")));
    List<Column> columns = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (StructField f : FeatureSchema.SCHEMA.fields()) {
      switch (f.name()) {
        case "path" -> columns.add(col("movedPath").as("path"));
        case "sizeBytes" -> columns.add(col("movedSize").as("sizeBytes"));
        case "mtimeMs" -> columns.add(col("movedMtime").as("mtimeMs"));
        case "analyzedAtMs" -> columns.add(lit(now).as("analyzedAtMs"));
        case "sdkVersion" -> columns.add(lit(sdk).as("sdkVersion"));
        default -> columns.add(col(f.name()));
      }
    }
    Dataset<Row> copies = joined.select(columns.toArray(new Column[0])).dropDuplicates("path");
    List<Row> results =
        copies
            .coalesce(Math.max(1, spark(existing).sparkContext().defaultParallelism()))
            .mapPartitions(
                new AnalyzeTask(
                    out.root().toString(),
                    runId + "-moved",
                    o.embeddings(),
                    true,
                    sdk,
                    AnalyzeTask.conf(confEntries),
                    Map.of()),
                Encoders.row(AnalyzeTask.SUMMARY))
            .collectAsList();
    long n = 0;
    for (Row r : results) {
      n += r.getLong(1);
    }
    return n;
  }

  private static SparkSession spark(Dataset<Row> d) {
    return d.sparkSession();
  }
}
