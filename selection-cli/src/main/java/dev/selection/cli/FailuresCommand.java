package dev.selection.cli;

import dev.selection.api.ExtractionFailure;
import dev.selection.api.SelectionEngine;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code selection failures [--json]}: the files whose analysis failed and that have not changed
 * since (a scan does not retry them): path, error code, message and when.
 */
@Command(
    name = "failures",
    mixinStandardHelpOptions = true,
    description = "Lists the files whose analysis failed (path, error code, message, when).")
final class FailuresCommand implements Callable<Integer> {
  @ParentCommand Main parent;
  @Mixin LibraryOption library;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--json", description = "Print one JSON object per failure.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<ExtractionFailure> failures;
    try (SelectionEngine engine = library.open(parent)) {
      failures = engine.listFailures();
    }
    for (ExtractionFailure f : failures) {
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", f.path());
        m.put("error", f.code().wireName());
        m.put("message", f.message());
        m.put("at", f.at().toString());
        out.println(Json.line(m));
      } else {
        out.println(f.at() + "  " + f.code().wireName() + "  " + f.path() + ": " + f.message());
      }
    }
    if (!json) {
      out.println(failures.size() + " failed file(s)");
    }
    out.flush();
    return 0;
  }
}
