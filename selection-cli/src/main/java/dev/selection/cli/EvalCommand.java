package dev.selection.cli;

import dev.selection.api.CancellationToken;
import dev.selection.api.EngineStatus;
import dev.selection.api.RankingMetric;
import dev.selection.api.SelectionEngine;
import dev.selection.api.TrainResult;
import dev.selection.api.TrainStatus;
import dev.selection.api.TrainingMetrics;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code selection eval}: evaluates the stored labels next to the centroid-cosine baseline. With
 * too few labels it prints {@code insufficient_samples} with the counts needed and present, and
 * exits 1.
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description =
        "Evaluates the stored labels next to a centroid-cosine baseline on the same folds: a "
            + "time split (latest 20%% of labels held out) when labels were set at different times, else "
            + "stratified 5-fold; saves nothing.")
final class EvalCommand implements Callable<Integer> {
  @ParentCommand Main parent;
  @Mixin LibraryOption library;
  @Mixin TrainingOptions training;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--json", description = "Print the metrics as one JSON object.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    TrainResult r;
    EngineStatus status;
    try (SelectionEngine engine = training.open(library, parent)) {
      r = engine.evaluateLabels(p -> {}, new CancellationToken());
      status = engine.status();
    }
    TrainingMetrics m = r.metrics();
    if (r.status() != TrainStatus.TRAINED || m == null) {
      // Too few labels (or a cancelled or failed run): say what is needed, as train does.
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("status", r.status().wireName());
      row.put("errorCode", r.errorCode() == null ? null : r.errorCode().wireName());
      row.put("message", r.message());
      row.put("liked", status.liked());
      row.put("disliked", status.disliked());
      row.put("minPositives", training.minPositives);
      row.put("negativeRatio", training.negativeRatio);
      if (json) {
        out.println(Json.line(row));
      } else {
        out.println(r.status().wireName() + ": " + r.message());
      }
      out.flush();
      return 1;
    }
    if (json) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("status", r.status().wireName());
      row.put("split", m.split());
      row.put("positives", m.positives());
      row.put("negatives", m.negatives());
      row.put("model", m.model());
      row.put("baseline", m.baseline());
      out.println(Json.line(row));
    } else {
      printTable(out, m);
    }
    out.flush();
    return 0;
  }

  /**
   * Prints metrics as a two-column table, model and baseline, in {@link RankingMetric#NAME_ORDER}
   * (cutoffs numerically), under a line naming the split the metrics were measured on.
   */
  static void printTable(PrintWriter out, TrainingMetrics m) {
    out.printf(
        Locale.ROOT,
        "%d liked, %d disliked; held out: %s%n",
        m.positives(),
        m.negatives(),
        m.split().isEmpty() ? "no evaluation (too few samples per class)" : m.split());
    out.printf(Locale.ROOT, "%-16s %8s %10s%n", "metric", "model", "baseline");
    TreeSet<String> names = new TreeSet<>(RankingMetric.NAME_ORDER);
    names.addAll(m.model().keySet());
    names.addAll(m.baseline().keySet());
    for (String n : names) {
      out.printf(
          Locale.ROOT,
          "%-16s %8.4f %10.4f%n",
          n,
          m.model().getOrDefault(n, Double.NaN),
          m.baseline().getOrDefault(n, Double.NaN));
    }
  }
}
