package dev.selection.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * A minimal W3C WebDriver client (the HTTP protocol, no Selenium) driving Debian's {@code chromium}
 * headless through {@code chromedriver}. One driver process, any number of browser sessions.
 */
final class WebDriver implements AutoCloseable {
  private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

  private final Process process;
  private final URI base;
  private final HttpClient http = HttpClient.newHttpClient();

  /** Returns why the browser tests cannot run here, or null when they can. */
  static String unavailable() {
    if (find("chromedriver") == null) {
      return "no chromedriver on the PATH (apt-get install chromium chromium-driver)";
    }
    if (browser() == null) {
      return "no chromium on the PATH (apt-get install chromium chromium-driver)";
    }
    return null;
  }

  static Path find(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  private static Path browser() {
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      Path p = find(name);
      if (p != null) {
        return p;
      }
    }
    return null;
  }

  WebDriver(Path log) throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    process =
        new ProcessBuilder(find("chromedriver").toString(), "--port=" + port)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    base = URI.create("http://127.0.0.1:" + port);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        if (get("/status").path("value").path("ready").asBoolean()) {
          return;
        }
      } catch (IOException notYet) {
        // chromedriver is starting
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("chromedriver did not start; see " + log);
      }
      Thread.sleep(100);
    }
  }

  /** A browser window. */
  final class Session implements AutoCloseable {
    final String id;

    private Session(String id) {
      this.id = id;
    }

    JsonNode cmd(String path, Object body) throws IOException, InterruptedException {
      return post("/session/" + id + path, body).get("value");
    }

    void open(String url) throws IOException, InterruptedException {
      cmd("/url", Json.mapper().createObjectNode().put("url", url));
    }

    String element(String css) throws IOException, InterruptedException {
      JsonNode v =
          cmd(
              "/element",
              Json.mapper().createObjectNode().put("using", "css selector").put("value", css));
      if (!v.has(ELEMENT)) {
        throw new AssertionError("no element " + css + ": " + v);
      }
      return v.get(ELEMENT).asText();
    }

    void click(String css) throws IOException, InterruptedException {
      JsonNode v = cmd("/element/" + element(css) + "/click", Json.mapper().createObjectNode());
      if (v != null && v.has("error")) {
        throw new AssertionError("click " + css + ": " + v);
      }
    }

    void type(String css, String text) throws IOException, InterruptedException {
      String e = element(css);
      cmd("/element/" + e + "/clear", Json.mapper().createObjectNode());
      cmd("/element/" + e + "/value", Json.mapper().createObjectNode().put("text", text));
    }

    /** Runs a script (a function body; arguments in {@code arguments}) and returns its value. */
    JsonNode js(String script, Object... args) throws IOException, InterruptedException {
      ObjectNode body = Json.mapper().createObjectNode().put("script", script);
      ArrayNode a = body.putArray("args");
      for (Object o : args) {
        a.add(Json.mapper().valueToTree(o));
      }
      JsonNode v = cmd("/execute/sync", body);
      if (v != null && v.isObject() && v.has("error")) {
        throw new AssertionError("script failed: " + v);
      }
      return v;
    }

    /** Waits until a script returns a truthy value; returns it. */
    JsonNode waitFor(String what, String script, int seconds, Object... args)
        throws IOException, InterruptedException {
      long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
      JsonNode v = null;
      while (System.nanoTime() < deadline) {
        v = js(script, args);
        if (v != null
            && !v.isNull()
            && !(v.isBoolean() && !v.asBoolean())
            && !v.asText().isEmpty()) {
          return v;
        }
        Thread.sleep(50);
      }
      JsonNode page =
          js(
              "return document.getElementById('toast').textContent + ' | '"
                  + " + document.getElementById('status').textContent + ' | '"
                  + " + document.getElementById('footer').textContent + ' | '"
                  + " + document.getElementById('progress-text').textContent");
      throw new AssertionError(
          "timed out waiting for " + what + " (last: " + v + "; page: " + page + ")");
    }

    void screenshot(Path file) throws IOException, InterruptedException {
      JsonNode v = post("/session/" + id + "/screenshot", null).get("value");
      Files.createDirectories(file.getParent());
      Files.write(file, Base64.getDecoder().decode(v.asText()));
    }

    @Override
    public void close() throws IOException, InterruptedException {
      http.send(
          HttpRequest.newBuilder(base.resolve("/session/" + id)).DELETE().build(),
          HttpResponse.BodyHandlers.discarding());
    }
  }

  Session session(int width, int height) throws IOException, InterruptedException {
    ObjectNode caps = Json.mapper().createObjectNode();
    ObjectNode chrome =
        caps.putObject("capabilities")
            .putObject("alwaysMatch")
            .put("browserName", "chrome")
            .putObject("goog:chromeOptions");
    chrome.put("binary", browser().toString());
    chrome
        .putArray("args")
        .add("--headless=new")
        .add("--no-sandbox")
        .add("--disable-gpu")
        .add("--disable-dev-shm-usage")
        .add("--window-size=" + width + "," + height);
    JsonNode r = post("/session", caps);
    String id = r.path("value").path("sessionId").asText(null);
    if (id == null) {
      throw new IOException("could not start chromium: " + r);
    }
    return new Session(id);
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
    return Json.mapper().readTree(r.body());
  }

  private JsonNode post(String path, Object body) throws IOException, InterruptedException {
    String json = body == null ? "{}" : Json.mapper().writeValueAsString(body);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(120));
    b = path.endsWith("/screenshot") ? b.GET() : b.POST(HttpRequest.BodyPublishers.ofString(json));
    HttpResponse<String> r =
        http.send(
            b.header("Content-Type", "application/json").build(),
            HttpResponse.BodyHandlers.ofString());
    return Json.mapper().readTree(r.body());
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
