package dev.selection.cli;

import dev.selection.api.AnalysisConfig;
import dev.selection.api.AudioAnalyzer;
import dev.selection.api.BeatGrid;
import dev.selection.api.CancellationToken;
import dev.selection.api.Embedding;
import dev.selection.api.FileAnalysis;
import dev.selection.api.MusicalKey;
import dev.selection.api.SelectionException;
import dev.selection.api.SongFeatures;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code selection features FILE... [--json]}: decodes each file once and prints every content
 * feature; stores nothing.
 */
@Command(
    name = "features",
    mixinStandardHelpOptions = true,
    description =
        "Prints the audio features of files, with their sound tags and built-in embedding"
            + " (one decode each); stores nothing.")
final class FeaturesCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Audio files.")
  List<Path> files;

  @Option(names = "--json", description = "Print one JSON object per file.")
  boolean json;

  @Option(
      names = "--no-embeddings",
      description = "Skip the built-in embedding and its sound tags (faster).")
  boolean noEmbeddings;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    AnalysisConfig config =
        AnalysisConfig.builder()
            .embeddings(!noEmbeddings)
            .threadBudget(Math.min(2, Runtime.getRuntime().availableProcessors()))
            .build();
    try (AudioAnalyzer analyzer = AudioAnalyzer.create(config)) {
      return run(out, err, analyzer);
    }
  }

  private int run(PrintWriter out, PrintWriter err, AudioAnalyzer analyzer) {
    int failures = 0;
    for (Path file : files) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", file.toString());
      try {
        FileAnalysis r = analyzer.analyze(file, CancellationToken.none());
        SongFeatures f = r.features();
        m.put("songId", f.songId());
        m.put("durationSec", f.durationSec());
        m.put("bitrateKbps", f.bitrateKbps());
        m.put("rmsMean", f.rmsMean());
        m.put("loudnessLufs", f.loudnessLufs());
        m.put("bpm", f.bpm());
        m.put("bpmConfidence", f.bpmConfidence());
        m.put("bpmCandidates", r.bpmCandidates());
        BeatGrid grid = f.beatGrid();
        m.put("beats", grid == null ? List.of() : rounded(grid.beatsSec()));
        m.put("downbeats", grid == null ? List.of() : rounded(grid.downbeatsSec()));
        m.put("beatGrid", grid == null ? null : gridJson(grid));
        m.put("key", f.key());
        m.put("keyStrength", f.keyStrength());
        m.put("camelot", f.key() == null ? null : MusicalKey.parse(f.key()).camelot());
        m.put("hpcp", f.hpcp());
        m.put("timbre", f.timbre());
        m.put("chromaprint", f.chromaprintFingerprint());
        Embedding e = f.embedding(SongFeatures.EFFICIENTAT).orElse(null);
        if (e != null) {
          com.fasterxml.jackson.databind.node.ArrayNode tags = Json.mapper().createArrayNode();
          Json.putTopTags(tags, e.tags(), analyzer.tagNames(SongFeatures.EFFICIENTAT), 5);
          m.put("tags", tags);
          m.put("embeddingModel", e.modelVersion());
          m.put("embeddingWindows", e.windows());
          m.put("embedding", e.vector());
        }
        if (json) {
          out.println(Json.line(m));
        } else {
          m.forEach((k, v) -> out.println(k + ": " + text(v)));
          out.println();
        }
      } catch (SelectionException e) {
        failures++;
        if (json) {
          Map<String, Object> fail = new LinkedHashMap<>();
          fail.put("path", file.toString());
          fail.put("error", e.code().wireName());
          fail.put("message", e.getMessage());
          out.println(Json.line(fail));
        } else {
          err.println("error: " + file + ": " + e.code().wireName() + ": " + e.getMessage());
        }
      }
    }
    out.flush();
    return failures == 0 ? 0 : 1;
  }

  /** Beat times to the millisecond: the grid's precision, and short enough to read. */
  private static List<Double> rounded(double[] times) {
    List<Double> out = new ArrayList<>(times.length);
    for (double t : times) {
      out.add(Math.round(t * 1000) / 1000.0);
    }
    return out;
  }

  /** The stored, compact form: constant-tempo sections and the bar layout. */
  private static Map<String, Object> gridJson(BeatGrid grid) {
    Map<String, Object> g = new LinkedHashMap<>();
    List<Map<String, Object>> sections = new ArrayList<>();
    for (BeatGrid.Section s : grid.sections()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("startSec", s.startSec());
      m.put("periodSec", s.periodSec());
      m.put("beats", s.beats());
      sections.add(m);
    }
    g.put("sections", sections);
    g.put("beatsPerBar", grid.beatsPerBar());
    g.put("firstDownbeat", grid.firstDownbeat());
    return g;
  }

  private static String text(Object v) {
    if (v instanceof com.fasterxml.jackson.databind.node.ArrayNode tags) {
      StringBuilder sb = new StringBuilder();
      tags.forEach(
          t ->
              sb.append(sb.length() == 0 ? "" : ", ")
                  .append(t.get("tag").asText())
                  .append(String.format(java.util.Locale.ROOT, " %.2f", t.get("p").asDouble())));
      return sb.toString();
    }
    if (v instanceof float[] a) {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < a.length; i++) {
        sb.append(i == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%.3f", a[i]));
      }
      return sb.append(']').toString();
    }
    return String.valueOf(v);
  }
}
