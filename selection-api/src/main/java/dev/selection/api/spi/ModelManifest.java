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
 * @param modelFile the booster's name in the {@link ModelStore} (a file name within the model
 *     folder for the store on files); given by the store when it saves the model, null in a
 *     manifest that has not been saved yet
 * @param modelSha256 lowercase hex SHA-256 of the booster bytes; computed by the store when it
 *     saves the model, null in a manifest that has not been saved yet
 * @param trainedAt when training finished
 * @param positives liked samples used
 * @param negatives disliked samples used
 * @param metrics evaluation metrics of the model
 * @param baselineMetrics the centroid-cosine baseline's metrics on the same folds
 * @param likedSnapshot liked song ids at training time; predictions compare against these
 * @param dislikedSnapshot disliked song ids at training time that predictions contrast against (a
 *     bounded sample of the disliked songs; empty for models without contrast features)
 * @param gbdtParams the hyper-parameters the booster was trained with, seed included; null in a
 *     manifest written before they were recorded (such a model is retrained, like a model whose
 *     parameters differ from this SDK's)
 * @param sdkVersion the version of the Selection SDK that trained the model, null when not recorded
 * @param xgboostVersion the version of XGBoost4J that trained the model, null when not recorded
 * @param excludedFeatureGroups the {@link dev.selection.api.FeatureGroup#wireName() feature groups}
 *     left out of training and prediction, sorted; empty when none (and in manifests written before
 *     exclusions existed)
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
    List<String> dislikedSnapshot,
    GbdtParams gbdtParams,
    String sdkVersion,
    String xgboostVersion,
    List<String> excludedFeatureGroups) {
  /**
   * A manifest that leaves no feature group out.
   *
   * @param modelRevision see the record
   * @param featureSetVersion see the record
   * @param featureNames see the record
   * @param embedderVersions see the record
   * @param modelFile see the record
   * @param modelSha256 see the record
   * @param trainedAt see the record
   * @param positives see the record
   * @param negatives see the record
   * @param metrics see the record
   * @param baselineMetrics see the record
   * @param likedSnapshot see the record
   * @param dislikedSnapshot see the record
   * @param gbdtParams see the record
   * @param sdkVersion see the record
   * @param xgboostVersion see the record
   */
  public ModelManifest(
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
      List<String> dislikedSnapshot,
      GbdtParams gbdtParams,
      String sdkVersion,
      String xgboostVersion) {
    this(
        modelRevision,
        featureSetVersion,
        featureNames,
        embedderVersions,
        modelFile,
        modelSha256,
        trainedAt,
        positives,
        negatives,
        metrics,
        baselineMetrics,
        likedSnapshot,
        dislikedSnapshot,
        gbdtParams,
        sdkVersion,
        xgboostVersion,
        List.of());
  }

  /**
   * Creates a manifest without provenance (the hyper-parameters and versions), as manifests written
   * before they were recorded read.
   */
  public ModelManifest(
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
    this(
        modelRevision,
        featureSetVersion,
        featureNames,
        embedderVersions,
        modelFile,
        modelSha256,
        trainedAt,
        positives,
        negatives,
        metrics,
        baselineMetrics,
        likedSnapshot,
        dislikedSnapshot,
        null,
        null,
        null);
  }

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException when the revision is below 1, or only one of the model's name
   *     and checksum is given
   * @throws NullPointerException when the feature-set version, training time, feature names or
   *     liked snapshot is null
   */
  public ModelManifest {
    if (modelRevision < 1) {
      throw new IllegalArgumentException("modelRevision must be >= 1: " + modelRevision);
    }
    Objects.requireNonNull(featureSetVersion, "featureSetVersion");
    if ((modelFile == null) != (modelSha256 == null)) {
      throw new IllegalArgumentException(
          "modelFile and modelSha256 are given together or not at all");
    }
    Objects.requireNonNull(trainedAt, "trainedAt");
    featureNames = List.copyOf(featureNames);
    likedSnapshot = List.copyOf(likedSnapshot);
    dislikedSnapshot = dislikedSnapshot == null ? List.of() : List.copyOf(dislikedSnapshot);
    excludedFeatureGroups =
        excludedFeatureGroups == null
            ? List.of()
            : List.copyOf(new java.util.TreeSet<>(excludedFeatureGroups));
    embedderVersions =
        Map.copyOf(new TreeMap<>(embedderVersions == null ? Map.of() : embedderVersions));
    metrics = Map.copyOf(new TreeMap<>(metrics == null ? Map.of() : metrics));
    baselineMetrics =
        Map.copyOf(new TreeMap<>(baselineMetrics == null ? Map.of() : baselineMetrics));
  }

  /**
   * Returns this manifest naming a saved booster: what a {@link ModelStore} returns from {@link
   * ModelStore#save}.
   *
   * @param modelFile the booster's name in the store
   * @param modelSha256 lowercase hex SHA-256 of the booster bytes
   */
  public ModelManifest withModel(String modelFile, String modelSha256) {
    return new ModelManifest(
        modelRevision,
        featureSetVersion,
        featureNames,
        embedderVersions,
        Objects.requireNonNull(modelFile, "modelFile"),
        Objects.requireNonNull(modelSha256, "modelSha256"),
        trainedAt,
        positives,
        negatives,
        metrics,
        baselineMetrics,
        likedSnapshot,
        dislikedSnapshot,
        gbdtParams,
        sdkVersion,
        xgboostVersion,
        excludedFeatureGroups);
  }
}
