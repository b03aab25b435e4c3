package dev.selection.api.spi;

/**
 * The XGBoost hyper-parameters of the re-ranker (SPEC §7.3: gradient-boosted trees, fixed
 * parameters), stated in one value so that a model can say how it was made: the trainer writes them
 * into the {@link ModelManifest} with the SDK and XGBoost versions, and a model whose manifest has
 * other parameters (or none, as manifests of SDKs before provenance) is retrained like a model of
 * an older feature set. Hosts read them; they do not set them. Immutable.
 *
 * @param maxDepth XGBoost's {@code max_depth}, at least 1
 * @param eta learning rate, in (0, 1]
 * @param subsample row subsampling per tree, in (0, 1]
 * @param colsampleBytree column subsampling per tree, in (0, 1]
 * @param minChildWeight {@code min_child_weight}: the least hessian sum in a leaf (with few liked
 *     songs, a leaf must hold several samples' worth of evidence), at least 0
 * @param lambda L2 regularisation of leaf weights, at least 0
 * @param maxRounds most boosting rounds, at least 1
 * @param patience rounds without validation improvement before early stopping, at least 1
 * @param monotone whether similarity-like columns are constrained to move the score one way: closer
 *     to the liked songs never lowers a score, closer to the disliked ones never raises it
 * @param seed seed of XGBoost's sampling, of the validation split and of the evaluation folds
 * @param earlyStopping whether the round count comes from early stopping on an internal validation
 *     split (else every model has {@code maxRounds} rounds); never with a ranking objective
 * @param objective XGBoost's objective: {@code binary:logistic}, or a ranking objective such as
 *     {@code rank:pairwise} whose margins are mapped to 0..1 by the logistic function
 * @param prior whether boosting starts from a one-column logistic prior on the preferred
 *     embedding's liked-minus-disliked margin instead of a constant
 */
public record GbdtParams(
    int maxDepth,
    double eta,
    double subsample,
    double colsampleBytree,
    double minChildWeight,
    double lambda,
    int maxRounds,
    int patience,
    boolean monotone,
    long seed,
    boolean earlyStopping,
    String objective,
    boolean prior) {
  /**
   * The defaults: depth 6, eta 0.05, subsample and column sample 0.8, at most 400 rounds with early
   * stopping after 30, monotone constraints on, boosting from the margin prior. The constraints and
   * the prior are the changes measured to matter on real music with 10–20 liked songs (14 sources ×
   * 10 splits, sound only): macro ROC-AUC 0.883 (neither) → 0.898 (constraints) → 0.917 (both), the
   * embedding's centroid baseline 0.893; depth, learning rate, leaf weight, L2, fixed round counts
   * and a pairwise objective moved it by less than 0.005 ({@code docs/efficientat.md}, {@code
   * RankerProbe} in {@code selection-bench}).
   */
  public static final GbdtParams DEFAULTS =
      new GbdtParams(
          6, 0.05, 0.8, 0.8, 1.0, 1.0, 400, 30, true, 20_240_517L, true, "binary:logistic", true);

  /** Creates parameters with early stopping, the logistic objective and no margin prior. */
  public GbdtParams(
      int maxDepth,
      double eta,
      double subsample,
      double colsampleBytree,
      double minChildWeight,
      double lambda,
      int maxRounds,
      int patience,
      boolean monotone,
      long seed) {
    this(
        maxDepth,
        eta,
        subsample,
        colsampleBytree,
        minChildWeight,
        lambda,
        maxRounds,
        patience,
        monotone,
        seed,
        true,
        "binary:logistic",
        false);
  }

  /**
   * Validates.
   *
   * @throws IllegalArgumentException for a value out of its range, an unknown objective or early
   *     stopping with a ranking objective
   */
  public GbdtParams {
    if (maxDepth < 1
        || !(eta > 0 && eta <= 1)
        || !(subsample > 0 && subsample <= 1)
        || !(colsampleBytree > 0 && colsampleBytree <= 1)
        || !(minChildWeight >= 0)
        || !(lambda >= 0)
        || maxRounds < 1
        || patience < 1
        || objective == null
        || (!objective.equals("binary:logistic") && !objective.startsWith("rank:"))
        || (objective.startsWith("rank:") && earlyStopping)) {
      throw new IllegalArgumentException("Bad GBDT parameters");
    }
  }

  /** Returns whether predictions are margins to map through the logistic function. */
  public boolean ranking() {
    return objective.startsWith("rank:");
  }

  /** Returns a copy without monotone constraints (the parameters before feature set 3). */
  public GbdtParams unconstrained() {
    return new GbdtParams(
        maxDepth,
        eta,
        subsample,
        colsampleBytree,
        minChildWeight,
        lambda,
        maxRounds,
        patience,
        false,
        seed,
        earlyStopping,
        objective,
        prior);
  }

  /** Returns a copy with a fixed round count (no early stopping) and an objective. */
  public GbdtParams fixed(int rounds, String objective) {
    return new GbdtParams(
        maxDepth,
        eta,
        subsample,
        colsampleBytree,
        minChildWeight,
        lambda,
        rounds,
        patience,
        monotone,
        seed,
        false,
        objective,
        prior);
  }

  /** Returns a copy with other tree shape and regularisation. */
  public GbdtParams with(
      int maxDepth, double eta, double minChildWeight, double lambda, boolean monotone) {
    return new GbdtParams(
        maxDepth,
        eta,
        subsample,
        colsampleBytree,
        minChildWeight,
        lambda,
        maxRounds,
        patience,
        monotone,
        seed,
        earlyStopping,
        objective,
        prior);
  }

  /** Returns a copy that starts boosting from the margin prior (or not). */
  public GbdtParams withPrior(boolean prior) {
    return new GbdtParams(
        maxDepth,
        eta,
        subsample,
        colsampleBytree,
        minChildWeight,
        lambda,
        maxRounds,
        patience,
        monotone,
        seed,
        earlyStopping,
        objective,
        prior);
  }
}
