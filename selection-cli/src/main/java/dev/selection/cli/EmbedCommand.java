package dev.selection.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selection.api.AnalysisConfig;
import dev.selection.api.AudioAnalyzer;
import dev.selection.api.CancellationToken;
import dev.selection.api.Embedding;
import dev.selection.api.EmbeddingBudget;
import dev.selection.api.SelectionException;
import dev.selection.api.SongFeatures;
import dev.selection.api.TrackEmbedding;
import dev.selection.onnx.OnnxEfficientAtEmbedder;
import dev.selection.onnx.OnnxOpenL3Embedder;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code selection embed FILE... [--model-dir DIR] [--json]}: one pooled embedding per file,
 * printed as one JSON object per line: {@code {path, model, dims, vector, songId, windows,
 * modelVersion}} (plus {@code tags}, the five most probable AudioSet classes, for the built-in
 * model), or {@code {path, error, message}}. Without {@code --model-dir} the built-in EfficientAT
 * model embeds the whole track; with it, the OpenL3 model of that folder embeds the segment-policy
 * excerpts.
 */
@Command(
    name = "embed",
    mixinStandardHelpOptions = true,
    description =
        "Compute pooled embeddings of audio files: the built-in EfficientAT model, or an"
            + " OpenL3 model with --model-dir.")
public final class EmbedCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Audio files")
  List<Path> files;

  @Option(
      names = "--model-dir",
      paramLabel = "DIR",
      description =
          "Folder with an OpenL3 manifest.json and ONNX model (default: the built-in"
              + " EfficientAT model)")
  Path modelDir;

  @Option(names = "--json", description = "Print JSON lines (the only output format for now)")
  boolean json;

  @Option(
      names = "--max-track-windows",
      paramLabel = "N",
      description = "Built-in model: most 10-s windows per track (default: ${DEFAULT-VALUE})")
  int trackWindows = OnnxEfficientAtEmbedder.DEFAULT_MAX_WINDOWS;

  @Option(
      names = "--hop",
      paramLabel = "SEC",
      description = "Hop between 1-s windows (default: ${DEFAULT-VALUE})")
  double hopSec = EmbeddingBudget.DEFAULT.hopSec();

  @Option(
      names = "--max-windows",
      paramLabel = "N",
      description = "Most windows (default: ${DEFAULT-VALUE})")
  int maxWindows = EmbeddingBudget.DEFAULT.maxWindows();

  @Option(
      names = "--max-seconds",
      paramLabel = "SEC",
      description = "Most seconds (default: ${DEFAULT-VALUE})")
  double maxSeconds = EmbeddingBudget.DEFAULT.maxSeconds();

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Inference threads (default: ${DEFAULT-VALUE})")
  int threads = Math.min(2, Runtime.getRuntime().availableProcessors());

  private final PrintStream out;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  /** Creates the command printing to picocli's output. */
  public EmbedCommand() {
    this.out = null;
  }

  /** Creates the command printing to {@code out} (tests, embedding). */
  public EmbedCommand(PrintStream out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  private void print(String line) {
    if (out != null) {
      out.println(line);
    } else {
      spec.commandLine().getOut().println(line);
      spec.commandLine().getOut().flush();
    }
  }

  @Override
  public Integer call() {
    if (modelDir == null) {
      // The built-in model with this command's window count: an embedder the command owns.
      try (OnnxEfficientAtEmbedder embedder =
          OnnxEfficientAtEmbedder.bundled(threads, trackWindows)) {
        if (!embedder.isAvailable()) {
          print(
              new ObjectMapper()
                  .createObjectNode()
                  .put("error", "runtime_unavailable")
                  .put(
                      "message",
                      "The built-in model (selection-model-efficientat) is not on the class path")
                  .toString());
          return 1;
        }
        AnalysisConfig config =
            AnalysisConfig.builder().threadBudget(threads).embedder(embedder).build();
        return embedAll(config, SongFeatures.EFFICIENTAT, OnnxEfficientAtEmbedder.MODEL_NAME);
      }
    }
    // OpenL3 on the segment-policy excerpts, as in library analysis; the built-in model is not
    // loaded.
    AnalysisConfig config =
        AnalysisConfig.builder()
            .threadBudget(threads)
            .openL3ModelDir(modelDir)
            .embeddingBudget(new EmbeddingBudget(hopSec, maxWindows, maxSeconds))
            .build();
    return embedAll(config, SongFeatures.OPENL3, OnnxOpenL3Embedder.NAME);
  }

  /** Embeds every file with the analyzer's embedder of {@code kind}; one JSON line each. */
  private int embedAll(AnalysisConfig config, String kind, String model) {
    ObjectMapper mapper = new ObjectMapper();
    int failures = 0;
    try (AudioAnalyzer analyzer = AudioAnalyzer.create(config)) {
      List<String> names = analyzer.tagNames(kind);
      for (Path file : files) {
        ObjectNode row = mapper.createObjectNode();
        row.put("path", file.toString());
        try {
          TrackEmbedding embedded = analyzer.embed(file, kind, CancellationToken.none());
          Embedding e = embedded.embedding();
          row.put("model", model);
          row.put("dims", e.dimension());
          row.put("songId", embedded.track().songId());
          row.put("windows", e.windows());
          row.put("modelVersion", e.modelVersion());
          ArrayNode vector = row.putArray("vector");
          for (float v : e.vector()) {
            vector.add(v);
          }
          if (!names.isEmpty()) {
            Json.putTopTags(row.putArray("tags"), e.tags(), names, 5);
          }
        } catch (SelectionException e) {
          failures++;
          row.put("error", e.code().wireName());
          row.put("message", e.getMessage());
        }
        print(row.toString());
      }
    }
    return failures == 0 ? 0 : 1;
  }
}
