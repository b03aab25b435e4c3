package dev.selection.spark;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link Analyze} does.
 *
 * @param inputs directories (listed recursively) and list files (one path or URI per line)
 * @param output the output directory (created; earlier rows are kept and reused)
 * @param partitions tasks for the analysis, or 0 for the default (see {@link AnalyzeJob})
 * @param embeddings whether to compute the learned embeddings
 * @param failFirstAttempt test hook: partitions whose first attempt fails, and where
 */
record AnalyzeOptions(
    List<String> inputs,
    String output,
    int partitions,
    boolean embeddings,
    Map<Integer, AnalyzeTask.FailPoint> failFirstAttempt) {
  AnalyzeOptions {
    inputs = List.copyOf(inputs);
    Objects.requireNonNull(output, "output");
    failFirstAttempt = Map.copyOf(failFirstAttempt);
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("At least one --input is needed");
    }
    if (partitions < 0) {
      throw new IllegalArgumentException("--partitions must be >= 1");
    }
  }

  AnalyzeOptions(List<String> inputs, String output, int partitions, boolean embeddings) {
    this(inputs, output, partitions, embeddings, Map.of());
  }
}
