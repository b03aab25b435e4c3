/**
 * Catalogue-scale library analysis as an Apache Spark job: {@link dev.selection.spark.Analyze}
 * writes every stored feature of every file as Parquet rows (incremental and restartable), {@link
 * dev.selection.spark.ImportFeatures} merges them into a library. See {@code docs/spark.md}.
 */
package dev.selection.spark;
