package dev.selection.cli;

import dev.selection.api.CancellationToken;
import dev.selection.api.ExtractOptions;
import dev.selection.api.ExtractionFailure;
import dev.selection.api.ExtractionReport;
import dev.selection.api.Progress;
import dev.selection.api.SelectionEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code selection scan DIR...}: analyses every audio file below the folders with a live progress
 * bar. Ctrl-C stops after the tracks in flight and keeps every finished batch; running it again
 * resumes. Exits 0 when every file was analysed (or was current), 1 when any file failed (a FIFO or
 * a dangling link below a folder counts as a failed {@code io_error} entry), 2 when a folder given
 * does not exist (nothing is scanned), 130 when interrupted by Ctrl-C (SIGINT; 143 for SIGTERM),
 * after printing the summary with {@code "cancelled": true}.
 */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    description = "Analyses every audio file below the folders (resumable; Ctrl-C safe).")
final class ScanCommand implements Callable<Integer> {
  /** Extensions that are never audio; skipped unless --all-files. */
  static final Set<String> NOT_AUDIO =
      Set.of(
          "jpg", "jpeg", "png", "gif", "bmp", "webp", "txt", "nfo", "cue", "log", "m3u", "m3u8",
          "pls", "pdf", "db", "db-wal", "db-shm", "ini", "json", "xml", "html", "url", "sfv", "md5",
          "accurip");

  @ParentCommand Main parent;
  @Mixin LibraryOption library;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "DIR", description = "Folders (or files) to analyse.")
  List<Path> roots;

  @Option(names = "--json", description = "Print failures and a summary as JSON lines.")
  boolean json;

  @Option(names = "--force", description = "Re-analyse songs whose features are current.")
  boolean force;

  @Option(
      names = "--no-embeddings",
      description = "Skip the learned embeddings (the built-in EfficientAT model, OpenL3).")
  boolean noEmbeddings;

  @Option(names = "--all-files", description = "Also try files with non-audio extensions.")
  boolean allFiles;

  @Option(
      names = "--no-progress",
      description = "Do not draw the progress bar (it is drawn only on a terminal).")
  boolean noProgress;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    for (Path root : roots) {
      if (!Files.exists(root)) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "No such file or folder: " + root);
      }
    }
    // Ctrl-C (SIGINT) or SIGTERM cancels the scan; the hook holds the JVM until the summary is
    // printed, so `--json` output always ends with it ("cancelled": true).
    CancellationToken cancel = new CancellationToken();
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              cancel.cancel();
              try {
                finished.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "selection-scan-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      List<Path> files = new ArrayList<>();
      for (Path root : roots) {
        collect(root, files, err, cancel);
      }
      ExtractionReport report;
      try (SelectionEngine engine = library.open(parent);
          ProgressBar bar =
              noProgress || System.console() == null
                  ? null
                  : new ProgressBarBuilder()
                      .setTaskName("scan")
                      .setInitialMax(files.size())
                      .setStyle(ProgressBarStyle.ASCII)
                      .setUpdateIntervalMillis(200)
                      .continuousUpdate()
                      .setConsumer(
                          new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                      .build()) {
        report =
            engine.extractFeatures(
                files,
                new ExtractOptions(force, !noEmbeddings, 32, false),
                p -> update(bar, p),
                cancel);
      }
      return summarise(report, out, err);
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is exiting because of a signal; the hook is already running.
      }
    }
  }

  /** Prints the failures and the summary; returns the exit code. */
  private int summarise(ExtractionReport report, PrintWriter out, PrintWriter err) {
    for (ExtractionFailure f : report.failures()) {
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", f.path());
        m.put("error", f.code().wireName());
        m.put("message", f.message());
        out.println(Json.line(m));
      } else {
        err.println("failed: " + f.path() + ": " + f.code().wireName() + ": " + f.message());
      }
    }
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("total", report.total());
    s.put("extracted", report.extracted());
    s.put("skipped", report.skipped());
    s.put("failed", report.failed());
    s.put("cancelled", report.cancelled());
    s.put("audioSeconds", Math.round(report.audioSeconds() * 10) / 10.0);
    s.put("elapsedSeconds", Math.round(report.elapsed().toMillis() / 100.0) / 10.0);
    s.put("realtimeFactor", Math.round(report.realtimeFactor() * 10) / 10.0);
    if (json) {
      out.println(Json.line(s));
    } else {
      out.printf(
          Locale.ROOT,
          "%d files: %d analysed, %d current, %d failed%s; %.0f s of audio in "
              + "%.1f s (%.1fx realtime)%n",
          report.total(),
          report.extracted(),
          report.skipped(),
          report.failed(),
          report.cancelled() ? ", cancelled (run again to resume)" : "",
          report.audioSeconds(),
          report.elapsed().toMillis() / 1000.0,
          report.realtimeFactor());
    }
    out.flush();
    err.flush();
    return report.cancelled() ? 130 : report.failed() > 0 ? 1 : 0;
  }

  private static void update(ProgressBar bar, Progress p) {
    if (bar == null) {
      return;
    }
    bar.stepTo(p.done());
    bar.setExtraMessage(String.format(Locale.ROOT, "%.0fx realtime", p.realtimeFactor()));
  }

  /**
   * Lists the files below {@code root}. Entries that are not regular files (FIFOs, sockets,
   * devices, dangling symbolic links) are listed too: the engine refuses each without opening it
   * and reports it as an {@code io_error} failure, so none is silently dropped.
   */
  private void collect(Path root, List<Path> files, PrintWriter err, CancellationToken cancel)
      throws IOException {
    if (!Files.exists(root)) {
      err.println("warning: no such file or folder: " + root);
      return;
    }
    Files.walkFileTree(
        root,
        EnumSet.of(FileVisitOption.FOLLOW_LINKS),
        Integer.MAX_VALUE,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (cancel.isCancelled()) {
              return FileVisitResult.TERMINATE;
            }
            Path name = dir.getFileName();
            return name != null && name.toString().startsWith(".") && !dir.equals(root)
                ? FileVisitResult.SKIP_SUBTREE
                : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            String name = file.getFileName().toString();
            if (name.startsWith(".") || attrs.isDirectory()) {
              return FileVisitResult.CONTINUE;
            }
            int dot = name.lastIndexOf('.');
            String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
            if (allFiles || !NOT_AUDIO.contains(ext)) {
              files.add(file);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            String why = e instanceof FileSystemLoopException ? "symbolic link loop" : e.toString();
            err.println("warning: skipped " + file + ": " + why);
            return FileVisitResult.CONTINUE;
          }
        });
    files.sort(null);
  }
}
