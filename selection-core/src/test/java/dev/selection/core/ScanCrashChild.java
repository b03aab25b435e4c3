package dev.selection.core;

import dev.selection.api.CancellationToken;
import dev.selection.api.ExtractOptions;
import dev.selection.api.ExtractionReport;
import dev.selection.api.Label;
import dev.selection.api.SelectionEngine;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The process {@link ScanCrashTest} kills: opens an engine on a library root and works on it,
 * printing on stdout (flushed line by line) what it has committed, so the parent knows what must
 * survive a SIGKILL.
 *
 * <p>Arguments: {@code MODE ROOT FILE_LIST TAG FORCE}. Modes: {@code scan} analyses the listed
 * files (batches of 2) while a second thread writes label batches (one per progress event). A
 * {@code train} mode (kill during training) is to be added here when training lands.
 *
 * <p>Protocol: {@code STARTED} once the engine is open; {@code LABELS <label> id,id,...} after each
 * committed label batch; {@code SCAN total extracted skipped failed cancelled} after the scan;
 * {@code DONE} before a clean exit.
 */
public final class ScanCrashChild {
  private ScanCrashChild() {}

  /** Child modes. */
  enum Mode {
    SCAN
  }

  /**
   * Entry point.
   *
   * @param args {@code MODE ROOT FILE_LIST TAG FORCE}
   * @throws Exception on any failure (exit code 1)
   */
  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Mode mode = Mode.valueOf(args[0].toUpperCase(Locale.ROOT));
    Path root = Path.of(args[1]);
    List<Path> files = Files.readAllLines(Path.of(args[2])).stream().map(Path::of).toList();
    String tag = args[3];
    boolean force = Boolean.parseBoolean(args[4]);
    try (SelectionEngine engine =
        SelectionEngine.builder(root).autoTrain(false, 20, Duration.ofSeconds(8)).build()) {
      out.println("STARTED");
      switch (mode) {
        case SCAN -> scan(engine, files, tag, force, out);
        default -> throw new IllegalArgumentException("mode " + mode);
      }
    }
    out.println("DONE");
  }

  private static void scan(
      SelectionEngine engine, List<Path> files, String tag, boolean force, PrintStream out)
      throws Exception {
    Semaphore ticks = new Semaphore(1);
    AtomicBoolean scanning = new AtomicBoolean(true);
    Thread labeller =
        new Thread(
            () -> {
              int batch = 0;
              while (true) {
                ticks.acquireUninterruptibly();
                if (!scanning.get()) {
                  return;
                }
                Label label = batch % 2 == 0 ? Label.LIKED : Label.DISLIKED;
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                  ids.add(syntheticId(tag + "/" + batch + "/" + i));
                }
                engine.setSelectionLabels(ids, label);
                out.println("LABELS " + label.name() + " " + String.join(",", ids));
                batch++;
              }
            },
            "labeller");
    labeller.start();
    ExtractionReport r;
    try {
      r =
          engine.extractFeatures(
              files,
              new ExtractOptions(force, false, 2, false),
              p -> ticks.release(),
              new CancellationToken());
    } finally {
      scanning.set(false);
      ticks.release();
      labeller.join();
    }
    out.println(
        "SCAN "
            + r.total()
            + " "
            + r.extracted()
            + " "
            + r.skipped()
            + " "
            + r.failed()
            + " "
            + r.cancelled());
    if (!r.failures().isEmpty()) {
      out.println("FAILURE " + r.failures().get(0));
    }
  }

  /** A valid songId (64 hex) derived from a name. */
  static String syntheticId(String name) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
