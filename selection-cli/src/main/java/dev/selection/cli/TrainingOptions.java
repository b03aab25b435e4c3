package dev.selection.cli;

import dev.selection.api.SelectionEngine;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Options of the commands that train or score: thresholds and threads. */
final class TrainingOptions {
  @Option(
      names = "--min-positives",
      paramLabel = "N",
      description = "Fewest liked songs needed to train (default: ${DEFAULT-VALUE}).")
  int minPositives = 20;

  @Option(
      names = "--negative-ratio",
      paramLabel = "R",
      description =
          "Fewest disliked songs per liked one needed to train (default: ${DEFAULT-VALUE}).")
  double negativeRatio = 4.0;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "CPU threads for training and scoring (default: ${DEFAULT-VALUE}).")
  int threads = 1;

  /** Opens an engine on {@code library} with these options and automatic retraining off. */
  SelectionEngine open(LibraryOption library, Main parent) {
    return SelectionEngine.builder(library.resolve(parent))
        .createLibraryRoot()
        .autoTrain(false, 20, Duration.ofSeconds(8))
        .minPositives(minPositives)
        .negativeRatio(negativeRatio)
        .trainingThreads(threads)
        .threadBudget(Math.max(threads, Math.min(2, Runtime.getRuntime().availableProcessors())))
        .build();
  }
}
