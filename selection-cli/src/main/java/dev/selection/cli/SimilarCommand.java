package dev.selection.cli;

import dev.selection.api.CancellationToken;
import dev.selection.api.ExtractOptions;
import dev.selection.api.ExtractionFailure;
import dev.selection.api.ExtractionReport;
import dev.selection.api.ProgressListener;
import dev.selection.api.SelectionEngine;
import dev.selection.api.SimilarResult;
import dev.selection.api.SimilarSong;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code selection similar FILE|songId...}: "more like these" — the library's songs most similar to
 * the seeds on the built-in embedding (cosine to the seeds' centroid), with no model and no
 * dislikes.
 */
@Command(
    name = "similar",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the library's songs most like the given ones (no model or dislikes needed).",
      "A seed is a song id or a file; a file the library has not analysed yet is analysed first."
    })
final class SimilarCommand implements Callable<Integer> {
  private static final Pattern SONG_ID = Pattern.compile("[0-9a-f]{64}");

  @ParentCommand Main parent;
  @Mixin LibraryOption library;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE|SONGID", description = "The seeds.")
  List<String> seeds;

  @Option(
      names = "--top",
      paramLabel = "K",
      description = "How many songs to list, 0 for all (default: ${DEFAULT-VALUE}).")
  int top = 20;

  @Option(names = "--json", description = "Print {rank, similarity, path, songId} JSON lines.")
  boolean json;

  @Override
  public Integer call() {
    if (top < 0) {
      throw new IllegalArgumentException("--top must be >= 0");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (SelectionEngine engine = library.open(parent)) {
      List<String> ids = new ArrayList<>();
      List<Path> files = new ArrayList<>();
      for (String s : seeds) {
        if (SONG_ID.matcher(s).matches() && !Files.exists(Path.of(s))) {
          ids.add(s);
        } else {
          files.add(Path.of(s));
        }
      }
      if (!files.isEmpty()) {
        // Analyse the seed files that are new to the library (current ones are skipped).
        ExtractionReport r =
            engine.extractFeatures(
                files, ExtractOptions.DEFAULTS, ProgressListener.NONE, new CancellationToken());
        for (ExtractionFailure f : r.failures()) {
          err.println("seed failed: " + f.path() + ": " + f.code().wireName() + ": " + f.message());
        }
        for (Path f : files) {
          try {
            ids.add(engine.songIdFor(f));
          } catch (dev.selection.api.SelectionException e) {
            // Reported above.
          }
        }
      }
      SimilarResult r = engine.similar(ids, top);
      if (r.items().isEmpty() && r.descriptor().isEmpty()) {
        err.println("error: " + r.message());
        return 1;
      }
      for (String id : r.seedsWithoutFeatures()) {
        err.println(
            "seed without a "
                + (r.descriptor().isEmpty() ? "usable vector" : r.descriptor() + " vector")
                + ", left out: "
                + id);
      }
      for (SimilarSong s : r.items()) {
        String path = engine.pathOf(s.songId()).map(Object::toString).orElse(null);
        if (json) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("rank", s.rank());
          m.put("similarity", Math.round(s.similarity() * 10_000) / 10_000.0);
          m.put("path", path);
          m.put("songId", s.songId());
          m.put("descriptor", r.descriptor());
          out.println(Json.line(m));
        } else {
          out.printf(
              Locale.ROOT,
              "%4d  %+.4f  %s%n",
              s.rank(),
              s.similarity(),
              path != null ? path : s.songId());
        }
      }
      if (!json) {
        err.println(r.message());
      }
    }
    out.flush();
    return 0;
  }
}
