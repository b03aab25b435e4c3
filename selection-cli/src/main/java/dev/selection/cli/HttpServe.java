package dev.selection.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of {@code selection serve}: the JSON-RPC methods at {@code POST /rpc}, their
 * notifications as server-sent events at {@code GET /events}, and the web app at {@code /}, all
 * from the jar.
 *
 * <p>It listens on 127.0.0.1 unless told otherwise, and refuses (403) any request whose {@code
 * Host} is not this server's local name or whose {@code Origin}, when present, is not this server:
 * a web page on another site cannot drive it, even through DNS rebinding. {@code POST /rpc} also
 * requires {@code Content-Type: application/json}, which a cross-site form cannot send without a
 * CORS preflight that this server never grants.
 *
 * <p>Built on the JDK's {@code jdk.httpserver} module (an exported, supported API).
 */
@SuppressForbidden(
    reason =
        "com.sun.net.httpserver is the exported, supported API of the jdk.httpserver module"
            + " (not an internal class): it keeps the CLI free of a web server dependency")
final class HttpServe implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpServe.class);

  /** The largest request body: 16 MiB. */
  static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  private static final Map<String, String> STATIC =
      Map.of(
          "/", "index.html",
          "/index.html", "index.html",
          "/app.js", "app.js",
          "/app.css", "app.css",
          "/favicon.svg", "favicon.svg");

  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml");

  private final HttpServer server;
  private final ExecutorService executor;
  private final ScheduledExecutorService pinger;
  private final CopyOnWriteArrayList<SseClient> clients = new CopyOnWriteArrayList<>();
  private final Set<String> hosts;
  private final Set<String> origins;
  private volatile RpcService service;

  /** One browser listening to {@code /events}. */
  @SuppressForbidden(reason = "jdk.httpserver's exchange, see the outer class")
  private static final class SseClient {
    final HttpExchange exchange;
    final OutputStream out;

    SseClient(HttpExchange exchange) {
      this.exchange = exchange;
      this.out = exchange.getResponseBody();
    }

    synchronized void send(byte[] bytes) throws IOException {
      out.write(bytes);
      out.flush();
    }
  }

  /**
   * Binds the server (not yet serving).
   *
   * @param host the interface: 127.0.0.1 unless the user asks for another
   * @param port the port, or 0 for any free one
   * @throws IOException if the port cannot be bound
   */
  HttpServe(String host, int port) throws IOException {
    InetAddress address = InetAddress.getByName(host);
    server = HttpServer.create(new InetSocketAddress(address, port), 64);
    int bound = server.getAddress().getPort();
    hosts =
        Set.copyOf(
            List.of(
                "127.0.0.1:" + bound,
                "localhost:" + bound,
                "[::1]:" + bound,
                hostPort(host, bound)));
    origins = hosts.stream().map(h -> "http://" + h).collect(Collectors.toUnmodifiableSet());
    AtomicInteger n = new AtomicInteger();
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "selection-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pinger =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "selection-sse-ping");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  private static String hostPort(String host, int port) {
    return (host.contains(":") ? "[" + host + "]" : host).toLowerCase(Locale.ROOT) + ":" + port;
  }

  /** Returns the bound address. */
  InetSocketAddress address() {
    return server.getAddress();
  }

  /** Returns the bound port. */
  int port() {
    return server.getAddress().getPort();
  }

  /** Starts serving with these methods. */
  void start(RpcService rpc) {
    this.service = rpc;
    server.start();
    pinger.scheduleAtFixedRate(
        () -> broadcast(": ping\n\n".getBytes(StandardCharsets.UTF_8)), 15, 15, TimeUnit.SECONDS);
  }

  /** Sends a notification to every {@code /events} listener. */
  void broadcast(ObjectNode message) {
    String event = message.path("method").asText("message");
    String data;
    try {
      data = Json.mapper().writeValueAsString(message.get("params"));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    broadcast(("event: " + event + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
  }

  private void broadcast(byte[] bytes) {
    for (SseClient c : clients) {
      try {
        c.send(bytes);
      } catch (IOException e) {
        // The browser went away: forget it.
        clients.remove(c);
        c.exchange.close();
      }
    }
  }

  int listeners() {
    return clients.size();
  }

  private void handle(HttpExchange ex) throws IOException {
    try {
      Headers h = ex.getRequestHeaders();
      String host = h.getFirst("Host");
      String origin = h.getFirst("Origin");
      if (host == null || !hosts.contains(host.toLowerCase(Locale.ROOT))) {
        text(ex, 403, "Forbidden: this server answers only to its local address\n");
        return;
      }
      if (origin != null && !origins.contains(origin.toLowerCase(Locale.ROOT))) {
        text(ex, 403, "Forbidden: requests from other sites are refused\n");
        return;
      }
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      if (path.equals("/rpc")) {
        if (!method.equals("POST")) {
          ex.getResponseHeaders().set("Allow", "POST");
          text(ex, 405, "Use POST\n");
          return;
        }
        rpc(ex);
      } else if (path.equals("/events")) {
        if (!method.equals("GET")) {
          text(ex, 405, "Use GET\n");
          return;
        }
        events(ex);
      } else if (STATIC.containsKey(path) && (method.equals("GET") || method.equals("HEAD"))) {
        resource(ex, STATIC.get(path));
      } else {
        text(ex, 404, "Not found\n");
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("HTTP exchange failed: {}", e.toString());
      ex.close();
    }
  }

  private void rpc(HttpExchange ex) throws IOException {
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      text(ex, 415, "POST /rpc takes Content-Type: application/json\n");
      return;
    }
    byte[] body = readBody(ex.getRequestBody());
    if (body == null) {
      json(ex, 413, RpcService.lineTooLong(MAX_BODY_BYTES));
      return;
    }
    CompletableFuture<ObjectNode> reply = new CompletableFuture<>();
    boolean answered = service.handle(new String(body, StandardCharsets.UTF_8), reply::complete);
    if (!answered) {
      ex.getResponseHeaders().set("Cache-Control", "no-store");
      ex.sendResponseHeaders(204, -1);
      ex.close();
      return;
    }
    ObjectNode response;
    try {
      response = reply.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ex.close();
      return;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
    json(ex, 200, response);
  }

  private static byte[] readBody(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[64 * 1024];
    int n;
    while ((n = in.read(buf)) > 0) {
      if (out.size() + n > MAX_BODY_BYTES) {
        in.transferTo(OutputStream.nullOutputStream());
        return null;
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  private void events(HttpExchange ex) throws IOException {
    Headers r = ex.getResponseHeaders();
    r.set("Content-Type", "text/event-stream; charset=utf-8");
    r.set("Cache-Control", "no-store");
    r.set("X-Content-Type-Options", "nosniff");
    ex.sendResponseHeaders(200, 0);
    SseClient c = new SseClient(ex);
    c.send(": connected\nretry: 2000\n\n".getBytes(StandardCharsets.UTF_8));
    clients.add(c);
  }

  private void resource(HttpExchange ex, String name) throws IOException {
    byte[] bytes;
    try (InputStream in = HttpServe.class.getResourceAsStream("web/" + name)) {
      if (in == null) {
        text(ex, 404, "Not found\n");
        return;
      }
      bytes = in.readAllBytes();
    }
    Headers r = ex.getResponseHeaders();
    r.set("Content-Type", TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
    r.set("Cache-Control", "no-cache");
    r.set("X-Content-Type-Options", "nosniff");
    r.set("X-Frame-Options", "DENY");
    r.set(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'");
    r.set("Referrer-Policy", "no-referrer");
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.sendResponseHeaders(200, -1);
      ex.close();
      return;
    }
    ex.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void json(HttpExchange ex, int status, ObjectNode body) throws IOException {
    byte[] bytes = Json.mapper().writeValueAsBytes(body);
    Headers r = ex.getResponseHeaders();
    r.set("Content-Type", "application/json; charset=utf-8");
    r.set("Cache-Control", "no-store");
    r.set("X-Content-Type-Options", "nosniff");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void text(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    pinger.shutdownNow();
    for (SseClient c : clients) {
      c.exchange.close();
    }
    clients.clear();
    server.stop(0);
    executor.shutdownNow();
  }
}
