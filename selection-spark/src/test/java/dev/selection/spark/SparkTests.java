package dev.selection.spark;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.apache.spark.sql.SparkSession;

/**
 * The tests' one Spark session: {@code local[2,3]} (two task threads, up to three attempts per task
 * so that a failed first attempt is retried, as on a cluster), no UI. Spark 3.5 runs on Java 17 to
 * 21; on other JVMs the tests are skipped with the reason printed.
 */
final class SparkTests {
  private static SparkSession session;

  private SparkTests() {}

  /** Skips the calling test class unless Spark runs on this JVM. */
  static void assumeSparkRuns() {
    int feature = Runtime.version().feature();
    boolean supported = feature >= 17 && feature <= 21;
    if (!supported) {
      System.out.println(
          "Spark tests skipped: Spark 3.5 runs on Java 17-21, this JVM is Java " + feature);
    }
    assumeTrue(supported, "Spark 3.5 runs on Java 17-21, this JVM is Java " + feature);
  }

  /** Returns the shared session, made on first use. */
  static synchronized SparkSession spark() {
    if (session == null) {
      session =
          SparkSession.builder()
              .master("local[2,3]")
              .appName("selection-spark-tests")
              .config("spark.ui.enabled", "false")
              .config("spark.sql.shuffle.partitions", "4")
              .config("spark.driver.host", "127.0.0.1")
              .getOrCreate();
    }
    return session;
  }
}
