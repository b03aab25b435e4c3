package dev.selection.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code selection serve} over HTTP: loopback only, foreign Host and Origin refused, POST /rpc,
 * server-sent events to several listeners, bad requests answered clearly.
 */
class ServeHttpTest {
  @TempDir Path library;

  /** Sends a raw request (the JDK client will not forge a Host header) and returns the status. */
  private static String raw(int port, String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void onlyLocalPages_canDriveTheServer() throws Exception {
    try (ServeFixture s = new ServeFixture(library, "--no-embeddings", "--no-auto-train")) {
      int port = s.http.port();
      assertThat(s.http.address().getAddress().isLoopbackAddress()).isTrue();
      String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"selection:status\"}";
      String ok =
          raw(
              port,
              "POST /rpc HTTP/1.1\r\nHost: 127.0.0.1:"
                  + port
                  + "\r\nContent-Type: application/json\r\nContent-Length: "
                  + body.length()
                  + "\r\nConnection: close\r\n\r\n"
                  + body);
      assertThat(ok).startsWith("HTTP/1.1 200").contains("\"featureRows\":0");
      // DNS rebinding: a page of evil.example resolved to 127.0.0.1 sends its own Host.
      String rebound =
          raw(
              port,
              "POST /rpc HTTP/1.1\r\nHost: evil.example:"
                  + port
                  + "\r\nContent-Type: application/json\r\nContent-Length: "
                  + body.length()
                  + "\r\nConnection: close\r\n\r\n"
                  + body);
      assertThat(rebound).startsWith("HTTP/1.1 403");
      String page = raw(port, "GET / HTTP/1.1\r\nHost: attacker.test\r\nConnection: close\r\n\r\n");
      assertThat(page).startsWith("HTTP/1.1 403");
      // A page elsewhere posting to localhost: its Origin gives it away.
      String crossSite =
          raw(
              port,
              "POST /rpc HTTP/1.1\r\nHost: localhost:"
                  + port
                  + "\r\nOrigin: https://evil.example\r\nContent-Type: application/json"
                  + "\r\nContent-Length: "
                  + body.length()
                  + "\r\nConnection: close\r\n\r\n"
                  + body);
      assertThat(crossSite).startsWith("HTTP/1.1 403");
      // A cross-site form can only send text/plain or form types: refused.
      HttpResponse<String> form =
          s.client.send(
              HttpRequest.newBuilder(s.uri("/rpc"))
                  .header("Content-Type", "text/plain")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(form.statusCode()).isEqualTo(415);
      HttpResponse<String> get =
          s.client.send(
              HttpRequest.newBuilder(s.uri("/rpc")).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(get.statusCode()).isEqualTo(405);
    }
  }

  @Test
  void webAppAndRpc_areServedFromTheJar() throws Exception {
    try (ServeFixture s = new ServeFixture(library, "--no-embeddings", "--no-auto-train")) {
      for (String path : List.of("/", "/app.js", "/app.css", "/favicon.svg")) {
        HttpResponse<String> r =
            s.client.send(
                HttpRequest.newBuilder(s.uri(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(r.body())
            .as("nothing from a CDN")
            .doesNotContain("https://", "cdn.", "src=\"http");
      }
      HttpResponse<String> missing =
          s.client.send(
              HttpRequest.newBuilder(s.uri("/../pom.xml")).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(missing.statusCode()).isEqualTo(404);

      JsonNode malformed = s.post("{\"jsonrpc\":");
      assertThat(malformed.get("error").get("code").asInt()).isEqualTo(-32700);
      HttpResponse<String> notification =
          s.client.send(
              HttpRequest.newBuilder(s.uri("/rpc"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"jsonrpc\":\"2.0\",\"method\":\"selection:status\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(notification.statusCode()).isEqualTo(204);
      byte[] huge = new byte[HttpServe.MAX_BODY_BYTES + 10];
      java.util.Arrays.fill(huge, (byte) ' ');
      HttpResponse<String> tooBig =
          s.client.send(
              HttpRequest.newBuilder(s.uri("/rpc"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(huge))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(tooBig.statusCode()).isEqualTo(413);
      assertThat(tooBig.body()).contains("-32700");
      assertThat(s.call("selection:status", ServeFixture.params()).has("result")).isTrue();
    }
  }

  @Test
  void events_reachEveryListener_andAGoneListenerIsForgotten() throws Exception {
    ServeFixture.writeSongs(library, 20);
    try (ServeFixture s = new ServeFixture(library, "--no-embeddings", "--no-auto-train")) {
      List<String> first = new CopyOnWriteArrayList<>();
      List<String> second = new CopyOnWriteArrayList<>();
      CompletableFuture<HttpResponse<Stream<String>>> a = listen(s, first);
      CompletableFuture<HttpResponse<Stream<String>>> b = listen(s, second);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (s.http.listeners() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(s.http.listeners()).isEqualTo(2);
      ObjectNode p = ServeFixture.params().put("label", "liked");
      p.putArray("songIds").add(ServeFixture.songId(3));
      assertThat(s.call("selection:labels:set", p).get("result").get("changed").asInt()).isOne();
      while ((!has(first) || !has(second)) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(first).contains("event: selection:libraryChanged");
      assertThat(second).contains("event: selection:libraryChanged");
      JsonNode page =
          s.call(
                  "selection:library:page",
                  ServeFixture.params().put("sort", "label").put("order", "desc"))
              .get("result");
      assertThat(page.get("rows").get(0).get("label").asText()).isEqualTo("liked");
      a.get(5, TimeUnit.SECONDS).body().close();
      b.cancel(true);
    }
  }

  @Test
  void aClientDisconnectingMidScan_leavesTheScanToFinish_andTheServerServing() throws Exception {
    Path music = library.resolve("music");
    List<dev.selection.core.samples.DemoLibrary.Track> tracks =
        dev.selection.core.samples.DemoLibrary.write(music, 3, 10, 22_050, 2);
    Path lib = java.nio.file.Files.createDirectories(library.resolve("lib"));
    try (ServeFixture s = new ServeFixture(lib, "--no-embeddings", "--no-auto-train")) {
      String body =
          "{\"jsonrpc\":\"2.0\",\"id\":\"scan\",\"method\":\"selection:scan\","
              + "\"params\":{\"folder\":"
              + Json.mapper().writeValueAsString(music.toString())
              + "}}";
      CompletableFuture<HttpResponse<String>> scan =
          s.client.sendAsync(
              HttpRequest.newBuilder(s.uri("/rpc"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (s.call("selection:status", ServeFixture.params()).get("result").get("running").asInt()
              < 2
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      scan.cancel(true); // the browser tab is closed
      int running;
      do {
        Thread.sleep(100);
        running =
            s.call("selection:status", ServeFixture.params()).get("result").get("running").asInt();
      } while (running > 1 && System.nanoTime() < deadline);
      JsonNode status = s.call("selection:status", ServeFixture.params()).get("result");
      assertThat(status.get("featureRows").asInt()).isEqualTo(tracks.size());
      assertThat(
              s.call("selection:library:page", ServeFixture.params())
                  .get("result")
                  .get("songs")
                  .asInt())
          .isEqualTo(tracks.size());
    }
  }

  private static boolean has(List<String> lines) {
    return lines.contains("event: selection:libraryChanged");
  }

  private static CompletableFuture<HttpResponse<Stream<String>>> listen(
      ServeFixture s, List<String> into) {
    CompletableFuture<HttpResponse<Stream<String>>> f =
        s.client.sendAsync(
            HttpRequest.newBuilder(s.uri("/events")).timeout(Duration.ofMinutes(1)).GET().build(),
            HttpResponse.BodyHandlers.ofLines());
    f.thenAccept(
        r -> {
          Thread t = new Thread(() -> r.body().forEach(into::add), "sse-reader");
          t.setDaemon(true);
          t.start();
        });
    return f;
  }
}
