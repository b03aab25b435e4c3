package dev.selection.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs {@code selection serve --stdio} in process on a pair of pipes, as a host would see it: every
 * line the server writes must be one JSON object.
 */
final class StdioHarness implements AutoCloseable {
  private final PipedOutputStream toServer = new PipedOutputStream();
  private final LinkedBlockingQueue<JsonNode> lines = new LinkedBlockingQueue<>();
  private final List<JsonNode> seen = new ArrayList<>();
  final List<JsonNode> notifications = new CopyOnWriteArrayList<>();
  final List<String> garbage = new CopyOnWriteArrayList<>();
  private final Thread server;
  private volatile Throwable failure;

  StdioHarness(Path library, String... options) throws IOException {
    List<String> args = new ArrayList<>(List.of("--library", library.toString(), "serve"));
    args.add("--stdio");
    args.addAll(List.of(options));
    picocli.CommandLine cl = Main.commandLine();
    picocli.CommandLine.ParseResult parsed = cl.parseArgs(args.toArray(String[]::new));
    ServeCommand cmd = parsed.subcommand().commandSpec().commandLine().getCommand();
    PipedInputStream in = new PipedInputStream(toServer, 1 << 20);
    StdioServer.LineWriter out = new StdioServer.LineWriter(new LineSplitter());
    ServeCommand.Running running = cmd.open(out::write);
    server =
        new Thread(
            () -> {
              try (running) {
                new StdioServer(in, out, cmd.maxLineBytes).run(running.rpc());
              } catch (IOException | RuntimeException e) {
                failure = e;
              }
            },
            "stdio-server");
    server.start();
  }

  /** Splits the server's output into lines and parses each. */
  private final class LineSplitter extends OutputStream {
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    @Override
    public void write(int b) {
      if (b != '\n') {
        line.write(b);
        return;
      }
      String text = line.toString(StandardCharsets.UTF_8);
      line.reset();
      try {
        JsonNode n = Json.mapper().readTree(text);
        if (n == null || !n.isObject()) {
          garbage.add(text);
        } else {
          if (!n.has("id")) {
            notifications.add(n);
          }
          lines.add(n);
        }
      } catch (IOException e) {
        garbage.add(text);
      }
    }
  }

  void sendLine(String line) throws IOException {
    toServer.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    toServer.flush();
  }

  void sendBytes(byte[] bytes) throws IOException {
    toServer.write(bytes);
    toServer.flush();
  }

  /** Sends a request; returns nothing (use {@link #response}). */
  void send(Object id, String method, ObjectNode params) throws IOException {
    ObjectNode req = Json.mapper().createObjectNode();
    req.put("jsonrpc", "2.0");
    if (id instanceof Integer i) {
      req.put("id", i);
    } else if (id != null) {
      req.put("id", id.toString());
    }
    req.put("method", method);
    if (params != null) {
      req.set("params", params);
    }
    sendLine(Json.mapper().writeValueAsString(req));
  }

  /** Sends a request and waits for its response. */
  JsonNode call(Object id, String method, ObjectNode params) throws Exception {
    send(id, method, params);
    return response(id);
  }

  /** Waits for the response with this id (other messages are kept for later). */
  JsonNode response(Object id) throws InterruptedException {
    String want = id instanceof Integer ? id.toString() : "\"" + id + "\"";
    return await(n -> n.has("id") && n.get("id").toString().equals(want), 120);
  }

  /** Waits for the first message (seen before or arriving) that matches. */
  synchronized JsonNode await(Predicate<JsonNode> match, int seconds) throws InterruptedException {
    for (Iterator<JsonNode> it = seen.iterator(); it.hasNext(); ) {
      JsonNode n = it.next();
      if (match.test(n)) {
        it.remove();
        return n;
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      long left = deadline - System.nanoTime();
      JsonNode n = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
      if (n == null) {
        throw new AssertionError("no matching message within " + seconds + " s; seen " + seen);
      }
      if (match.test(n)) {
        return n;
      }
      seen.add(n);
    }
  }

  /** Closes the server's input, as a host that exits does, and waits for the server to stop. */
  boolean disconnect(int seconds) throws Exception {
    toServer.close();
    server.join(TimeUnit.SECONDS.toMillis(seconds));
    if (failure != null) {
      throw new AssertionError("the server failed", failure);
    }
    return !server.isAlive();
  }

  static ObjectNode params() {
    return Json.mapper().createObjectNode();
  }

  @Override
  public void close() throws Exception {
    if (server.isAlive()) {
      disconnect(60);
    }
  }
}
