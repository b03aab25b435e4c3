package dev.selection.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selection.api.ImportReport;
import dev.selection.api.SelectionEngine;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * {@code ImportFeatures --parquet DIR --library LIB [--path-prefix FROM=TO ...] [--master URL]}:
 * merges the rows of an {@link Analyze} output into a library's {@code features.db} and path index
 * with the version rules of a local scan ({@link SelectionEngine#importAnalyses}), so that the
 * library ranks exactly as if it had been scanned locally. {@code --path-prefix} maps the paths the
 * cluster saw to the paths the library sees (e.g. {@code hdfs://nn/music=/mnt/music}); for the path
 * index to spare a later scan, the files' sizes and mtimes must be the same there. An output
 * written by a newer SDK is refused before the library is opened, and both are left untouched.
 * Prints one JSON line: {@code
 * {"total","imported","skipped","failed","outdated","partial","unmapped"}}.
 *
 * <p>Exit codes: 0 done, 1 refused or failed, 2 usage error.
 */
public final class ImportFeatures {
  private ImportFeatures() {}

  static final String USAGE =
      "usage: ImportFeatures --parquet DIR --library LIB [--path-prefix FROM=TO ...] [--master URL]";

  /** Runs the import and exits with its code. */
  public static void main(String[] args) {
    int code = run(args, null, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  static int run(String[] args, SparkSession spark, PrintStream out, PrintStream err) {
    String parquet = null;
    String library = null;
    String master = null;
    Map<String, String> prefixes = new LinkedHashMap<>();
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--parquet" -> parquet = Analyze.value(args, ++i);
          case "--library" -> library = Analyze.value(args, ++i);
          case "--master" -> master = Analyze.value(args, ++i);
          case "--path-prefix" -> {
            String v = Analyze.value(args, ++i);
            int eq = v.indexOf('=');
            if (eq <= 0) {
              throw new IllegalArgumentException("--path-prefix needs FROM=TO: " + v);
            }
            prefixes.put(v.substring(0, eq), v.substring(eq + 1));
          }
          case "-h", "--help" -> {
            out.println(USAGE);
            return 0;
          }
          default -> throw new IllegalArgumentException("Unknown option " + args[i]);
        }
      }
      if (parquet == null || library == null) {
        throw new IllegalArgumentException("--parquet and --library are required");
      }
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    SparkSession session = spark != null ? spark : Sessions.create("selection-import", master);
    try {
      List<String> files = FeatureImport.check(session, parquet);
      FeatureImport.Result r;
      Path root = java.nio.file.Files.createDirectories(Path.of(library));
      try (SelectionEngine engine =
          SelectionEngine.builder(root).autoTrain(false, 20, Duration.ofSeconds(8)).build()) {
        r = FeatureImport.run(session, files, engine, prefixes);
      }
      ImportReport rep = r.report();
      ObjectNode n = new ObjectMapper().createObjectNode();
      n.put("total", rep.total());
      n.put("imported", rep.imported());
      n.put("skipped", rep.skipped());
      n.put("failed", rep.failed());
      n.put("outdated", rep.outdated());
      n.put("partial", rep.partial());
      n.put("unmapped", r.unmapped());
      out.println(n);
      return 0;
    } catch (OutputDirectory.NewerFormatException | IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 1;
    } catch (java.io.IOException | dev.selection.api.SelectionException e) {
      err.println("error: " + e);
      return 1;
    } finally {
      if (spark == null) {
        session.stop();
      }
    }
  }
}
