package dev.selection.cli;

import dev.selection.api.FeatureGroup;
import dev.selection.api.SelectionEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
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

  @Option(
      names = "--exclude-features",
      paramLabel = "GROUP",
      split = ",",
      converter = FeatureGroupConverter.class,
      description =
          "Feature groups to leave out of training and prediction, comma-separated: bitrate,"
              + " duration, metadata, tempo, key, loudness (stored with the model).")
  List<FeatureGroup> excluded = new ArrayList<>();

  /** Reads a group by its wire name; an unknown name lists the known ones. */
  static final class FeatureGroupConverter implements CommandLine.ITypeConverter<FeatureGroup> {
    @Override
    public FeatureGroup convert(String value) {
      return FeatureGroup.fromWireName(value);
    }
  }

  /** Opens an engine on {@code library} with these options and automatic retraining off. */
  SelectionEngine open(LibraryOption library, Main parent) {
    return SelectionEngine.builder(library.resolve(parent))
        .createLibraryRoot()
        .autoTrain(false, 20, Duration.ofSeconds(8))
        .minPositives(minPositives)
        .negativeRatio(negativeRatio)
        .trainingThreads(threads)
        .excludeFeatureGroups(excluded)
        .threadBudget(Math.max(threads, Math.min(2, Runtime.getRuntime().availableProcessors())))
        .build();
  }
}
