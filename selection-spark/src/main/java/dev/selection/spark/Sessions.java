package dev.selection.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Spark sessions of the mains. */
final class Sessions {
  private Sessions() {}

  /**
   * Returns a session: on {@code master} when given, else on the master spark-submit set, else
   * {@code local[*]} (a run on the module's class path).
   */
  static SparkSession create(String appName, String master) {
    SparkConf conf = new SparkConf().setAppName(appName);
    if (master != null) {
      conf.setMaster(master);
    } else if (!conf.contains("spark.master")) {
      conf.setMaster("local[*]");
    }
    return SparkSession.builder().config(conf).getOrCreate();
  }
}
