package dev.selection.cli;

import dev.selection.api.CancellationToken;
import dev.selection.api.SelectionEngine;
import dev.selection.api.TrainResult;
import dev.selection.api.TrainStatus;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code selection train}: trains a model from the stored labels. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Trains the ranking model from the stored labels.")
final class TrainCommand implements Callable<Integer> {
  @ParentCommand Main parent;
  @Mixin LibraryOption library;
  @Mixin TrainingOptions training;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--json", description = "Print the result as one JSON object.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    CancellationToken cancel = new CancellationToken();
    Thread hook = new Thread(cancel::cancel, "selection-train-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    TrainResult r;
    try (SelectionEngine engine = training.open(library, parent)) {
      r = engine.train(p -> {}, cancel);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is running.
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", r.status().wireName());
    m.put("modelRevision", r.modelRevision());
    m.put("modelPath", r.modelPath() == null ? null : r.modelPath().toString());
    m.put("errorCode", r.errorCode() == null ? null : r.errorCode().wireName());
    m.put("message", r.message());
    if (r.metrics() != null) {
      m.put("positives", r.metrics().positives());
      m.put("negatives", r.metrics().negatives());
      m.put("trees", r.metrics().trees());
      m.put("split", r.metrics().split());
      m.put("metrics", r.metrics().model());
      m.put("baseline", r.metrics().baseline());
    }
    if (json) {
      out.println(Json.line(m));
    } else {
      out.printf(
          Locale.ROOT,
          "%s: model revision %d%s%n",
          r.status().wireName(),
          r.modelRevision(),
          r.message().isEmpty() ? "" : " (" + r.message() + ")");
      if (r.metrics() != null) {
        EvalCommand.printTable(out, r.metrics());
      }
    }
    out.flush();
    return r.status() == TrainStatus.TRAINED ? 0 : 1;
  }
}
