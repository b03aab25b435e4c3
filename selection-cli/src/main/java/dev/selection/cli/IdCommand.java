package dev.selection.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selection.api.AnalysisConfig;
import dev.selection.api.AudioAnalyzer;
import dev.selection.api.CancellationToken;
import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.SongFeatures;
import dev.selection.api.SongMetadata;
import dev.selection.api.TrackEmbedding;
import dev.selection.api.TrackInfo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /** Identifies every file; returns 0 when all succeeded, else 1. */
  @Override
  public Integer call() throws JsonProcessingException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    AnalysisConfig config =
        AnalysisConfig.builder()
            .embeddings(audioTags)
            .threadBudget(Math.min(2, Runtime.getRuntime().availableProcessors()))
            .build();
    try (AudioAnalyzer analyzer = AudioAnalyzer.create(config)) {
      return run(out, err, analyzer);
    }
  }

  private int run(PrintWriter out, PrintWriter err, AudioAnalyzer analyzer)
      throws JsonProcessingException {
    boolean failed = false;
    for (Path file : files) {
      Map<String, Object> row;
      try {
        if (!audioTags) {
          row = describe(analyzer.identify(file));
        } else {
          TrackEmbedding e =
              analyzer.embed(file, SongFeatures.EFFICIENTAT, CancellationToken.none());
          row = describe(e.track());
          com.fasterxml.jackson.databind.node.ArrayNode tags = JSON.createArrayNode();
          Json.putTopTags(
              tags, e.embedding().tags(), analyzer.tagNames(SongFeatures.EFFICIENTAT), 5);
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

  private static Map<String, Object> describe(TrackInfo id) {
    SongMetadata m = id.metadata();
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("path", id.path().toString());
    row.put("songId", id.songId());
    row.put("format", id.format().format());
    row.put("sampleRate", id.format().sampleRateHz());
    row.put("channels", id.format().channels());
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
