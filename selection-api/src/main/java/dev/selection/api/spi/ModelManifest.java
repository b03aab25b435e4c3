package dev.selection.api.spi;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What {@code models/selection/manifest.json} says about the current model.
 *
 * @param modelRevision 1 for the first model, +1 for each successful training
 * @param featureSetVersion version of the feature builder the model was trained with
 * @param featureNames the model's feature names, in column order
 * @param embedderVersions per embedding kind the model uses ({@code efficientat}, {@code openl3},
 *     ...), the embedder version of most liked songs' vectors
 * @param modelFile the booster's file name within the model folder
 * @param modelSha256 lowercase hex SHA-256 of the booster file
 * @param trainedAt when training finished
 * @param positives liked samples used
 * @param negatives disliked samples used
 * @param metrics evaluation metrics of the model
 * @param baselineMetrics the centroid-cosine baseline's metrics on the same folds
 * @param likedSnapshot liked song ids at training time; predictions compare against these
 * @param dislikedSnapshot disliked song ids at training time that predictions contrast against (a
 *     bounded sample of the disliked songs; empty for models without contrast features)
 */
public record ModelManifest(
    long modelRevision,
    String featureSetVersion,
    List<String> featureNames,
    Map<String, String> embedderVersions,
    String modelFile,
    String modelSha256,
    Instant trainedAt,
    int positives,
    int negatives,
    Map<String, Double> metrics,
    Map<String, Double> baselineMetrics,
    List<String> likedSnapshot,
    List<String> dislikedSnapshot) {
  /** Validates and copies. */
  public ModelManifest {
    if (modelRevision < 1) {
      throw new IllegalArgumentException("modelRevision must be >= 1: " + modelRevision);
    }
    Objects.requireNonNull(featureSetVersion, "featureSetVersion");
    Objects.requireNonNull(modelFile, "modelFile");
    Objects.requireNonNull(modelSha256, "modelSha256");
    Objects.requireNonNull(trainedAt, "trainedAt");
    featureNames = List.copyOf(featureNames);
    likedSnapshot = List.copyOf(likedSnapshot);
    dislikedSnapshot = dislikedSnapshot == null ? List.of() : List.copyOf(dislikedSnapshot);
    embedderVersions =
        Map.copyOf(new TreeMap<>(embedderVersions == null ? Map.of() : embedderVersions));
    metrics = Map.copyOf(new TreeMap<>(metrics == null ? Map.of() : metrics));
    baselineMetrics =
        Map.copyOf(new TreeMap<>(baselineMetrics == null ? Map.of() : baselineMetrics));
  }
}
