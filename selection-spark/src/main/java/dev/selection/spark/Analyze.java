package dev.selection.spark;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * {@code spark-submit --class dev.selection.spark.Analyze selection-spark.jar --input DIR|LISTFILE
 * [--input ...] --output DIR [--master URL] [--partitions N] [--no-embeddings]}: analyses every
 * audio file of the inputs on a Spark cluster into Parquet rows ({@link FeatureSchema}) under the
 * output directory, incrementally (see {@link AnalyzeJob}), and prints one JSON line: {@code
 * {"total":…,"extracted":…,"skipped":…,"failed":…,"partitions":…,"elapsedSeconds":…}}.
 *
 * <p>Exit codes: 0 when the job ran (failed files are rows, not errors), 1 when it could not run
 * (an output written by a newer SDK, a missing input), 2 for a usage error.
 */
public final class Analyze {
  private Analyze() {}

  static final String USAGE =
      "usage: Analyze --input DIR|LISTFILE [--input ...] --output DIR [--master URL]"
          + " [--partitions N] [--no-embeddings]";

  /** Runs the job and exits with its code. */
  public static void main(String[] args) {
    int code = run(args, null, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * Runs the job on {@code spark}, or on a session of its own when null (stopped at the end).
   *
   * @return the exit code
   */
  static int run(String[] args, SparkSession spark, PrintStream out, PrintStream err) {
    List<String> inputs = new ArrayList<>();
    String output = null;
    String master = null;
    int partitions = 0;
    boolean embeddings = true;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--input" -> inputs.add(value(args, ++i));
          case "--output" -> output = value(args, ++i);
          case "--master" -> master = value(args, ++i);
          case "--partitions" -> {
            partitions = Integer.parseInt(value(args, ++i));
            if (partitions < 1) {
              throw new IllegalArgumentException("--partitions must be >= 1");
            }
          }
          case "--no-embeddings" -> embeddings = false;
          case "-h", "--help" -> {
            out.println(USAGE);
            return 0;
          }
          default -> throw new IllegalArgumentException("Unknown option " + args[i]);
        }
      }
      if (inputs.isEmpty() || output == null) {
        throw new IllegalArgumentException("--input and --output are required");
      }
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    AnalyzeOptions options = new AnalyzeOptions(inputs, output, partitions, embeddings);
    SparkSession session = spark != null ? spark : Sessions.create("selection-analyze", master);
    try {
      AnalyzeSummary s = AnalyzeJob.run(session, options);
      out.println(s.toJson());
      return 0;
    } catch (OutputDirectory.NewerFormatException | IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 1;
    } catch (java.io.IOException e) {
      err.println("error: " + e);
      return 1;
    } finally {
      if (spark == null) {
        session.stop();
      }
    }
  }

  static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value");
    }
    return args[i];
  }
}
