package dev.selection.core.internal.rank;

import dev.selection.api.CancellationToken;
import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.GbdtParams;
import dev.selection.core.internal.extract.ForegroundGate;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The XGBoost4J re-ranker with the fixed hyper-parameters of SPEC §7.3 ({@link GbdtParams}): {@code
 * binary:logistic}, histogram trees, fixed seed. Early stopping watches the log-loss of an internal
 * stratified 80/20 validation split ({@link GbdtParams#patience()} rounds without improvement); the
 * final model is then refitted on all samples with the best round count. Rounds run one at a time
 * so that cancellation is checked and progress reported between them. Native handles are freed in
 * {@code finally}. Same inputs and thread count give a byte-identical model.
 */
public final class Gbdt {
  /** Most boosting rounds of the default parameters. */
  public static final int MAX_ROUNDS = GbdtParams.DEFAULTS.maxRounds();

  /** Seed of XGBoost's sampling and of the validation split. */
  public static final long SEED = GbdtParams.DEFAULTS.seed();

  private static final Pattern METRIC = Pattern.compile("val-logloss:([-+0-9.eEnaifNI]+)");

  private Gbdt() {}

  /**
   * Returns XGBoost's parameter map for hyper-parameters and a schema (the monotone constraints
   * depend on its columns: {@link FeatureSchema#monotoneConstraints()}).
   */
  public static Map<String, Object> xgboostParams(
      GbdtParams params, FeatureSchema schema, int nthread) {
    Map<String, Object> p = new HashMap<>();
    p.put("objective", params.objective());
    p.put("eval_metric", params.ranking() ? "auc" : "logloss");
    p.put("max_depth", params.maxDepth());
    p.put("eta", params.eta());
    p.put("subsample", params.subsample());
    p.put("colsample_bytree", params.colsampleBytree());
    p.put("min_child_weight", params.minChildWeight());
    p.put("lambda", params.lambda());
    p.put("tree_method", "hist");
    p.put("seed", params.seed());
    p.put("nthread", nthread);
    p.put("verbosity", 0);
    if (params.monotone()) {
      StringBuilder b = new StringBuilder("(");
      int[] m = schema.monotoneConstraints();
      for (int i = 0; i < m.length; i++) {
        b.append(i == 0 ? "" : ",").append(m[i]);
      }
      p.put("monotone_constraints", b.append(')').toString());
    }
    return p;
  }

  /** Creates a DMatrix of feature rows (NaN = missing); the caller disposes it. */
  public static DMatrix matrix(FeatureMatrix x, float[] labels) throws XGBoostError {
    DMatrix m = new DMatrix(x.values(), x.rows(), x.columns(), Float.NaN);
    if (labels != null) {
      m.setLabel(labels);
    }
    return m;
  }

  /**
   * A booster trained with early stopping, and the number of rounds to predict with.
   *
   * @param booster the booster (holds up to {@link #PATIENCE} rounds past the best; the caller
   *     disposes)
   * @param bestRounds rounds up to and including the best validation round
   */
  public record EarlyStopped(Booster booster, int bestRounds) {}

  /**
   * Finds the number of rounds by early stopping on an internal validation split.
   *
   * @param roundDone called with each finished round (for progress)
   * @return best number of rounds, at least 1
   */
  public static int bestRounds(
      FeatureMatrix x,
      boolean[] positive,
      GbdtParams params,
      int nthread,
      CancellationToken cancel,
      IntConsumer roundDone) {
    if (!params.earlyStopping()) {
      return params.maxRounds();
    }
    EarlyStopped es = earlyStopped(x, positive, params, nthread, cancel, roundDone);
    es.booster().dispose();
    return es.bestRounds();
  }

  /**
   * Trains with early stopping on an internal stratified 80/20 validation split.
   *
   * @param roundDone called with each finished round (for progress)
   */
  public static EarlyStopped earlyStopped(
      FeatureMatrix x,
      boolean[] positive,
      GbdtParams params,
      int nthread,
      CancellationToken cancel,
      IntConsumer roundDone) {
    if (!params.earlyStopping()) {
      return new EarlyStopped(
          fit(x, positive, params.maxRounds(), params, nthread, cancel, roundDone),
          params.maxRounds());
    }
    int[] fold = Folds.stratified(positive, 5, params.seed());
    int[] trainRows = Folds.members(fold, 0, true);
    int[] valRows = Folds.members(fold, 0, false);
    DMatrix dtrain = null;
    DMatrix dval = null;
    Booster b = null;
    try {
      FeatureMatrix xt = x.select(trainRows);
      FeatureMatrix xv = x.select(valRows);
      dtrain = matrix(xt, labels(positive, trainRows));
      dval = matrix(xv, labels(positive, valRows));
      MarginPrior prior = null;
      if (params.prior()) {
        prior = MarginPrior.fit(xt, select(positive, trainRows));
        dtrain.setBaseMargin(prior.margins(xt));
        dval.setBaseMargin(prior.margins(xv));
      }
      b =
          XGBoost.train(
              dtrain, xgboostParams(params, x.schema(), nthread), 0, Map.of(), null, null);
      b.setAttr(ATTR_OBJECTIVE, params.objective());
      if (prior != null) {
        b.setAttr(ATTR_PRIOR, prior.toAttr());
      }
      double best = Double.POSITIVE_INFINITY;
      int bestRound = 0;
      for (int r = 0; r < params.maxRounds(); r++) {
        cancel.throwIfCancelled();
        ForegroundGate.checkpoint();
        b.update(dtrain, r);
        double loss = parse(b.evalSet(new DMatrix[] {dval}, new String[] {"val"}, r));
        if (loss < best - 1e-9) {
          best = loss;
          bestRound = r;
        }
        roundDone.accept(r + 1);
        if (r - bestRound >= params.patience()) {
          break;
        }
      }
      EarlyStopped out = new EarlyStopped(b, bestRound + 1);
      b = null;
      return out;
    } catch (XGBoostError e) {
      throw new SelectionException(
          ErrorCode.INTERNAL_ERROR, "XGBoost training failed: " + e.getMessage(), e);
    } finally {
      dispose(b, dtrain, dval);
    }
  }

  /** Predicts probabilities with the first {@code rounds} trees of a booster. */
  public static float[] predict(Booster b, FeatureMatrix x, int rounds) throws XGBoostError {
    if (x.rows() == 0) {
      return new float[0];
    }
    DMatrix d = matrix(x, null);
    try {
      MarginPrior prior = prior(b);
      if (prior != null) {
        d.setBaseMargin(prior.margins(x));
      }
      float[][] p = b.predict(d, false, rounds);
      float[] out = new float[p.length];
      for (int i = 0; i < p.length; i++) {
        out[i] = p[i][0];
      }
      return probabilities(b, out);
    } finally {
      d.dispose();
    }
  }

  /**
   * Trains exactly {@code rounds} rounds on all rows; the caller disposes the booster.
   *
   * @throws SelectionException {@code CANCELLED} when cancelled between rounds
   */
  public static Booster fit(
      FeatureMatrix x,
      boolean[] positive,
      int rounds,
      GbdtParams params,
      int nthread,
      CancellationToken cancel,
      IntConsumer roundDone) {
    int[] all = java.util.stream.IntStream.range(0, x.rows()).toArray();
    DMatrix d = null;
    Booster b = null;
    try {
      d = matrix(x, labels(positive, all));
      MarginPrior prior = null;
      if (params.prior()) {
        prior = MarginPrior.fit(x, positive);
        d.setBaseMargin(prior.margins(x));
      }
      b = XGBoost.train(d, xgboostParams(params, x.schema(), nthread), 0, Map.of(), null, null);
      b.setAttr(ATTR_OBJECTIVE, params.objective());
      if (prior != null) {
        b.setAttr(ATTR_PRIOR, prior.toAttr());
      }
      for (int r = 0; r < rounds; r++) {
        cancel.throwIfCancelled();
        ForegroundGate.checkpoint();
        b.update(d, r);
        roundDone.accept(r + 1);
      }
      Booster out = b;
      b = null;
      return out;
    } catch (XGBoostError e) {
      throw new SelectionException(
          ErrorCode.INTERNAL_ERROR, "XGBoost training failed: " + e.getMessage(), e);
    } finally {
      dispose(b, d, null);
    }
  }

  /** Predicts probabilities of rows in one call (no DMatrix: in-place prediction). */
  public static float[] predict(Booster b, FeatureMatrix x) throws XGBoostError {
    if (x.rows() == 0) {
      return new float[0];
    }
    MarginPrior prior = prior(b);
    if (prior != null) {
      // Trees' margins plus the prior, through the logistic function.
      float[][] m =
          b.inplace_predict(
              x.values(),
              x.rows(),
              x.columns(),
              Float.NaN,
              new int[] {0, 0},
              Booster.PredictionType.kMargin,
              null);
      float[] base = prior.margins(x);
      float[] out = new float[m.length];
      for (int i = 0; i < m.length; i++) {
        out[i] = (float) (1 / (1 + Math.exp(-(m[i][0] + base[i]))));
      }
      return out;
    }
    float[][] p = b.inplace_predict(x.values(), x.rows(), x.columns(), Float.NaN);
    float[] out = new float[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = p[i][0];
    }
    return probabilities(b, out);
  }

  /** Ranking objectives predict margins: map them to 0..1 with the logistic function, in place. */
  private static float[] probabilities(Booster b, float[] p) throws XGBoostError {
    String objective = b.getAttr(ATTR_OBJECTIVE);
    if (objective != null && objective.startsWith("rank:")) {
      for (int i = 0; i < p.length; i++) {
        p[i] = (float) (1 / (1 + Math.exp(-p[i])));
      }
    }
    return p;
  }

  /** Attribute naming the objective inside the booster. */
  static final String ATTR_OBJECTIVE = "selection_objective";

  /** Attribute holding the booster's {@link MarginPrior}, if it has one. */
  static final String ATTR_PRIOR = "selection_prior";

  /** Returns a booster's prior, or null. */
  static MarginPrior prior(Booster b) throws XGBoostError {
    String p = b.getAttr(ATTR_PRIOR);
    return p == null || p.isEmpty() ? null : MarginPrior.fromAttr(p);
  }

  private static boolean[] select(boolean[] a, int[] rows) {
    boolean[] out = new boolean[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = a[rows[i]];
    }
    return out;
  }

  static float[] labels(boolean[] positive, int[] rows) {
    float[] y = new float[rows.length];
    for (int i = 0; i < rows.length; i++) {
      y[i] = positive[rows[i]] ? 1f : 0f;
    }
    return y;
  }

  private static double parse(String eval) {
    Matcher m = METRIC.matcher(eval);
    if (!m.find()) {
      throw new IllegalStateException("Unexpected XGBoost evaluation output: " + eval);
    }
    double v = Double.parseDouble(m.group(1));
    return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
  }

  static void dispose(Booster b, DMatrix d1, DMatrix d2) {
    if (b != null) {
      b.dispose();
    }
    if (d1 != null) {
      d1.dispose();
    }
    if (d2 != null) {
      d2.dispose();
    }
  }
}
