package dev.selection.cli;

import dev.selection.api.EngineStatus;
import dev.selection.api.ModelState;
import dev.selection.api.SelectionEngine;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code selection status}: label counts, sample change count, model revision and state, feature
 * rows. Exits 1 when the stored model is damaged (unreadable manifest, missing model file, wrong
 * checksum), 0 otherwise.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Shows label counts, sampleChangeCount, modelRevision and feature rows.")
final class StatusCommand implements Callable<Integer> {
  @ParentCommand Main parent;
  @Mixin LibraryOption library;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (SelectionEngine engine = library.open(parent)) {
      EngineStatus s = engine.status();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("library", engine.libraryRoot().toAbsolutePath().toString());
      m.put("liked", s.liked());
      m.put("disliked", s.disliked());
      m.put("sampleChangeCount", s.sampleChangeCount());
      m.put("modelRevision", s.modelRevision());
      m.put("featureRows", s.featureRows());
      m.put("failures", s.failures());
      m.put("model", s.model().wireName());
      if (s.modelProblem() != null) {
        m.put("modelProblem", s.modelProblem());
      }
      if (json) {
        out.println(Json.line(m));
      } else {
        m.forEach((k, v) -> out.println(k + ": " + v));
      }
      out.flush();
      // A damaged model is a failure (exit 1): ranking would refuse it. Not trained yet is not.
      return s.model() == ModelState.DAMAGED ? 1 : 0;
    }
  }
}
