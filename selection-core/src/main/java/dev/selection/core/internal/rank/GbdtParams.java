package dev.selection.core.internal.rank;

import java.util.HashMap;
import java.util.Map;

/**
 * The XGBoost hyper-parameters of the re-ranker (SPEC §7.3: binary logistic, fixed parameters), in
 * one record so that they can be stated, compared and (later) recorded with a model.
 *
 * @param maxDepth {@code max_depth}
 * @param eta learning rate
 * @param subsample row subsampling per tree
 * @param colsampleBytree column subsampling per tree
 * @param minChildWeight {@code min_child_weight}: the least hessian sum in a leaf (with few liked
 *     songs, a leaf must hold several samples' worth of evidence)
 * @param lambda L2 regularisation of leaf weights
 * @param maxRounds most boosting rounds
 * @param patience rounds without validation improvement before early stopping
 * @param monotone whether similarity-like columns are constrained to move the score one way ({@link
 *     FeatureSchema#monotoneConstraints()}): closer to the liked songs never lowers a score, closer
 *     to the disliked ones never raises it
 * @param seed seed of XGBoost's sampling and of the validation split
 * @param earlyStopping whether the round count comes from early stopping on an internal validation
 *     split (else every model has {@code maxRounds} rounds)
 * @param objective XGBoost's objective: {@code binary:logistic}, or a ranking objective such as
 *     {@code rank:pairwise} whose margins are mapped to 0..1 by the logistic function
 * @param prior whether boosting starts from a {@link MarginPrior} instead of a constant
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
   * stopping after 30, monotone constraints on, boosting from a {@link MarginPrior}. The
   * constraints and the prior are the changes measured to matter on real music with 10–20 liked
   * songs (14 sources × 10 splits, sound only): macro ROC-AUC 0.883 (neither) → 0.898 (constraints)
   * → 0.917 (both), the embedding's centroid baseline 0.893; depth, learning rate, leaf weight, L2,
   * fixed round counts and a pairwise objective moved it by less than 0.005 (docs/efficientat.md,
   * {@code RankerProbe}).
   */
  public static final GbdtParams DEFAULTS =
      new GbdtParams(
          6, 0.05, 0.8, 0.8, 1.0, 1.0, 400, 30, true, 20_240_517L, true, "binary:logistic", true);

  /** Creates parameters with early stopping and the logistic objective. */
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

  /** Validates. */
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

  /** Returns XGBoost's parameter map for a schema (the monotone constraints depend on it). */
  public Map<String, Object> toXgboost(FeatureSchema schema, int nthread) {
    Map<String, Object> p = new HashMap<>();
    p.put("objective", objective);
    p.put("eval_metric", objective.startsWith("rank:") ? "auc" : "logloss");
    p.put("max_depth", maxDepth);
    p.put("eta", eta);
    p.put("subsample", subsample);
    p.put("colsample_bytree", colsampleBytree);
    p.put("min_child_weight", minChildWeight);
    p.put("lambda", lambda);
    p.put("tree_method", "hist");
    p.put("seed", seed);
    p.put("nthread", nthread);
    p.put("verbosity", 0);
    if (monotone) {
      StringBuilder b = new StringBuilder("(");
      int[] m = schema.monotoneConstraints();
      for (int i = 0; i < m.length; i++) {
        b.append(i == 0 ? "" : ",").append(m[i]);
      }
      p.put("monotone_constraints", b.append(')').toString());
    }
    return p;
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

  /** Returns a copy that starts boosting from a {@link MarginPrior} (or not). */
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
