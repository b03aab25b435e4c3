package dev.selection.core.internal.rank;

import dev.selection.api.CancellationToken;
import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
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
 * The XGBoost4J re-ranker with the fixed hyper-parameters of SPEC §7.3: {@code binary:logistic},
 * {@code max_depth} 6, at most {@value #MAX_ROUNDS} rounds, {@code eta} 0.05, {@code subsample} 0.8,
 * {@code colsample_bytree} 0.8, histogram trees, fixed seed. Early stopping watches the log-loss of an
 * internal stratified 80/20 validation split ({@value #PATIENCE} rounds without improvement); the final
 * model is then refitted on all samples with the best round count. Rounds run one at a time so that
 * cancellation is checked and progress reported between them. Native handles are freed in
 * {@code finally}. Same inputs and thread count give a byte-identical model.
 */
public final class Gbdt {
  /** Most boosting rounds. */
  public static final int MAX_ROUNDS = 400;
  /** Rounds without validation improvement before stopping. */
  public static final int PATIENCE = 30;
  /** Seed of XGBoost's sampling and of the validation split. */
  public static final long SEED = 20_240_517L;
  private static final Pattern METRIC = Pattern.compile("val-logloss:([-+0-9.eEnaifNI]+)");

  private Gbdt() { }

  /** Returns the XGBoost parameters. */
  public static Map<String, Object> params(int nthread) {
    Map<String, Object> p = new HashMap<>();
    p.put("objective", "binary:logistic");
    p.put("eval_metric", "logloss");
    p.put("max_depth", 6);
    p.put("eta", 0.05);
    p.put("subsample", 0.8);
    p.put("colsample_bytree", 0.8);
    p.put("tree_method", "hist");
    p.put("seed", SEED);
    p.put("nthread", nthread);
    p.put("verbosity", 0);
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
   * @param booster the booster (holds up to {@link #PATIENCE} rounds past the best; the caller disposes)
   * @param bestRounds rounds up to and including the best validation round
   */
  public record EarlyStopped(Booster booster, int bestRounds) { }

  /**
   * Finds the number of rounds by early stopping on an internal validation split.
   *
   * @param roundDone called with each finished round (for progress)
   * @return best number of rounds, at least 1
   */
  public static int bestRounds(FeatureMatrix x, boolean[] positive, int nthread,
      CancellationToken cancel, IntConsumer roundDone) {
    EarlyStopped es = earlyStopped(x, positive, nthread, cancel, roundDone);
    es.booster().dispose();
    return es.bestRounds();
  }

  /**
   * Trains with early stopping on an internal stratified 80/20 validation split.
   *
   * @param roundDone called with each finished round (for progress)
   */
  public static EarlyStopped earlyStopped(FeatureMatrix x, boolean[] positive, int nthread,
      CancellationToken cancel, IntConsumer roundDone) {
    int[] fold = Folds.stratified(positive, 5, SEED);
    int[] trainRows = Folds.members(fold, 0, true);
    int[] valRows = Folds.members(fold, 0, false);
    DMatrix dtrain = null;
    DMatrix dval = null;
    Booster b = null;
    try {
      dtrain = matrix(x.select(trainRows), labels(positive, trainRows));
      dval = matrix(x.select(valRows), labels(positive, valRows));
      b = XGBoost.train(dtrain, params(nthread), 0, Map.of(), null, null);
      double best = Double.POSITIVE_INFINITY;
      int bestRound = 0;
      for (int r = 0; r < MAX_ROUNDS; r++) {
        cancel.throwIfCancelled();
        b.update(dtrain, r);
        double loss = parse(b.evalSet(new DMatrix[] {dval}, new String[] {"val"}, r));
        if (loss < best - 1e-9) {
          best = loss;
          bestRound = r;
        }
        roundDone.accept(r + 1);
        if (r - bestRound >= PATIENCE) {
          break;
        }
      }
      EarlyStopped out = new EarlyStopped(b, bestRound + 1);
      b = null;
      return out;
    } catch (XGBoostError e) {
      throw new SelectionException(ErrorCode.INTERNAL_ERROR, "XGBoost training failed: " + e.getMessage(), e);
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
      float[][] p = b.predict(d, false, rounds);
      float[] out = new float[p.length];
      for (int i = 0; i < p.length; i++) {
        out[i] = p[i][0];
      }
      return out;
    } finally {
      d.dispose();
    }
  }

  /**
   * Trains exactly {@code rounds} rounds on all rows; the caller disposes the booster.
   *
   * @throws SelectionException {@code CANCELLED} when cancelled between rounds
   */
  public static Booster fit(FeatureMatrix x, boolean[] positive, int rounds, int nthread,
      CancellationToken cancel, IntConsumer roundDone) {
    int[] all = java.util.stream.IntStream.range(0, x.rows()).toArray();
    DMatrix d = null;
    Booster b = null;
    try {
      d = matrix(x, labels(positive, all));
      b = XGBoost.train(d, params(nthread), 0, Map.of(), null, null);
      for (int r = 0; r < rounds; r++) {
        cancel.throwIfCancelled();
        b.update(d, r);
        roundDone.accept(r + 1);
      }
      Booster out = b;
      b = null;
      return out;
    } catch (XGBoostError e) {
      throw new SelectionException(ErrorCode.INTERNAL_ERROR, "XGBoost training failed: " + e.getMessage(), e);
    } finally {
      dispose(b, d, null);
    }
  }

  /** Predicts probabilities of rows in one call (no DMatrix: in-place prediction). */
  public static float[] predict(Booster b, FeatureMatrix x) throws XGBoostError {
    if (x.rows() == 0) {
      return new float[0];
    }
    float[][] p = b.inplace_predict(x.values(), x.rows(), x.columns(), Float.NaN);
    float[] out = new float[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = p[i][0];
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
