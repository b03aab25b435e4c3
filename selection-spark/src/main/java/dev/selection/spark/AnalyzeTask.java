package dev.selection.spark;

import dev.selection.api.AudioAnalyzer;
import dev.selection.api.CancellationToken;
import dev.selection.api.ErrorCode;
import dev.selection.api.FileAnalysis;
import dev.selection.api.SelectionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task of the job: analyses the files of its partition (or, in copy mode, takes finished rows)
 * and writes them to one Parquet file, committed by rename ({@link OutputDirectory}); returns one
 * {@link #SUMMARY} row. Each file is stat'ed before and after its analysis, as a scan does: a file
 * that changed meanwhile is a failure row with its earlier size and mtime, so the next run retries
 * it. Every failure of a file is a row; only a failure to write the output fails the task.
 */
final class AnalyzeTask implements MapPartitionsFunction<Row, Row>, Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(AnalyzeTask.class);

  /** Per task: partition, files written, analysed, failed, the committed file. */
  static final StructType SUMMARY =
      DataTypes.createStructType(
          List.of(
              DataTypes.createStructField("partition", DataTypes.IntegerType, false),
              DataTypes.createStructField("rows", DataTypes.LongType, false),
              DataTypes.createStructField("extracted", DataTypes.LongType, false),
              DataTypes.createStructField("failed", DataTypes.LongType, false),
              DataTypes.createStructField("file", DataTypes.StringType, true)));

  /** Where a test makes the first attempt of a partition fail. */
  enum FailPoint {
    /** After the first row, before the commit: a half-written attempt file stays behind. */
    MID_WRITE,
    /** Right after the commit: the retry commits the same partition again. */
    AFTER_COMMIT
  }

  private final String outputRoot;
  private final String runId;
  private final boolean embeddings;
  private final boolean copyMode;
  private final String sdkVersion;
  private final HashMap<String, String> hadoopConf;
  private final HashMap<Integer, FailPoint> failFirstAttempt;

  AnalyzeTask(
      String outputRoot,
      String runId,
      boolean embeddings,
      boolean copyMode,
      String sdkVersion,
      Configuration conf,
      Map<Integer, FailPoint> failFirstAttempt) {
    this.outputRoot = outputRoot;
    this.runId = runId;
    this.embeddings = embeddings;
    this.copyMode = copyMode;
    this.sdkVersion = sdkVersion;
    this.hadoopConf = new HashMap<>();
    conf.forEach(e -> hadoopConf.put(e.getKey(), e.getValue()));
    this.failFirstAttempt = new HashMap<>(failFirstAttempt);
  }

  static Configuration conf(Map<String, String> entries) {
    Configuration c = new Configuration(false);
    entries.forEach(c::set);
    return c;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> input) throws IOException {
    TaskContext task = TaskContext.get();
    int partition = task == null ? 0 : task.partitionId();
    int attempt = task == null ? 0 : task.attemptNumber();
    FailPoint fail = attempt == 0 ? failFirstAttempt.get(partition) : null;
    Configuration conf = conf(hadoopConf);
    Path root = new Path(outputRoot);
    FileSystem fs = root.getFileSystem(conf);
    Path attemptFile = OutputDirectory.attemptFile(root, runId, partition, attempt);
    Path partFile = OutputDirectory.partFile(root, runId, partition);
    CancellationToken cancel = new CancellationToken();
    if (task != null) {
      task.addTaskCompletionListener(
          (org.apache.spark.util.TaskCompletionListener) ctx -> cancel.cancel());
    }
    long rows = 0;
    long extracted = 0;
    long failed = 0;
    ParquetRowWriter writer = null;
    try {
      while (input.hasNext()) {
        Row in = input.next();
        Row out;
        if (copyMode) {
          out = in;
        } else {
          out =
              analyse(in.getString(0), ExecutorAnalyzers.get(embeddings), conf, cancel, sdkVersion);
          if (FeatureSchema.isAnalysed(out)) {
            extracted++;
          } else {
            failed++;
          }
        }
        if (writer == null) {
          writer =
              new ParquetRowWriter(
                  attemptFile,
                  FeatureSchema.SCHEMA,
                  Map.of(
                      "selection.formatVersion",
                      Integer.toString(FeatureSchema.FORMAT_VERSION),
                      "selection.writtenBy",
                      "selection-spark " + sdkVersion),
                  conf);
        }
        writer.write(out);
        rows++;
        if (fail == FailPoint.MID_WRITE) {
          throw new IllegalStateException("test hook: first attempt fails while writing");
        }
      }
      if (writer != null) {
        writer.close();
        writer = null;
        OutputDirectory.commit(fs, attemptFile, partFile);
      }
    } finally {
      if (writer != null) {
        try {
          writer.close();
        } catch (IOException | RuntimeException e) {
          LOG.debug("Closing an aborted attempt file", e);
        }
      }
    }
    if (fail == FailPoint.AFTER_COMMIT) {
      throw new IllegalStateException("test hook: first attempt fails after its commit");
    }
    return List.of(
            RowFactory.create(
                partition, rows, extracted, failed, rows == 0 ? null : partFile.toString()))
        .iterator();
  }

  /** Analyses one file into its row; every failure of the file becomes a failure row. */
  static Row analyse(
      String path,
      AudioAnalyzer analyzer,
      Configuration conf,
      CancellationToken cancel,
      String sdkVersion) {
    FileStat before = FileStat.NONE;
    java.nio.file.Path copy = null;
    try {
      before = FileStat.of(path, conf);
      java.nio.file.Path local;
      if (FileStat.isLocal(path)) {
        local = java.nio.file.Path.of(path);
      } else {
        // The analyzer reads local files: bring the file to the executor's disk first.
        copy = Files.createTempFile("selection-", ".audio");
        Path p = new Path(path);
        try (InputStream in = p.getFileSystem(conf).open(p)) {
          Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        local = copy;
      }
      FileAnalysis a = analyzer.analyze(local, cancel);
      FileStat after = FileStat.of(path, conf);
      if (!after.equals(before)) {
        throw new SelectionException(
            ErrorCode.IO_ERROR,
            "File changed while it was analysed; it will be analysed again: " + path);
      }
      return FeatureSchema.analysed(
          path,
          before.sizeBytes(),
          before.mtimeMs(),
          a.track().decoder(),
          a.features(),
          System.currentTimeMillis(),
          sdkVersion);
    } catch (SelectionException e) {
      if (e.code() == ErrorCode.CANCELLED) {
        throw e;
      }
      return failure(path, before, e.code(), e.getMessage(), sdkVersion);
    } catch (IOException | UncheckedIOException e) {
      return failure(
          path, before, ErrorCode.IO_ERROR, "Cannot read " + path + ": " + e, sdkVersion);
    } catch (RuntimeException | OutOfMemoryError e) {
      LOG.error("Unexpected failure analysing {}", path, e);
      return failure(path, before, ErrorCode.INTERNAL_ERROR, e.toString(), sdkVersion);
    } finally {
      if (copy != null) {
        try {
          Files.deleteIfExists(copy);
        } catch (IOException e) {
          LOG.warn("Cannot delete the local copy {}: {}", copy, e.toString());
        }
      }
    }
  }

  private static Row failure(
      String path, FileStat stat, ErrorCode code, String message, String sdkVersion) {
    return FeatureSchema.failed(
        path,
        stat.sizeBytes(),
        stat.mtimeMs(),
        code,
        message,
        System.currentTimeMillis(),
        sdkVersion);
  }
}
