package dev.selection.core.internal.rank;

import dev.selection.api.FeatureGroup;
import dev.selection.api.spi.GbdtParams;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Settings of training and prediction.
 *
 * @param minPositives fewest liked samples (with features) needed to train, default 20
 * @param negativeRatio fewest disliked samples per liked one, default 4.0
 * @param xgboostThreads XGBoost {@code nthread}, default 1 (XGBoost's OpenMP threads may busy-wait;
 *     keep it at 1–2 and set {@code OMP_WAIT_POLICY=PASSIVE} on shared machines)
 * @param similarityThreads most threads of the similarity kernel during training, and of parallel
 *     prediction batches, default 1 (SPEC §8: 1–2)
 * @param folds cross-validation folds for the training metrics, default 5; 0 skips evaluation
 * @param batchSize prediction batch size, 100–300, default 256
 * @param contrastSize most disliked songs in the model's contrast snapshot (the {@code *_dsim_*}
 *     and {@code *_margin_*} features), default 128; 0 turns the contrast features off. Each
 *     contrast song costs as much prediction time as a liked song (256 instead of 128 adds about 15
 *     ms of CPU per 10,000 candidates with OpenL3).
 * @param gbdt the booster's hyper-parameters, default {@link GbdtParams#DEFAULTS}
 * @param excludedGroups the feature groups left out of training (their columns are missing values),
 *     default none
 */
public record RankerConfig(
    int minPositives,
    double negativeRatio,
    int xgboostThreads,
    int similarityThreads,
    int folds,
    int batchSize,
    int contrastSize,
    GbdtParams gbdt,
    Set<FeatureGroup> excludedGroups) {
  /** The defaults. */
  public static final RankerConfig DEFAULTS =
      new RankerConfig(20, 4.0, 1, 1, 5, 256, 128, GbdtParams.DEFAULTS, Set.of());

  /** Creates a configuration that leaves no feature group out. */
  public RankerConfig(
      int minPositives,
      double negativeRatio,
      int xgboostThreads,
      int similarityThreads,
      int folds,
      int batchSize,
      int contrastSize,
      GbdtParams gbdt) {
    this(
        minPositives,
        negativeRatio,
        xgboostThreads,
        similarityThreads,
        folds,
        batchSize,
        contrastSize,
        gbdt,
        Set.of());
  }

  /** Creates a configuration with the default GBDT parameters. */
  public RankerConfig(
      int minPositives,
      double negativeRatio,
      int xgboostThreads,
      int similarityThreads,
      int folds,
      int batchSize,
      int contrastSize) {
    this(
        minPositives,
        negativeRatio,
        xgboostThreads,
        similarityThreads,
        folds,
        batchSize,
        contrastSize,
        GbdtParams.DEFAULTS);
  }

  /** Validates. */
  public RankerConfig {
    if (minPositives < 1
        || !(negativeRatio >= 0)
        || xgboostThreads < 1
        || similarityThreads < 1
        || folds < 0
        || folds == 1
        || batchSize < 100
        || batchSize > 300
        || contrastSize < 0
        || gbdt == null) {
      throw new IllegalArgumentException("Bad ranker configuration");
    }
    excludedGroups =
        excludedGroups == null || excludedGroups.isEmpty()
            ? Set.of()
            : Collections.unmodifiableSet(EnumSet.copyOf(excludedGroups));
  }

  /** Returns a copy with other GBDT parameters. */
  public RankerConfig withGbdt(GbdtParams gbdt) {
    return new RankerConfig(
        minPositives,
        negativeRatio,
        xgboostThreads,
        similarityThreads,
        folds,
        batchSize,
        contrastSize,
        gbdt,
        excludedGroups);
  }

  /** Returns a copy that leaves {@code groups} out. */
  public RankerConfig withExcludedGroups(Set<FeatureGroup> groups) {
    return new RankerConfig(
        minPositives,
        negativeRatio,
        xgboostThreads,
        similarityThreads,
        folds,
        batchSize,
        contrastSize,
        gbdt,
        groups);
  }

  /** Returns a copy with other thresholds. */
  public RankerConfig withThresholds(int minPositives, double negativeRatio) {
    return new RankerConfig(
        minPositives,
        negativeRatio,
        xgboostThreads,
        similarityThreads,
        folds,
        batchSize,
        contrastSize,
        gbdt,
        excludedGroups);
  }

  /** Returns a copy with other thread counts. */
  public RankerConfig withThreads(int xgboostThreads, int similarityThreads) {
    return new RankerConfig(
        minPositives,
        negativeRatio,
        xgboostThreads,
        similarityThreads,
        folds,
        batchSize,
        contrastSize,
        gbdt,
        excludedGroups);
  }

  /** Returns a copy with another fold count (0 = no evaluation). */
  public RankerConfig withFolds(int folds) {
    return new RankerConfig(
        minPositives,
        negativeRatio,
        xgboostThreads,
        similarityThreads,
        folds,
        batchSize,
        contrastSize,
        gbdt,
        excludedGroups);
  }

  /** Returns a copy with another contrast-snapshot size (0 = no contrast features). */
  public RankerConfig withContrastSize(int contrastSize) {
    return new RankerConfig(
        minPositives,
        negativeRatio,
        xgboostThreads,
        similarityThreads,
        folds,
        batchSize,
        contrastSize,
        gbdt,
        excludedGroups);
  }
}
