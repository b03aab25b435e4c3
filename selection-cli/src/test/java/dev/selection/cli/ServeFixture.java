package dev.selection.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selection.api.SelectionEngine;
import dev.selection.api.SongFeatures;
import dev.selection.api.SongMetadata;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/** Starts {@code selection serve} (HTTP) in process on a free port, for the tests. */
final class ServeFixture implements AutoCloseable {
  final ServeCommand.Running running;
  final HttpServe http;
  final HttpClient client = HttpClient.newHttpClient();
  private final AtomicInteger ids = new AtomicInteger();

  ServeFixture(Path library, String... options) throws IOException {
    List<String> args = new ArrayList<>(List.of("--library", library.toString(), "serve"));
    args.addAll(List.of(options));
    picocli.CommandLine cl = Main.commandLine();
    picocli.CommandLine.ParseResult parsed = cl.parseArgs(args.toArray(String[]::new));
    ServeCommand cmd = parsed.subcommand().commandSpec().commandLine().getCommand();
    http = new HttpServe("127.0.0.1", 0);
    running = cmd.open(http::broadcast);
    http.start(running.rpc());
    running.rpc().loadTable();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + http.port() + path);
  }

  /** Calls a method and returns the whole response. */
  JsonNode call(String method, ObjectNode params) throws IOException, InterruptedException {
    ObjectNode req = Json.mapper().createObjectNode();
    req.put("jsonrpc", "2.0");
    req.put("id", ids.incrementAndGet());
    req.put("method", method);
    req.set("params", params);
    return post(Json.mapper().writeValueAsString(req));
  }

  JsonNode post(String body) throws IOException, InterruptedException {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(uri("/rpc"))
                .timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return Json.mapper().readTree(r.body());
  }

  static ObjectNode params() {
    return Json.mapper().createObjectNode();
  }

  @Override
  public void close() {
    http.close();
    running.close();
  }

  /**
   * Writes {@code n} songs with metadata, BPM and key (no audio) into a library, in batches, as a
   * stand-in for a large analysed library.
   */
  static void writeSongs(Path library, int n) {
    try (SelectionEngine engine =
        SelectionEngine.builder(library)
            .embeddings(false)
            .autoTrain(false, 20, Duration.ofSeconds(8))
            .build()) {
      String[] keys = {"C major", "A minor", "G major", "E minor", "F# minor", "Bb major"};
      List<SongFeatures> batch = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        batch.add(
            SongFeatures.builder(songId(i))
                .fileHash(songId(i + 1_000_000_000))
                .bpm(90.0 + (i * 7919 % 800) / 10.0)
                .key(keys[i % keys.length])
                .durationSec(180.0)
                .metadata(
                    new SongMetadata(
                        String.format(Locale.ROOT, "Track %05d", (i * 7919) % n),
                        "Artist " + (i % 997),
                        "Album " + (i % 3001),
                        List.of("house"),
                        2000 + i % 25,
                        null))
                .build());
        if (batch.size() == 5000) {
          engine.upsertSongFeatures(batch);
          batch.clear();
        }
      }
      engine.upsertSongFeatures(batch);
    }
  }

  static String songId(int i) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
