package dev.selection.cli;

import dev.selection.api.AutoTrainEvent;
import dev.selection.api.SelectionEngine;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code selection serve}: the SDK for hosts outside the JVM and for people. With {@code --stdio},
 * JSON-RPC 2.0 on stdin/stdout, one message per line (a sidecar for Electron, Node or Python);
 * without it, the same methods over HTTP on 127.0.0.1 with a web app at {@code /}. The protocol is
 * in {@code docs/serve-protocol.md}.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serves the library to other programs (JSON-RPC 2.0 on stdio) or to a browser (HTTP on"
          + " 127.0.0.1 with a web app).",
      "Protocol: docs/serve-protocol.md."
    })
final class ServeCommand implements Callable<Integer> {
  @ParentCommand Main parent;
  @Mixin LibraryOption library;
  @Mixin TrainingOptions training;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--stdio",
      description = "JSON-RPC on stdin/stdout, one JSON object per line; logs go to stderr.")
  boolean stdio;

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "HTTP port, 0 for any free one (default: ${DEFAULT-VALUE}).")
  int port = 8765;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      description =
          "The interface to listen on (default: ${DEFAULT-VALUE}). Another one exposes your"
              + " library to your network: only do so on purpose.")
  String host = "127.0.0.1";

  @Option(
      names = "--allow-dir",
      paramLabel = "DIR",
      description = "Only read audio files below these folders (repeatable; default: any).")
  List<Path> allowDirs = new ArrayList<>();

  @Option(
      names = "--no-embeddings",
      description = "Skip the learned embeddings when extracting (faster, less accurate).")
  boolean noEmbeddings;

  @Option(names = "--no-auto-train", description = "Do not retrain after label changes.")
  boolean noAutoTrain;

  @Option(
      names = "--auto-train-threshold",
      paramLabel = "N",
      description = "Label changes that trigger retraining (default: ${DEFAULT-VALUE}).")
  int autoTrainThreshold = 20;

  @Option(
      names = "--auto-train-debounce",
      paramLabel = "SECONDS",
      description = "Quiet time after the last label change (default: ${DEFAULT-VALUE}).")
  double autoTrainDebounceSec = 8;

  @Option(
      names = "--max-line-bytes",
      paramLabel = "N",
      description = "Longest JSON-RPC line read on stdin (default: ${DEFAULT-VALUE}).")
  int maxLineBytes = StdioServer.DEFAULT_MAX_LINE_BYTES;

  @Override
  public Integer call() throws Exception {
    if (stdio) {
      // Every byte on stdout is protocol: stray prints of libraries go to stderr instead.
      OutputStream protocol = new FileOutputStream(FileDescriptor.out);
      System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true, "UTF-8"));
      StdioServer.LineWriter out = new StdioServer.LineWriter(protocol);
      try (Running r = open(out::write)) {
        new StdioServer(new FileInputStream(FileDescriptor.in), out, maxLineBytes).run(r.rpc());
      }
      return 0;
    }
    PrintWriter out = spec.commandLine().getOut();
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    try (HttpServe http = new HttpServe(host, port);
        Running r = open(http::broadcast)) {
      http.start(r.rpc());
      r.rpc().loadTable();
      out.println(
          "Serving " + library.resolve(parent) + " at http://" + host + ":" + http.port() + "/");
      out.println("Press Ctrl-C to stop.");
      out.flush();
      Thread hook =
          new Thread(
              () -> {
                stop.countDown();
                try {
                  // Let the running requests end and the engine close before the JVM halts.
                  closed.await(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "selection-serve-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      stop.await();
    } finally {
      closed.countDown();
    }
    return 0;
  }

  /** The engine and the methods, open until closed. */
  record Running(SelectionEngine engine, RpcService rpc) implements AutoCloseable {
    @Override
    public void close() {
      rpc.close();
      engine.close();
    }
  }

  /** Opens the engine (automatic retraining on, unless turned off) and the methods on it. */
  Running open(java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> sink)
      throws IOException {
    if (autoTrainThreshold < 1 || !(autoTrainDebounceSec >= 0) || maxLineBytes < 1024) {
      throw new IllegalArgumentException(
          "--auto-train-threshold >= 1, --auto-train-debounce >= 0, --max-line-bytes >= 1024");
    }
    List<Path> dirs = new ArrayList<>();
    for (Path d : allowDirs) {
      dirs.add(d.toAbsolutePath().normalize());
    }
    AtomicReference<RpcService> rpc = new AtomicReference<>();
    SelectionEngine engine =
        SelectionEngine.builder(library.resolve(parent))
            .autoTrain(
                !noAutoTrain,
                autoTrainThreshold,
                Duration.ofMillis(Math.round(autoTrainDebounceSec * 1000)))
            .autoTrainListener(
                (AutoTrainEvent e) -> {
                  RpcService s = rpc.get();
                  if (s != null) {
                    s.onAutoTrain(e);
                  }
                })
            .embeddings(!noEmbeddings)
            .minPositives(training.minPositives)
            .negativeRatio(training.negativeRatio)
            .trainingThreads(training.threads)
            .threadBudget(
                Math.max(training.threads, Math.min(2, Runtime.getRuntime().availableProcessors())))
            .build();
    RpcService service = new RpcService(engine, new SongTable(engine), dirs, !noEmbeddings, sink);
    rpc.set(service);
    return new Running(engine, service);
  }
}
