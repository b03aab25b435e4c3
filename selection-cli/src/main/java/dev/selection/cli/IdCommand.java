package dev.selection.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selection.api.CancellationToken;
import dev.selection.api.EmbeddingBudget;
import dev.selection.api.ErrorCode;
import dev.selection.api.SegmentPolicy;
import dev.selection.api.SelectionException;
import dev.selection.api.SongMetadata;
import dev.selection.core.internal.audio.DecoderRegistry;
import dev.selection.core.internal.audio.TrackIdentifier;
import dev.selection.core.internal.audio.TrackIdentity;
import dev.selection.core.internal.extract.TrackAnalyzer;
import dev.selection.onnx.OnnxEfficientAtEmbedder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code selection id FILE... [--json]}: decodes each file once and prints its songId, format and
 * tags. Every file is processed; a failure is reported for that file and the exit code is 1 when
 * any failed. With {@code --json}, one JSON object per line: {@code path, songId, format,
 * sampleRate, channels, durationSec, bitrateKbps, decoder, title, artist, album, genre, year}, or
 * {@code path, error, message} for a failure ({@code error} is the {@link ErrorCode#wireName()}).
 * With {@code --audio-tags}, also the five most probable sound tags of the built-in model (AudioSet
 * classes), from the same decode.
 */
@Command(
    name = "id",
    mixinStandardHelpOptions = true,
    description =
        "Print the songId (SHA-256 of the canonical PCM), format and tags of audio files.")
public final class IdCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Audio files to identify.")
  List<Path> files;

  @Option(names = "--json", description = "One JSON object per line instead of text.")
  boolean json;

  @Option(
      names = "--audio-tags",
      description =
          "Also print the five most probable sound tags (AudioSet classes) of the built-in"
              + " model.")
  boolean audioTags;

  @Spec CommandSpec spec;

  private final TrackIdentifier identifier;

  /** Uses the pure-Java decoders and, when present, ffmpeg. */
  public IdCommand() {
    this(new TrackIdentifier(DecoderRegistry.withDiscovered(List.of()), Clock.systemUTC()));
  }

  /**
   * Uses the given identifier (tests, embedding).
   *
   * @param identifier decodes and hashes the files
   */
  public IdCommand(TrackIdentifier identifier) {
    this.identifier = Objects.requireNonNull(identifier, "identifier");
  }

  /** Identifies every file; returns 0 when all succeeded, else 1. */
  @Override
  public Integer call() throws JsonProcessingException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    OnnxEfficientAtEmbedder tagger =
        audioTags
            ? OnnxEfficientAtEmbedder.bundled(
                Math.min(2, Runtime.getRuntime().availableProcessors()),
                OnnxEfficientAtEmbedder.DEFAULT_MAX_WINDOWS)
            : null;
    try {
      return run(out, err, tagger);
    } finally {
      if (tagger != null) {
        tagger.close();
      }
    }
  }

  private int run(PrintWriter out, PrintWriter err, OnnxEfficientAtEmbedder tagger)
      throws JsonProcessingException {
    TrackAnalyzer analyzer =
        tagger == null
            ? null
            : new TrackAnalyzer(
                identifier, SegmentPolicy.DEFAULT, List.of(tagger), EmbeddingBudget.DEFAULT);
    boolean failed = false;
    for (Path file : files) {
      Map<String, Object> row;
      try {
        if (analyzer == null) {
          row = describe(identifier.identify(file));
        } else {
          TrackAnalyzer.Embedded e =
              analyzer.embedWithIdentity(
                  file,
                  OnnxEfficientAtEmbedder.KIND,
                  EmbeddingBudget.DEFAULT,
                  CancellationToken.none());
          row = describe(e.identity());
          com.fasterxml.jackson.databind.node.ArrayNode tags = JSON.createArrayNode();
          Json.putTopTags(tags, e.embedding().tags(), tagger.tagNames(), 5);
          List<String> text = new java.util.ArrayList<>();
          tags.forEach(t -> text.add(t.get("tag").asText() + " " + t.get("p").asText()));
          row.put("audioTags", json ? tags : String.join(", ", text));
        }
      } catch (SelectionException e) {
        failed = true;
        row = error(file, e.code(), e.getMessage());
      } catch (RuntimeException e) {
        failed = true;
        row = error(file, ErrorCode.INTERNAL_ERROR, e.toString());
      }
      if (json) {
        out.println(JSON.writeValueAsString(row));
      } else if (row.containsKey("error")) {
        err.println(file + ": " + row.get("error") + ": " + row.get("message"));
      } else {
        StringBuilder sb = new StringBuilder();
        row.forEach(
            (k, v) -> {
              if (!k.equals("path") && v != null) {
                sb.append("  ").append(k).append('=').append(v);
              }
            });
        out.println(file.toString() + sb);
      }
      out.flush();
      err.flush();
    }
    return failed ? 1 : 0;
  }

  private static Map<String, Object> describe(TrackIdentity id) {
    SongMetadata m = id.tags().metadata();
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("path", id.path().toString());
    row.put("songId", id.songId());
    row.put("format", id.info().format());
    row.put("sampleRate", id.info().sampleRateHz());
    row.put("channels", id.info().channels());
    row.put("durationSec", Math.round(id.durationSec() * 1000) / 1000.0);
    row.put("bitrateKbps", Math.round(id.bitrateKbps() * 10) / 10.0);
    row.put("decoder", id.decoder());
    row.put("title", m.title());
    row.put("artist", m.artist());
    row.put("album", m.album());
    row.put("genre", m.genres().isEmpty() ? null : String.join("; ", m.genres()));
    row.put("year", m.year());
    return row;
  }

  private static Map<String, Object> error(Path file, ErrorCode code, String message) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("path", file.toString());
    row.put("error", code.wireName());
    row.put("message", message);
    return row;
  }
}
