package dev.selection.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selection.api.AutoTrainEvent;
import dev.selection.api.AutoTrainStatus;
import dev.selection.api.CancellationToken;
import dev.selection.api.EngineStatus;
import dev.selection.api.ErrorCode;
import dev.selection.api.Explanation;
import dev.selection.api.ExtractOptions;
import dev.selection.api.ExtractionFailure;
import dev.selection.api.ExtractionReport;
import dev.selection.api.Label;
import dev.selection.api.LabelSnapshot;
import dev.selection.api.LabelUpdate;
import dev.selection.api.PredictResult;
import dev.selection.api.Progress;
import dev.selection.api.ProgressListener;
import dev.selection.api.ScoredSong;
import dev.selection.api.SelectionEngine;
import dev.selection.api.SelectionException;
import dev.selection.api.SimilarResult;
import dev.selection.api.SimilarSong;
import dev.selection.api.SongFeatures;
import dev.selection.api.SongMetadata;
import dev.selection.api.TrainResult;
import dev.selection.api.TrainStatus;
import dev.selection.api.TrainingMetrics;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON-RPC 2.0 methods of {@code selection serve}, independent of the transport (stdio lines or
 * HTTP). The protocol is described in {@code docs/serve-protocol.md}.
 *
 * <p>Each request runs on its own worker thread, so requests overlap; a response names its
 * request's id. A long request is cancelled by {@code $/cancelRequest {id}}. Progress and
 * automatic-training events go to the notification sink. A malformed request gets an error and the
 * server keeps running. Thread-safe.
 */
final class RpcService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RpcService.class);

  /** Most requests running at once; more get {@code SERVER_BUSY}. */
  static final int MAX_IN_FLIGHT = 64;

  /** Most progress notifications per request and second (the last one is always sent). */
  private static final long PROGRESS_INTERVAL_NANOS = 100_000_000L;

  private static final Set<String> REQUEST_MEMBERS = Set.of("jsonrpc", "id", "method", "params");

  private static final ObjectMapper READER = readerWithLimits();

  /** The files of a folder that are never audio (as {@code selection scan}). */
  private static final Set<String> NOT_AUDIO = ScanCommand.NOT_AUDIO;

  private final SelectionEngine engine;
  private final SongTable table;
  private final List<Path> allowedDirs;
  private final boolean embeddings;
  private final Consumer<ObjectNode> notifications;
  private final ExecutorService workers;
  private final ExecutorService background;
  private final Map<String, CancellationToken> running = new ConcurrentHashMap<>();
  private final Map<String, Method> methods = new TreeMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean closed;

  /** One method: its parameter names, and what it does. */
  private record Method(Set<String> params, Handler handler) {}

  @FunctionalInterface
  private interface Handler {
    JsonNode apply(RpcParams p, Call call) throws IOException;
  }

  /** A running request: its id and cancellation, and a progress listener that notifies. */
  private final class Call implements ProgressListener {
    final JsonNode id;
    final String method;
    final CancellationToken cancel = new CancellationToken();
    private long lastNanos;
    private String lastPhase = "";

    Call(JsonNode id, String method) {
      this.id = id;
      this.method = method;
    }

    @Override
    public void onProgress(Progress p) {
      long now = System.nanoTime();
      boolean last = p.total() > 0 && p.done() == p.total();
      synchronized (this) {
        if (!last
            && p.phase().wireName().equals(lastPhase)
            && now - lastNanos < PROGRESS_INTERVAL_NANOS) {
          return;
        }
        lastNanos = now;
        lastPhase = p.phase().wireName();
      }
      ObjectNode n = Json.mapper().createObjectNode();
      if (id != null) {
        n.set("requestId", id);
      }
      n.put("method", method);
      n.put("phase", p.phase().wireName());
      n.put("done", p.done());
      n.put("total", p.total());
      n.put("percent", Math.round(p.percent() * 10) / 10.0);
      if (!p.message().isEmpty()) {
        n.put("message", p.message());
      }
      sendNotification("selection:progress", n);
    }
  }

  /**
   * Creates the service.
   *
   * @param table the web app's table, kept current by the methods that change the library
   * @param allowedDirs the folders whose files may be read, or empty for any
   * @param embeddings whether extraction computes the learned embeddings
   * @param notifications receives every notification (whole JSON-RPC messages); fast and
   *     thread-safe
   */
  RpcService(
      SelectionEngine engine,
      SongTable table,
      List<Path> allowedDirs,
      boolean embeddings,
      Consumer<ObjectNode> notifications) {
    this.engine = engine;
    this.table = table;
    this.allowedDirs = List.copyOf(allowedDirs);
    this.embeddings = embeddings;
    this.notifications = notifications;
    this.workers = Executors.newCachedThreadPool(daemon("selection-rpc-"));
    this.background = Executors.newSingleThreadExecutor(daemon("selection-table-"));
    register();
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private static ObjectMapper readerWithLimits() {
    ObjectMapper m = new ObjectMapper();
    m.getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(64)
                .maxStringLength(4 * 1024 * 1024)
                .maxNumberLength(64)
                .build());
    return m;
  }

  /** Forwards an automatic-training event as {@code selection:autoTrainStatus}. */
  void onAutoTrain(AutoTrainEvent e) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("status", e.status().wireName());
    n.put("at", e.at().toString());
    n.put("modelRevision", e.modelRevision());
    if (e.errorCode() != null) {
      n.put("errorCode", e.errorCode().wireName());
    }
    n.put("message", e.message());
    sendNotification("selection:autoTrainStatus", n);
    if (e.status() == AutoTrainStatus.TRAINED) {
      refreshTable("scores", true);
    }
  }

  /** Loads the web app's table and its scores in the background. */
  void loadTable() {
    background.execute(
        () -> {
          try {
            long t0 = System.nanoTime();
            table.load();
            LOG.info(
                "Loaded {} songs in {} ms",
                table.songCount(),
                (System.nanoTime() - t0) / 1_000_000);
            notifyLibraryChanged("songs");
            if (engine.status().modelRevision() > 0) {
              table.rescore(ProgressListener.NONE, new CancellationToken());
              notifyLibraryChanged("scores");
            }
          } catch (RuntimeException e) {
            LOG.error("Could not load the library's songs", e);
          }
        });
  }

  private void refreshTable(String reason, boolean rescore) {
    if (!table.loaded() || closed) {
      return;
    }
    try {
      background.execute(
          () -> {
            try {
              switch (reason) {
                case "songs" -> table.refreshSongs();
                case "labels" -> table.reloadLabels();
                case "reset" -> {
                  table.reloadLabels();
                  table.clearScores();
                }
                default -> {}
              }
              if (rescore) {
                table.rescore(ProgressListener.NONE, new CancellationToken());
              }
              notifyLibraryChanged(reason);
            } catch (RuntimeException e) {
              LOG.warn("Could not refresh the library's songs", e);
            }
          });
    } catch (RejectedExecutionException closing) {
      // The server is shutting down.
    }
  }

  private void notifyLibraryChanged(String reason) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("reason", reason);
    n.put("songs", table.songCount());
    n.put("modelRevision", table.modelRevision());
    n.put("version", table.version());
    sendNotification("selection:libraryChanged", n);
  }

  private void sendNotification(String method, ObjectNode params) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("jsonrpc", "2.0");
    n.put("method", method);
    n.set("params", params);
    try {
      notifications.accept(n);
    } catch (RuntimeException e) {
      LOG.warn("Could not send a notification", e);
    }
  }

  // ---------------------------------------------------------------- dispatch

  /**
   * Handles one message. The response (none for a notification) is passed to {@code reply}, on this
   * thread for errors found at once and on a worker thread otherwise.
   *
   * @return false when the message is a notification, so no response will follow
   */
  boolean handle(String text, Consumer<ObjectNode> reply) {
    JsonNode msg;
    try {
      msg = READER.readTree(text);
    } catch (JsonProcessingException e) {
      reply.accept(error(null, RpcError.PARSE_ERROR, "Parse error: " + e.getOriginalMessage()));
      return true;
    }
    if (msg == null || msg.isMissingNode()) {
      reply.accept(error(null, RpcError.PARSE_ERROR, "Parse error: empty message"));
      return true;
    }
    if (msg.isArray()) {
      reply.accept(
          error(
              null,
              RpcError.INVALID_REQUEST,
              "Batches are not supported: send one request object per line"));
      return true;
    }
    return handle(msg, reply);
  }

  /** Reports a line that was too long to be read (the reader skipped it). */
  static ObjectNode lineTooLong(long maxBytes) {
    return error(
        null,
        RpcError.PARSE_ERROR,
        "Parse error: message longer than " + maxBytes + " bytes (skipped)");
  }

  private boolean handle(JsonNode msg, Consumer<ObjectNode> reply) {
    JsonNode id = msg.isObject() ? msg.get("id") : null;
    boolean notification = msg.isObject() && !msg.has("id");
    String invalid = invalidReason(msg);
    if (invalid != null) {
      reply.accept(error(validId(id) ? id : null, RpcError.INVALID_REQUEST, invalid));
      return true;
    }
    String name = msg.get("method").asText();
    Consumer<ObjectNode> out = notification ? r -> {} : reply;
    if (name.equals("$/cancelRequest")) {
      try {
        JsonNode target = new RpcParams(name, msg.get("params"), Set.of("id")).id("id");
        CancellationToken t = running.get(key(target));
        if (t != null) {
          t.cancel();
        }
        out.accept(result(id, Json.mapper().createObjectNode().put("cancelled", t != null)));
      } catch (RpcError e) {
        out.accept(error(id, e));
      }
      return !notification;
    }
    Method m = methods.get(name);
    if (m == null) {
      out.accept(
          error(
              id,
              RpcError.METHOD_NOT_FOUND,
              "Method not found: " + name + " (selection:methods lists them)"));
      return !notification;
    }
    RpcParams params;
    try {
      params = new RpcParams(name, msg.get("params"), m.params());
    } catch (RpcError e) {
      out.accept(error(id, e));
      return !notification;
    }
    Call call = new Call(id, name);
    String key = notification ? null : key(id);
    if (closed) {
      out.accept(error(id, new RpcError(RpcError.SERVER_BUSY, "The server is shutting down")));
      return !notification;
    }
    if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
      inFlight.decrementAndGet();
      out.accept(
          error(
              id,
              new RpcError(
                  RpcError.SERVER_BUSY,
                  "More than " + MAX_IN_FLIGHT + " requests are running; retry later")));
      return !notification;
    }
    if (key != null && running.putIfAbsent(key, call.cancel) != null) {
      inFlight.decrementAndGet();
      out.accept(
          error(
              id,
              RpcError.INVALID_REQUEST,
              "A request with id "
                  + id
                  + " is still running: ids of running requests must differ"));
      return true;
    }
    try {
      workers.execute(() -> run(m, params, call, key, out));
    } catch (RejectedExecutionException e) {
      finish(key);
      out.accept(error(id, new RpcError(RpcError.SERVER_BUSY, "The server is shutting down")));
    }
    return !notification;
  }

  private void run(Method m, RpcParams params, Call call, String key, Consumer<ObjectNode> out) {
    ObjectNode response;
    try {
      response = result(call.id, m.handler().apply(params, call));
    } catch (RpcError e) {
      response = error(call.id, e);
    } catch (SelectionException e) {
      response =
          e.code() == ErrorCode.CANCELLED
              ? error(
                  call.id,
                  new RpcError(
                      RpcError.REQUEST_CANCELLED, "Request cancelled", ErrorCode.CANCELLED))
              : error(call.id, new RpcError(RpcError.SDK_ERROR, e.getMessage(), e.code()));
    } catch (IllegalArgumentException e) {
      response = error(call.id, RpcError.params(call.method + ": " + e.getMessage()));
    } catch (IllegalStateException e) {
      // The engine was closed under the request: the server is shutting down.
      response =
          error(call.id, new RpcError(RpcError.INTERNAL, e.getMessage(), ErrorCode.INTERNAL_ERROR));
    } catch (IOException | RuntimeException e) {
      LOG.error("{} failed", call.method, e);
      response =
          error(
              call.id,
              new RpcError(RpcError.INTERNAL, "Internal error: " + e, ErrorCode.INTERNAL_ERROR));
    } finally {
      finish(key);
    }
    try {
      out.accept(response);
    } catch (RuntimeException e) {
      LOG.warn("Could not send the response of {}", call.method, e);
    }
  }

  private void finish(String key) {
    if (key != null) {
      running.remove(key);
    }
    inFlight.decrementAndGet();
  }

  /** Ids are compared by their JSON text, so 1 and "1" are different requests. */
  private static String key(JsonNode id) {
    return id.toString();
  }

  private static boolean validId(JsonNode id) {
    return id != null && (id.isTextual() || id.isIntegralNumber() || id.isNull());
  }

  private static String invalidReason(JsonNode msg) {
    if (!msg.isObject()) {
      return "Invalid Request: expected a JSON object, not " + msg.getNodeType();
    }
    for (Iterator<String> it = msg.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!REQUEST_MEMBERS.contains(f)) {
        return "Invalid Request: unknown member '"
            + f
            + "' (a request has jsonrpc, id, method, params)";
      }
    }
    if (!"2.0".equals(msg.path("jsonrpc").asText(null)) || !msg.get("jsonrpc").isTextual()) {
      return "Invalid Request: \"jsonrpc\" must be \"2.0\"";
    }
    if (msg.has("id") && !validId(msg.get("id"))) {
      return "Invalid Request: \"id\" must be a string, an integer or null";
    }
    JsonNode method = msg.get("method");
    if (method == null || !method.isTextual() || method.asText().isEmpty()) {
      return "Invalid Request: \"method\" must be a non-empty string";
    }
    return null;
  }

  static ObjectNode result(JsonNode id, JsonNode result) {
    ObjectNode r = Json.mapper().createObjectNode();
    r.put("jsonrpc", "2.0");
    r.set("id", id);
    r.set("result", result);
    return r;
  }

  static ObjectNode error(JsonNode id, int code, String message) {
    return error(id, new RpcError(code, message));
  }

  static ObjectNode error(JsonNode id, RpcError e) {
    ObjectNode r = Json.mapper().createObjectNode();
    r.put("jsonrpc", "2.0");
    r.set("id", id);
    ObjectNode err = r.putObject("error");
    err.put("code", e.code);
    err.put("message", e.getMessage());
    if (e.errorCode != null) {
      err.putObject("data").put("errorCode", e.errorCode.wireName());
    }
    return r;
  }

  /**
   * Cancels every running request and waits up to {@code timeoutSec} for them to end (finished
   * extraction batches are kept by the engine).
   */
  void cancelAll(long timeoutSec) {
    closed = true;
    running.values().forEach(CancellationToken::cancel);
    workers.shutdown();
    background.shutdown();
    try {
      if (!workers.awaitTermination(timeoutSec, TimeUnit.SECONDS)) {
        LOG.warn("Requests still running after {} s", timeoutSec);
      }
      background.awaitTermination(timeoutSec, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    cancelAll(30);
  }

  // ---------------------------------------------------------------- methods

  private void method(String name, Set<String> params, Handler handler) {
    methods.put(name, new Method(params, handler));
  }

  private void register() {
    method(
        "selection:methods",
        Set.of(),
        (p, c) -> {
          ArrayNode a = Json.mapper().createArrayNode();
          methods.keySet().forEach(a::add);
          a.add("$/cancelRequest");
          return a;
        });
    method("selection:status", Set.of(), (p, c) -> status());
    method(
        "selection:features:extractAndUpsert",
        Set.of("filePaths", "force", "embeddings"),
        (p, c) ->
            extract(
                p.paths("filePaths"), p.bool("force", false), p.bool("embeddings", embeddings), c));
    method(
        "selection:scan",
        Set.of("folder", "force", "embeddings"),
        (p, c) -> {
          Path folder = p.path("folder");
          boolean force = p.bool("force", false);
          boolean emb = p.bool("embeddings", embeddings);
          requireAllowed(folder);
          if (!Files.isDirectory(folder)) {
            throw new RpcError(
                RpcError.SDK_ERROR, "Not a readable folder: " + folder, ErrorCode.IO_ERROR);
          }
          return extract(walk(folder), force, emb, c);
        });
    method(
        "selection:features:get",
        Set.of("songId"),
        (p, c) -> {
          String id = p.songId("songId");
          return engine.getSongFeatures(id).map(f -> features(f)).orElse(null);
        });
    method(
        "selection:songIdFor",
        Set.of("filePath"),
        (p, c) -> {
          Path file = p.path("filePath");
          requireAllowed(file);
          return Json.mapper().getNodeFactory().textNode(engine.songIdFor(file));
        });
    method(
        "selection:pathOf",
        Set.of("songId"),
        (p, c) ->
            Json.mapper()
                .getNodeFactory()
                .textNode(engine.pathOf(p.songId("songId")).map(Path::toString).orElse(null)));
    method(
        "selection:failures",
        Set.of(),
        (p, c) -> {
          ArrayNode a = Json.mapper().createArrayNode();
          engine.listFailures().forEach(f -> a.add(failure(f)));
          return a;
        });
    method(
        "selection:onFileMoved",
        Set.of("from", "to"),
        (p, c) ->
            Json.mapper()
                .getNodeFactory()
                .booleanNode(engine.onFileMoved(p.path("from"), p.path("to"))));
    method(
        "selection:labels:set",
        Set.of("songIds", "label"),
        (p, c) -> {
          List<String> ids = p.songIds("songIds");
          Label label = p.label("label");
          LabelUpdate u = engine.setSelectionLabels(ids, label, c, c.cancel);
          refreshTable("labels", false);
          return labelUpdate(u, List.of());
        });
    method(
        "selection:labels:setForFilePaths",
        Set.of("filePaths", "label"),
        (p, c) -> {
          List<Path> files = p.paths("filePaths");
          Label label = p.label("label");
          List<ObjectNode> failures = new ArrayList<>();
          Map<String, Path> ids = identify(files, failures, c.cancel);
          LabelUpdate u = engine.setSelectionLabels(ids.keySet(), label);
          refreshTable("labels", false);
          return labelUpdate(u, failures);
        });
    method("selection:labels:snapshot", Set.of(), (p, c) -> snapshot());
    method(
        "selection:labels:resetSampleChangeCount",
        Set.of(),
        (p, c) ->
            Json.mapper()
                .createObjectNode()
                .put("sampleChangeCount", engine.resetSelectionSampleChangeCount()));
    method(
        "selection:training:reset",
        Set.of(),
        (p, c) -> {
          engine.resetTrainingData();
          refreshTable("reset", false);
          return status();
        });
    method(
        "selection:train",
        Set.of(),
        (p, c) -> {
          TrainResult r = engine.train(c, c.cancel);
          if (r.status() == TrainStatus.TRAINED) {
            refreshTable("scores", true);
          }
          return train(r);
        });
    method("selection:evaluate", Set.of(), (p, c) -> metrics(engine.evaluate(c, c.cancel)));
    method(
        "selection:predict",
        Set.of("songIds", "topK"),
        (p, c) -> {
          List<String> ids = p.songIds("songIds");
          int topK = p.integer("topK", 100, 0, Integer.MAX_VALUE);
          return predict(
              engine.predictSelectionCandidates(ids, topK, c, c.cancel), null, List.of());
        });
    method(
        "selection:predictForFilePaths",
        Set.of("filePaths", "topK"),
        (p, c) -> {
          List<Path> files = p.paths("filePaths");
          int topK = p.integer("topK", 100, 0, Integer.MAX_VALUE);
          List<ObjectNode> failures = new ArrayList<>();
          Map<String, Path> ids = identify(files, failures, c.cancel);
          PredictResult r = engine.predictSelectionCandidates(ids.keySet(), topK, c, c.cancel);
          return predict(r, ids, failures);
        });
    method(
        "selection:similar",
        Set.of("songIds", "k"),
        (p, c) -> {
          List<String> ids = p.songIds("songIds");
          int k = p.integer("k", 50, 0, Integer.MAX_VALUE);
          return similar(engine.similar(ids, k));
        });
    method(
        "selection:explain",
        Set.of("songId"),
        (p, c) -> engine.explain(p.songId("songId")).map(RpcService::explanation).orElse(null));
    method(
        "selection:library:page",
        Set.of("offset", "limit", "sort", "order", "query"),
        (p, c) -> {
          int offset = p.integer("offset", 0, 0, Integer.MAX_VALUE);
          int limit = p.integer("limit", 100, 1, 1000);
          String sort = p.string("sort", false);
          sort = sort == null ? "title" : sort;
          if (!SongTable.COLUMNS.contains(sort)) {
            throw RpcError.params(
                "selection:library:page: 'sort' must be one of " + SongTable.COLUMNS);
          }
          String order = p.string("order", false);
          if (order != null && !order.equals("asc") && !order.equals("desc")) {
            throw RpcError.params("selection:library:page: 'order' must be asc or desc");
          }
          String query = p.string("query", false);
          ensureTable();
          return table.page(offset, limit, sort, "desc".equals(order), query == null ? "" : query);
        });
    method(
        "selection:library:rows",
        Set.of("songIds"),
        (p, c) -> {
          List<String> ids = p.songIds("songIds");
          ensureTable();
          return table.rows(ids);
        });
  }

  /** Loads the table on first use (the stdio server does not load it at start). */
  private void ensureTable() {
    if (!table.loaded()) {
      synchronized (table) {
        if (!table.loaded()) {
          table.load();
        }
      }
    }
  }

  // ---------------------------------------------------------------- operations

  private ObjectNode extract(List<Path> files, boolean force, boolean emb, Call c) {
    List<ObjectNode> refused = new ArrayList<>();
    List<Path> readable = new ArrayList<>();
    for (Path f : files) {
      if (allowed(f)) {
        readable.add(f);
      } else {
        refused.add(
            failure(f.toString(), ErrorCode.IO_ERROR, "outside the folders this server may read"));
      }
    }
    ExtractionReport r =
        engine.extractFeatures(readable, new ExtractOptions(force, emb, 32, false), c, c.cancel);
    refreshTable("songs", engine.status().modelRevision() > 0);
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("total", r.total() + refused.size());
    o.put("extracted", r.extracted());
    o.put("skipped", r.skipped());
    o.put("failed", r.failed() + refused.size());
    o.put("cancelled", r.cancelled());
    ArrayNode a = o.putArray("failures");
    refused.forEach(a::add);
    r.failures().forEach(f -> a.add(failure(f)));
    o.put("audioSeconds", Math.round(r.audioSeconds() * 10) / 10.0);
    o.put("elapsedMs", r.elapsed().toMillis());
    return o;
  }

  private List<Path> walk(Path folder) throws IOException {
    List<Path> files = new ArrayList<>();
    Files.walkFileTree(
        folder,
        EnumSet.of(FileVisitOption.FOLLOW_LINKS),
        Integer.MAX_VALUE,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            Path name = dir.getFileName();
            return name != null && name.toString().startsWith(".") && !dir.equals(folder)
                ? FileVisitResult.SKIP_SUBTREE
                : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            String name = file.getFileName().toString();
            int dot = name.lastIndexOf('.');
            String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
            if (!name.startsWith(".") && attrs.isRegularFile() && !NOT_AUDIO.contains(ext)) {
              files.add(file);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            LOG.warn("Skipped {}: {}", file, e.toString());
            return FileVisitResult.CONTINUE;
          }
        });
    files.sort(null);
    return files;
  }

  private boolean allowed(Path file) {
    if (allowedDirs.isEmpty()) {
      return true;
    }
    Path p = file.toAbsolutePath().normalize();
    for (Path dir : allowedDirs) {
      if (p.startsWith(dir)) {
        return true;
      }
    }
    return false;
  }

  private void requireAllowed(Path file) {
    if (!allowed(file)) {
      throw new RpcError(
          RpcError.SDK_ERROR,
          "Outside the folders this server may read (--allow-dir): " + file,
          ErrorCode.IO_ERROR);
    }
  }

  /** Song ids of files, in order; files that cannot be identified become failures. */
  private Map<String, Path> identify(
      List<Path> files, List<ObjectNode> failures, CancellationToken cancel) {
    Map<String, Path> ids = new LinkedHashMap<>();
    for (Path f : files) {
      cancel.throwIfCancelled();
      if (!allowed(f)) {
        failures.add(
            failure(f.toString(), ErrorCode.IO_ERROR, "outside the folders this server may read"));
        continue;
      }
      try {
        ids.putIfAbsent(engine.songIdFor(f), f);
      } catch (SelectionException e) {
        failures.add(failure(f.toString(), e.code(), e.getMessage()));
      }
    }
    return ids;
  }

  private ObjectNode status() {
    EngineStatus s = engine.status();
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("libraryRoot", engine.libraryRoot().toString());
    o.put("liked", s.liked());
    o.put("disliked", s.disliked());
    o.put("sampleChangeCount", s.sampleChangeCount());
    o.put("modelRevision", s.modelRevision());
    o.put("featureRows", s.featureRows());
    o.put("failures", s.failures());
    o.put("model", s.model().wireName());
    if (s.modelProblem() != null) {
      o.put("modelProblem", s.modelProblem());
    }
    ArrayNode kinds = o.putArray("embeddingKinds");
    if (embeddings) {
      engine.embeddingKinds().forEach(kinds::add);
    }
    o.put("running", running.size());
    return o;
  }

  private ObjectNode snapshot() {
    LabelSnapshot s = engine.getSelectionLabelSnapshot();
    ObjectNode o = Json.mapper().createObjectNode();
    ArrayNode pos = o.putArray("positiveIds");
    s.positiveIds().forEach(pos::add);
    ArrayNode neg = o.putArray("negativeIds");
    s.negativeIds().forEach(neg::add);
    o.put("sampleChangeCount", s.sampleChangeCount());
    return o;
  }

  private static ObjectNode labelUpdate(LabelUpdate u, List<ObjectNode> failures) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("total", u.total());
    o.put("changed", u.changed());
    o.put("sampleChangeCount", u.sampleChangeCount());
    o.put("sampleChangeDelta", u.sampleChangeDelta());
    ArrayNode a = o.putArray("failures");
    failures.forEach(a::add);
    return o;
  }

  private static ObjectNode train(TrainResult r) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("status", r.status().wireName());
    o.put("modelRevision", r.modelRevision());
    o.put("modelPath", r.modelPath() == null ? null : r.modelPath().toString());
    o.set("metrics", r.metrics() == null ? null : metrics(r.metrics()));
    if (r.errorCode() != null) {
      o.put("errorCode", r.errorCode().wireName());
    }
    o.put("message", r.message());
    return o;
  }

  private static ObjectNode metrics(TrainingMetrics m) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("positives", m.positives());
    o.put("negatives", m.negatives());
    o.put("trees", m.trees());
    ObjectNode model = o.putObject("model");
    m.model().forEach((k, v) -> putNumber(model, k, v));
    ObjectNode baseline = o.putObject("baseline");
    m.baseline().forEach((k, v) -> putNumber(baseline, k, v));
    return o;
  }

  private static void putNumber(ObjectNode o, String k, double v) {
    if (Double.isFinite(v)) {
      o.put(k, v);
    } else {
      o.putNull(k);
    }
  }

  private ObjectNode predict(PredictResult r, Map<String, Path> paths, List<ObjectNode> failures) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("status", r.status().wireName());
    o.put("modelRevision", r.modelRevision());
    ArrayNode items = o.putArray("items");
    for (ScoredSong s : r.items()) {
      ObjectNode i = items.addObject();
      if (paths != null) {
        i.put("filePath", paths.get(s.songId()).toString());
      }
      i.put("songId", s.songId());
      i.put("score", s.score());
      i.put("rank", s.rank());
    }
    ArrayNode unscored = o.putArray("unscored");
    for (String id : r.unscoredIds()) {
      ObjectNode u = unscored.addObject();
      if (paths != null && paths.containsKey(id)) {
        u.put("filePath", paths.get(id).toString());
      }
      u.put("songId", id);
    }
    ArrayNode a = o.putArray("failures");
    failures.forEach(a::add);
    if (r.errorCode() != null) {
      o.put("errorCode", r.errorCode().wireName());
    }
    o.put("message", r.message());
    return o;
  }

  private ObjectNode similar(SimilarResult r) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("descriptor", r.descriptor());
    ArrayNode items = o.putArray("items");
    for (SimilarSong s : r.items()) {
      items
          .addObject()
          .put("songId", s.songId())
          .put("similarity", s.similarity())
          .put("rank", s.rank());
    }
    ArrayNode seeds = o.putArray("seedsWithoutFeatures");
    r.seedsWithoutFeatures().forEach(seeds::add);
    o.put("message", r.message());
    return o;
  }

  private static ObjectNode explanation(Explanation x) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("songId", x.songId());
    o.put("score", x.score());
    neighbors(o.putArray("nearestLiked"), x.nearestLiked());
    neighbors(o.putArray("nearestDisliked"), x.nearestDisliked());
    ArrayNode c = o.putArray("contributions");
    for (Explanation.Contribution k : x.contributions()) {
      ObjectNode e = c.addObject();
      e.put("feature", k.feature());
      putNumber(e, "value", k.value());
      putNumber(e, "contribution", k.contribution());
    }
    ArrayNode t = o.putArray("sharedTags");
    for (Explanation.SharedTag k : x.sharedTags()) {
      t.addObject()
          .put("tag", k.tag())
          .put("probability", k.probability())
          .put("likedMean", k.likedMean());
    }
    return o;
  }

  private static void neighbors(ArrayNode a, List<Explanation.Neighbor> ns) {
    for (Explanation.Neighbor n : ns) {
      a.addObject()
          .put("songId", n.songId())
          .put("similarity", n.similarity())
          .put("descriptor", n.descriptor());
    }
  }

  private static ObjectNode features(SongFeatures f) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("songId", f.songId());
    o.put("fileHash", f.fileHash());
    SongMetadata m = f.metadata() == null ? SongMetadata.EMPTY : f.metadata();
    o.put("title", m.title());
    o.put("artist", m.artist());
    o.put("album", m.album());
    ArrayNode genres = o.putArray("genres");
    m.genres().forEach(genres::add);
    if (m.year() == null) {
      o.putNull("year");
    } else {
      o.put("year", m.year());
    }
    putNullable(o, "bpm", f.bpm());
    putNullable(o, "bpmConfidence", f.bpmConfidence());
    o.put("key", f.key());
    putNullable(o, "keyStrength", f.keyStrength());
    putNullable(o, "durationSec", f.durationSec());
    putNullable(o, "bitrateKbps", f.bitrateKbps());
    putNullable(o, "rmsMean", f.rmsMean());
    putNullable(o, "loudnessLufs", f.loudnessLufs());
    o.put("chromaprint", f.chromaprintFingerprint() != null);
    ArrayNode kinds = o.putArray("embeddings");
    f.embeddings().keySet().forEach(kinds::add);
    o.put("timbre", f.timbre() != null);
    o.put("hpcp", f.hpcp() != null);
    o.put("updatedAt", f.updatedAt() == null ? null : f.updatedAt().toString());
    return o;
  }

  private static void putNullable(ObjectNode o, String k, Double v) {
    if (v == null || !Double.isFinite(v)) {
      o.putNull(k);
    } else {
      o.put(k, v);
    }
  }

  private static ObjectNode failure(ExtractionFailure f) {
    return failure(f.path(), f.code(), f.message());
  }

  private static ObjectNode failure(String path, ErrorCode code, String message) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("filePath", path);
    o.put("errorCode", code.wireName());
    o.put("message", message);
    return o;
  }
}
