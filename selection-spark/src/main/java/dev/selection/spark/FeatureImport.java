package dev.selection.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import dev.selection.api.AnalyzedFile;
import dev.selection.api.ImportReport;
import dev.selection.api.SelectionEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * Imports the job's rows into a library through {@link SelectionEngine#importAnalyses}: for each
 * path the latest row (by analysis time), the path mapped by the longest matching prefix, in
 * batches of {@value #BATCH}.
 */
final class FeatureImport {
  static final int BATCH = 512;

  /**
   * The outcome.
   *
   * @param report the engine's counts
   * @param unmapped rows whose path is not a local path after the prefix mapping (not imported)
   */
  record Result(ImportReport report, long unmapped) {}

  private FeatureImport() {}

  /**
   * Checks that the output is one this SDK reads, before anything is opened or written.
   *
   * @return the committed files
   * @throws OutputDirectory.NewerFormatException for an output of a newer SDK
   */
  static List<String> check(SparkSession spark, String parquet) throws IOException {
    OutputDirectory out = OutputDirectory.of(parquet, spark.sparkContext().hadoopConfiguration());
    if (out.checkFormat() == 0) {
      throw new IllegalArgumentException("No analysis output (no manifest) at " + parquet);
    }
    List<String> files = out.committedFiles();
    if (!files.isEmpty()) {
      Row max =
          spark
              .read()
              .schema(FeatureSchema.SCHEMA)
              .parquet(files.toArray(new String[0]))
              .agg(org.apache.spark.sql.functions.max("formatVersion"))
              .first();
      if (!max.isNullAt(0) && max.getInt(0) > FeatureSchema.FORMAT_VERSION) {
        throw new OutputDirectory.NewerFormatException(
            parquet + " holds rows of a newer format: refused, nothing changed");
      }
    }
    return files;
  }

  /** Imports the committed rows of {@code files} into {@code engine}. */
  static Result run(
      SparkSession spark,
      List<String> files,
      SelectionEngine engine,
      Map<String, String> prefixes) {
    if (files.isEmpty()) {
      return new Result(new ImportReport(0, 0, 0, 0, 0, 0), 0);
    }
    Dataset<Row> rows =
        spark.read().schema(FeatureSchema.SCHEMA).parquet(files.toArray(new String[0]));
    Dataset<Row> latest =
        rows.withColumn(
                "_n",
                row_number()
                    .over(
                        Window.partitionBy("path")
                            .orderBy(col("analyzedAtMs").desc(), col("mtimeMs").desc())))
            .filter(col("_n").equalTo(1))
            .drop("_n");
    List<Map.Entry<String, String>> byLength = new ArrayList<>(prefixes.entrySet());
    byLength.sort(
        Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed());
    int total = 0;
    int imported = 0;
    int skipped = 0;
    int failed = 0;
    int outdated = 0;
    int partial = 0;
    long unmapped = 0;
    List<AnalyzedFile> batch = new ArrayList<>(BATCH);
    Iterator<Row> it = latest.toLocalIterator();
    while (it.hasNext() || !batch.isEmpty()) {
      if (it.hasNext()) {
        Row r = it.next();
        String path = map(r.getString(FeatureSchema.col("path")), byLength);
        if (!path.startsWith("/")) {
          unmapped++;
          continue;
        }
        batch.add(FeatureSchema.toAnalyzedFile(r, Path.of(path)));
      }
      if (batch.size() >= BATCH || (!it.hasNext() && !batch.isEmpty())) {
        ImportReport b = engine.importAnalyses(batch);
        total += b.total();
        imported += b.imported();
        skipped += b.skipped();
        failed += b.failed();
        outdated += b.outdated();
        partial += b.partial();
        batch.clear();
      }
    }
    return new Result(
        new ImportReport(total, imported, skipped, failed, outdated, partial), unmapped);
  }

  static String map(String path, List<Map.Entry<String, String>> prefixes) {
    for (Map.Entry<String, String> e : prefixes) {
      if (path.startsWith(e.getKey())) {
        return e.getValue() + path.substring(e.getKey().length());
      }
    }
    return path;
  }
}
