package dev.selection.cli;

import dev.selection.api.LabelSnapshot;
import dev.selection.api.PredictResult;
import dev.selection.api.PredictStatus;
import dev.selection.api.ScoredSong;
import dev.selection.api.SelectionEngine;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code selection rank}: scores the library's unlabelled songs with the current model. */
@Command(
    name = "rank",
    mixinStandardHelpOptions = true,
    description = "Ranks the unlabelled songs of the library by predicted liking.")
final class RankCommand implements Callable<Integer> {
  @ParentCommand Main parent;
  @Mixin LibraryOption library;
  @Mixin TrainingOptions training;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--top",
      paramLabel = "K",
      description = "How many to print, 0 for all (default: ${DEFAULT-VALUE}).")
  int top = 100;

  @Option(names = "--include-labelled", description = "Also score liked and disliked songs.")
  boolean includeLabelled;

  @Option(names = "--json", description = "Print {path, songId, score, rank} JSON lines.")
  boolean json;

  @Override
  public Integer call() {
    if (top < 0) {
      throw new IllegalArgumentException("--top must be >= 0");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (SelectionEngine engine = training.open(library, parent)) {
      List<String> candidates = new ArrayList<>(engine.songIds());
      if (!includeLabelled) {
        LabelSnapshot s = engine.getSelectionLabelSnapshot();
        Set<String> labelled = new HashSet<>(s.positiveIds());
        labelled.addAll(s.negativeIds());
        candidates.removeIf(labelled::contains);
      }
      PredictResult r = engine.predictSelectionCandidates(candidates, top);
      if (r.status() != PredictStatus.OK) {
        err.println(
            "error: "
                + r.status().wireName()
                + (r.errorCode() == null ? "" : " (" + r.errorCode().wireName() + ")")
                + (r.message().isEmpty() ? "" : ": " + r.message()));
        return 1;
      }
      for (ScoredSong s : r.items()) {
        String path = engine.pathOf(s.songId()).map(Object::toString).orElse(null);
        if (json) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("path", path);
          m.put("songId", s.songId());
          m.put("score", s.score());
          m.put("rank", s.rank());
          out.println(Json.line(m));
        } else {
          out.printf(
              Locale.ROOT,
              "%4d  %.4f  %s%n",
              s.rank(),
              s.score(),
              path != null ? path : s.songId());
        }
      }
    }
    out.flush();
    return 0;
  }
}
