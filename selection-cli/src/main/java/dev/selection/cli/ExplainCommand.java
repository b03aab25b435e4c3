package dev.selection.cli;

import dev.selection.api.Explanation;
import dev.selection.api.SelectionEngine;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code selection explain FILE}: why a song got its score. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description =
        "Explains a song's score: its nearest liked and disliked songs, the sound tags it "
            + "shares with the liked songs and the top feature contributions.")
final class ExplainCommand implements Callable<Integer> {
  private static final Pattern SONG_ID = Pattern.compile("[0-9a-f]{64}");

  @ParentCommand Main parent;
  @Mixin LibraryOption library;
  @Mixin TrainingOptions training;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE|SONGID", description = "An audio file or a song id.")
  String target;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (SelectionEngine engine = training.open(library, parent)) {
      String id = SONG_ID.matcher(target).matches() ? target : engine.songIdFor(Path.of(target));
      Optional<Explanation> e = engine.explain(id);
      if (e.isEmpty()) {
        err.println(
            "error: no explanation for "
                + target
                + ": train a model first, and analyse the song (selection scan)");
        return 1;
      }
      Explanation x = e.get();
      if (json) {
        out.println(Json.mapper().writeValueAsString(x));
      } else {
        out.printf(Locale.ROOT, "%s%nscore %.4f%nnearest liked songs:%n", target, x.score());
        for (Explanation.Neighbor n : x.nearestLiked()) {
          out.printf(
              Locale.ROOT,
              "  %.3f (%s)  %s%n",
              n.similarity(),
              n.descriptor(),
              engine.pathOf(n.songId()).map(Object::toString).orElse(n.songId()));
        }
        if (!x.nearestDisliked().isEmpty()) {
          out.println("nearest disliked songs (of the model's contrast sample):");
          for (Explanation.Neighbor n : x.nearestDisliked()) {
            out.printf(
                Locale.ROOT,
                "  %.3f (%s)  %s%n",
                n.similarity(),
                n.descriptor(),
                engine.pathOf(n.songId()).map(Object::toString).orElse(n.songId()));
          }
        }
        if (!x.sharedTags().isEmpty()) {
          out.println("sound tags shared with the liked songs (this song / liked mean):");
          for (Explanation.SharedTag t : x.sharedTags()) {
            out.printf(
                Locale.ROOT, "  %-28s %.2f / %.2f%n", t.tag(), t.probability(), t.likedMean());
          }
        }
        out.println("top feature contributions (log-odds):");
        for (Explanation.Contribution c : x.contributions()) {
          out.printf(
              Locale.ROOT,
              "  %+.4f  %-24s = %s%n",
              c.contribution(),
              c.feature(),
              Double.isNaN(c.value()) ? "missing" : String.format(Locale.ROOT, "%.4f", c.value()));
        }
      }
    }
    out.flush();
    return 0;
  }
}
