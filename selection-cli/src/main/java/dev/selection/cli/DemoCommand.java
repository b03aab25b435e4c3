package dev.selection.cli;

import dev.selection.api.CancellationToken;
import dev.selection.api.Explanation;
import dev.selection.api.ExtractOptions;
import dev.selection.api.ExtractionReport;
import dev.selection.api.Label;
import dev.selection.api.Phase;
import dev.selection.api.PredictResult;
import dev.selection.api.PredictStatus;
import dev.selection.api.ScoredSong;
import dev.selection.api.SelectionEngine;
import dev.selection.api.TrainResult;
import dev.selection.api.TrainStatus;
import dev.selection.core.samples.DemoLibrary;
import dev.selection.core.samples.DemoStyle;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code selection demo}: the whole pipeline on generated audio, no downloads. Writes a small
 * library of five synthetic styles, analyses it, likes most of one style and dislikes most of the
 * others, trains, ranks the held-out songs and prints the top 10 with scores and explanations.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Runs the whole pipeline on a generated demo library (no downloads).")
final class DemoCommand implements Callable<Integer> {
  @ParentCommand Main parent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--library",
      paramLabel = "DIR",
      description = "Library root for the demo (default: ./selection-demo).")
  Path library;

  @Option(
      names = "--per-style",
      paramLabel = "N",
      description = "Tracks per style (default: ${DEFAULT-VALUE}).")
  int perStyle = 16;

  @Option(
      names = "--held-out",
      paramLabel = "N",
      description = "Tracks per style left unlabelled and ranked (default: ${DEFAULT-VALUE}).")
  int heldOut = 4;

  @Option(
      names = "--seconds",
      paramLabel = "SEC",
      description = "Length of each generated track (default: ${DEFAULT-VALUE}).")
  double seconds = 20;

  @Option(
      names = "--like",
      paramLabel = "STYLE",
      description = "The style to like: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  DemoStyle like = DemoStyle.TECHNO;

  @Option(names = "--json", description = "Print the ranking as JSON lines.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (perStyle < 3 || heldOut < 1 || heldOut >= perStyle) {
      throw new IllegalArgumentException("need --per-style >= 3 and 1 <= --held-out < --per-style");
    }
    PrintWriter out = spec.commandLine().getOut();
    // With --json, stdout carries only the JSON rows; the narration goes to stderr.
    PrintWriter text = json ? spec.commandLine().getErr() : out;
    Path root =
        library != null
            ? library
            : parent != null && parent.library != null ? parent.library : Path.of("selection-demo");
    Files.createDirectories(root);
    Path audio = root.resolve("demo-audio");
    say(
        text,
        "Generating %d tracks of %d styles in %s ...",
        perStyle * DemoStyle.values().length,
        DemoStyle.values().length,
        audio);
    List<DemoLibrary.Track> tracks = DemoLibrary.write(audio, perStyle, seconds, 22_050, 2026);

    int labelled = perStyle - heldOut;
    int positives = labelled;
    int negatives = labelled * (DemoStyle.values().length - 1);
    // The demo is small: lower the training threshold to the liked count it has (the default, 20,
    // suits real libraries); the negative ratio stays at its default of 4.
    int minPositives = Math.min(20, positives);
    try (SelectionEngine engine =
        SelectionEngine.builder(root)
            .autoTrain(false, 20, Duration.ofSeconds(8))
            .minPositives(minPositives)
            .build()) {
      List<Path> files = new ArrayList<>();
      tracks.forEach(t -> files.add(t.path()));
      ExtractionReport scan =
          engine.extractFeatures(
              files,
              ExtractOptions.DEFAULTS,
              new LineProgress(text, Phase.EXTRACT),
              new CancellationToken());
      say(
          text,
          "Analysed %d tracks (%d already current, %d failed) at %.0fx realtime.",
          scan.extracted(),
          scan.skipped(),
          scan.failed(),
          scan.realtimeFactor());

      Map<String, DemoLibrary.Track> bySong = new HashMap<>();
      List<String> liked = new ArrayList<>();
      List<String> disliked = new ArrayList<>();
      List<String> candidates = new ArrayList<>();
      for (DemoLibrary.Track t : tracks) {
        String id = engine.songIdFor(t.path());
        bySong.put(id, t);
        if (t.index() > labelled) {
          candidates.add(id);
        } else if (t.style() == like) {
          liked.add(id);
        } else {
          disliked.add(id);
        }
      }
      engine.resetSelectionLabels();
      engine.setSelectionLabels(liked, Label.LIKED);
      engine.setSelectionLabels(disliked, Label.DISLIKED);
      say(
          text,
          "Labelled %d %s tracks liked and %d others disliked (training needs >= %d liked and "
              + ">= 4x as many disliked).",
          liked.size(),
          like.genre(),
          disliked.size(),
          minPositives);

      TrainResult trained =
          engine.train(new LineProgress(text, Phase.TRAIN), new CancellationToken());
      if (trained.status() != TrainStatus.TRAINED) {
        say(text, "Training did not finish: %s %s", trained.status().wireName(), trained.message());
        return 1;
      }
      Map<String, Double> m = trained.metrics().model();
      Map<String, Double> b = trained.metrics().baseline();
      say(
          text,
          "Trained model revision %d: held-out ROC-AUC %.3f (centroid-cosine baseline %.3f), "
              + "NDCG@10 %.3f (baseline %.3f).",
          trained.modelRevision(),
          m.getOrDefault("roc_auc", Double.NaN),
          b.getOrDefault("roc_auc", Double.NaN),
          m.getOrDefault("ndcg@10", Double.NaN),
          b.getOrDefault("ndcg@10", Double.NaN));

      PredictResult ranked = engine.predictSelectionCandidates(candidates, 10);
      if (ranked.status() != PredictStatus.OK) {
        say(text, "Prediction: %s %s", ranked.status().wireName(), ranked.message());
        return 1;
      }
      say(
          text,
          "%nTop 10 of the %d held-out tracks (the %s ones should lead):",
          candidates.size(),
          like.genre());
      int hits = 0;
      for (ScoredSong s : ranked.items()) {
        DemoLibrary.Track t = bySong.get(s.songId());
        if (t.style() == like) {
          hits++;
        }
        Explanation e = engine.explain(s.songId()).orElse(null);
        if (json) {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("rank", s.rank());
          row.put("score", s.score());
          row.put("songId", s.songId());
          row.put("path", t.path().toString());
          row.put("style", t.style().genre());
          if (e != null) {
            row.put(
                "nearestLiked",
                e.nearestLiked().stream().map(n -> bySong.get(n.songId()).title()).toList());
            row.put(
                "topFeatures", e.contributions().stream().limit(3).map(c -> c.feature()).toList());
          }
          out.println(Json.line(row));
          continue;
        }
        out.printf(
            Locale.ROOT,
            "%2d. %.3f  %-28s [%s]%n",
            s.rank(),
            s.score(),
            t.title(),
            t.style().genre());
        if (e != null) {
          List<String> near = new ArrayList<>();
          e.nearestLiked()
              .forEach(
                  n ->
                      near.add(
                          String.format(
                              Locale.ROOT,
                              "%s (%.2f)",
                              bySong.get(n.songId()).title(),
                              n.similarity())));
          List<String> why = new ArrayList<>();
          e.contributions().stream()
              .limit(3)
              .forEach(
                  c ->
                      why.add(
                          String.format(Locale.ROOT, "%s %+.2f", c.feature(), c.contribution())));
          out.println("      nearest liked: " + String.join(", ", near));
          out.println("      top features:  " + String.join(", ", why));
        }
      }
      say(
          text,
          "%n%d of the top %d are %s (%d %s tracks were held out).",
          hits,
          ranked.items().size(),
          like.genre(),
          Math.min(heldOut, 10),
          like.genre());
    }
    out.flush();
    return 0;
  }

  private static void say(PrintWriter out, String format, Object... args) {
    out.printf(Locale.ROOT, format + "%n", args);
    out.flush();
  }

  /** Prints a progress line at every quarter. */
  private static final class LineProgress implements dev.selection.api.ProgressListener {
    private final PrintWriter out;
    private final Phase phase;
    private int lastQuarter = -1;

    LineProgress(PrintWriter out, Phase phase) {
      this.out = out;
      this.phase = phase;
    }

    @Override
    public void onProgress(dev.selection.api.Progress p) {
      if (p.phase() != phase || p.total() == 0) {
        return;
      }
      int quarter = (int) (4 * p.done() / p.total());
      if (quarter != lastQuarter) {
        lastQuarter = quarter;
        out.printf(
            Locale.ROOT,
            "  %s %d/%d%s%n",
            p.phase().wireName(),
            p.done(),
            p.total(),
            p.realtimeFactor() > 0
                ? String.format(Locale.ROOT, " (%.0fx realtime)", p.realtimeFactor())
                : "");
        out.flush();
      }
    }
  }
}
