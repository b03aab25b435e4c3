package dev.selection.core;

import dev.selection.api.CancellationToken;
import dev.selection.api.ProgressListener;
import dev.selection.api.SelectionEngine;
import dev.selection.api.TrainResult;
import dev.selection.api.TrainStatus;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The process {@link TrainCrashTest} kills during training: trains again and again on the stored
 * labels and prints {@code TRAINED <revision>} after each successful training ({@code STARTED} once
 * the engine is open).
 */
public final class TrainCrashChild {
  private TrainCrashChild() {}

  /**
   * Entry point.
   *
   * @param args {@code ROOT ROUNDS}
   */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Path root = Path.of(args[0]);
    int rounds = Integer.parseInt(args[1]);
    try (SelectionEngine engine =
        SelectionEngine.builder(root).autoTrain(false, 20, Duration.ofSeconds(8)).build()) {
      out.println("STARTED");
      for (int i = 0; i < rounds; i++) {
        TrainResult r = engine.train(ProgressListener.NONE, new CancellationToken());
        if (r.status() != TrainStatus.TRAINED) {
          out.println("FAILED " + r.status().wireName() + " " + r.message());
          System.exit(1);
        }
        out.println("TRAINED " + r.modelRevision());
      }
    }
    out.println("DONE");
  }
}
