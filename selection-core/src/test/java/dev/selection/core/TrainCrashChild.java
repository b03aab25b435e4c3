package dev.selection.core;

import dev.selection.api.CancellationToken;
import dev.selection.api.LabelSnapshot;
import dev.selection.api.Phase;
import dev.selection.api.PredictResult;
import dev.selection.api.PredictStatus;
import dev.selection.api.ProgressListener;
import dev.selection.api.SelectionEngine;
import dev.selection.api.TrainResult;
import dev.selection.api.TrainStatus;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The process {@link TrainCrashTest} kills during training: trains again and again on the stored
 * labels and prints {@code TRAINED <revision>} after each successful training ({@code STARTED} once
 * the engine is open), then ranks every labelled song ({@code RANKING}, then {@code RANKED
 * <revision> <items>}), so that kills land in training and in ranking alike. With a third argument
 * (a file), {@link TrainLockTest} holds it just before the model is saved: it prints {@code
 * AT_SAVE} and waits until that file exists; it prints {@code WAITING} when its training waits for
 * another one.
 */
public final class TrainCrashChild {
  private TrainCrashChild() {}

  /**
   * Entry point.
   *
   * @param args {@code ROOT ROUNDS [BARRIER]}
   */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Path root = Path.of(args[0]);
    int rounds = Integer.parseInt(args[1]);
    Path barrier = args.length > 2 ? Path.of(args[2]) : null;
    ProgressListener listener =
        barrier == null
            ? ProgressListener.NONE
            : p -> {
              if (p.phase() == Phase.PREPARE && p.message().startsWith("waiting")) {
                out.println("WAITING");
              } else if (p.phase() == Phase.SAVE && p.done() == 0) {
                out.println("AT_SAVE");
                awaitFile(barrier);
              }
            };
    try (SelectionEngine engine =
        SelectionEngine.builder(root).autoTrain(false, 20, Duration.ofSeconds(8)).build()) {
      out.println("STARTED");
      for (int i = 0; i < rounds; i++) {
        out.println("TRAINING");
        TrainResult r = engine.train(listener, new CancellationToken());
        if (r.status() != TrainStatus.TRAINED) {
          out.println("FAILED " + r.status().wireName() + " " + r.message());
          System.exit(1);
        }
        out.println("TRAINED " + r.modelRevision());
        // Ranks every labelled song with the new model: the prediction cache is written for the
        // new revision (the training dropped the older revisions' rows), so kills also land there.
        LabelSnapshot s = engine.getSelectionLabelSnapshot();
        List<String> ids = new ArrayList<>(s.positiveIds());
        ids.addAll(s.negativeIds());
        out.println("RANKING");
        PredictResult p = engine.predictSelectionCandidates(ids, 0);
        if (p.status() != PredictStatus.OK) {
          out.println("FAILED " + p.status().wireName() + " " + p.message());
          System.exit(1);
        }
        out.println("RANKED " + p.modelRevision() + " " + p.items().size());
      }
    }
    out.println("DONE");
  }

  private static void awaitFile(Path file) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!Files.exists(file) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
