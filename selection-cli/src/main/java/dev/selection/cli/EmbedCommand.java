package dev.selection.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selection.api.CancellationToken;
import dev.selection.api.Embedding;
import dev.selection.api.EmbeddingBudget;
import dev.selection.api.SegmentPolicy;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.AudioExcerpt;
import dev.selection.core.internal.audio.DecoderRegistry;
import dev.selection.core.internal.audio.TrackIdentifier;
import dev.selection.core.internal.dsp.segment.SegmentSelector;
import dev.selection.core.internal.extract.TrackAnalyzer;
import dev.selection.onnx.OnnxEfficientAtEmbedder;
import dev.selection.onnx.OnnxOpenL3Embedder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
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

  private final Mono48kLoader loader;
  private final PrintStream out;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  /** Creates the command with the SDK's decoders and resampler, printing to picocli's output. */
  public EmbedCommand() {
    this.loader = new DecoderMono48kLoader();
    this.out = null;
  }

  /**
   * Creates the command with a loader (e.g. the SDK's decoders + resampler) and an output stream.
   */
  public EmbedCommand(Mono48kLoader loader, PrintStream out) {
    this.loader = Objects.requireNonNull(loader, "loader");
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
      return builtIn();
    }
    EmbeddingBudget budget = new EmbeddingBudget(hopSec, maxWindows, maxSeconds);
    ObjectMapper mapper = new ObjectMapper();
    int failures = 0;
    try (OnnxOpenL3Embedder embedder = new OnnxOpenL3Embedder(modelDir, threads)) {
      for (Path file : files) {
        ObjectNode row = mapper.createObjectNode();
        row.put("path", file.toString());
        try {
          Mono48kLoader.Loaded audio = loader.load(file);
          // The shared segment strategy picks the excerpts, as in library analysis.
          List<AudioExcerpt> excerpts =
              new SegmentSelector(SegmentPolicy.DEFAULT, 48_000).selectExcerpts(audio.samples());
          Embedding e = embedder.embed(excerpts, budget, CancellationToken.none());
          row.put("model", OnnxOpenL3Embedder.NAME);
          row.put("dims", e.dimension());
          row.put("songId", audio.songId());
          row.put("windows", e.windows());
          row.put("modelVersion", e.modelVersion());
          ArrayNode vector = row.putArray("vector");
          for (float v : e.vector()) {
            vector.add(v);
          }
        } catch (SelectionException e) {
          failures++;
          row.put("error", e.code().wireName());
          row.put("message", e.getMessage());
        } catch (IOException e) {
          failures++;
          row.put("error", "io_error");
          row.put("message", e.getMessage());
        }
        print(row.toString());
      }
    }
    return failures == 0 ? 0 : 1;
  }

  /** The built-in model over the whole track, decoded once by the SDK's decoders. */
  private int builtIn() {
    ObjectMapper mapper = new ObjectMapper();
    int failures = 0;
    try (OnnxEfficientAtEmbedder embedder =
        OnnxEfficientAtEmbedder.bundled(threads, trackWindows)) {
      if (!embedder.isAvailable()) {
        print(
            mapper
                .createObjectNode()
                .put("error", "runtime_unavailable")
                .put(
                    "message",
                    "The built-in model (selection-model-efficientat) is not on the class path")
                .toString());
        return 1;
      }
      TrackIdentifier identifier =
          new TrackIdentifier(DecoderRegistry.withDiscovered(List.of()), Clock.systemUTC());
      TrackAnalyzer analyzer =
          new TrackAnalyzer(
              identifier, SegmentPolicy.DEFAULT, List.of(embedder), EmbeddingBudget.DEFAULT);
      List<String> names = embedder.tagNames();
      for (Path file : files) {
        ObjectNode row = mapper.createObjectNode();
        row.put("path", file.toString());
        try {
          TrackAnalyzer.Embedded embedded =
              analyzer.embedWithIdentity(
                  file,
                  OnnxEfficientAtEmbedder.KIND,
                  EmbeddingBudget.DEFAULT,
                  CancellationToken.none());
          Embedding e = embedded.embedding();
          String songId = embedded.identity().songId();
          row.put("model", OnnxEfficientAtEmbedder.MODEL_NAME);
          row.put("dims", e.dimension());
          row.put("songId", songId);
          row.put("windows", e.windows());
          row.put("modelVersion", e.modelVersion());
          ArrayNode vector = row.putArray("vector");
          for (float v : e.vector()) {
            vector.add(v);
          }
          Json.putTopTags(row.putArray("tags"), e.tags(), names, 5);
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
