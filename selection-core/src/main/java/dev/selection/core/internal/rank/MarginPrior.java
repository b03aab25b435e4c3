package dev.selection.core.internal.rank;

import java.util.List;
import java.util.Locale;

/**
 * The starting point of the booster: a one-feature logistic regression {@code a * x + b} on one
 * similarity column (the liked-minus-disliked top-5 margin of the preferred embedding kind), used
 * as XGBoost's base margin. The trees then learn corrections to it instead of rebuilding it from
 * scratch: with 10–20 liked songs that column alone ranks better than a booster started from a
 * constant, and a booster started from it ranks better than either (docs/efficientat.md, {@code
 * RankerProbe}). Rows where the column is missing start from the training rows' log-odds.
 *
 * @param column the column's name
 * @param slope {@code a}
 * @param intercept {@code b}
 * @param missing the margin of a row whose value is missing
 */
public record MarginPrior(String column, double slope, double intercept, double missing) {
  /** L2 penalty of the fit, against separable training rows. */
  private static final double L2 = 1e-2;

  /** Returns the column a schema's prior uses: its preferred embedding kind's top-5 margin. */
  public static String columnFor(FeatureSchema schema) {
    List<Integer> preferred = schema.preferredKinds();
    FeatureSchema.ColumnGroup g =
        preferred.isEmpty() ? FeatureSchema.TIMBRE : schema.embeddings().get(preferred.get(0));
    return schema.names().get(g.margin().top5Mean());
  }

  /** Fits the prior to training rows by Newton's method. */
  public static MarginPrior fit(FeatureMatrix x, boolean[] positive) {
    String column = columnFor(x.schema());
    int c = x.schema().indexOf(column);
    int pos = 0;
    for (boolean p : positive) {
      pos += p ? 1 : 0;
    }
    double rate = (pos + 0.5) / (positive.length + 1.0);
    double missing = Math.log(rate / (1 - rate));
    double a = 0;
    double b = missing;
    for (int iter = 0; iter < 50; iter++) {
      double ga = L2 * a;
      double gb = 0;
      double haa = L2;
      double hab = 0;
      double hbb = 1e-9;
      for (int i = 0; i < x.rows(); i++) {
        float v = x.get(i, c);
        if (Float.isNaN(v)) {
          continue;
        }
        double p = 1 / (1 + Math.exp(-(a * v + b)));
        double r = p - (positive[i] ? 1 : 0);
        double w = p * (1 - p);
        ga += r * v;
        gb += r;
        haa += w * v * v;
        hab += w * v;
        hbb += w;
      }
      double det = haa * hbb - hab * hab;
      if (!(det > 0)) {
        break;
      }
      double da = (hbb * ga - hab * gb) / det;
      double db = (haa * gb - hab * ga) / det;
      a -= da;
      b -= db;
      if (Math.abs(da) + Math.abs(db) < 1e-9) {
        break;
      }
    }
    if (!Double.isFinite(a) || !Double.isFinite(b)) {
      a = 0;
      b = missing;
    }
    return new MarginPrior(column, a, b, missing);
  }

  /** Returns every row's base margin. */
  public float[] margins(FeatureMatrix x) {
    int c = x.schema().indexOf(column);
    float[] m = new float[x.rows()];
    for (int i = 0; i < m.length; i++) {
      float v = x.get(i, c);
      m[i] = (float) (Float.isNaN(v) ? missing : slope * v + intercept);
    }
    return m;
  }

  /** Serialises to a booster attribute. */
  public String toAttr() {
    return String.format(Locale.ROOT, "%s %.17g %.17g %.17g", column, slope, intercept, missing);
  }

  /**
   * Parses {@link #toAttr()}.
   *
   * @throws IllegalArgumentException when malformed
   */
  public static MarginPrior fromAttr(String s) {
    String[] p = s.trim().split(" ");
    if (p.length != 4) {
      throw new IllegalArgumentException("malformed prior: " + s);
    }
    return new MarginPrior(
        p[0], Double.parseDouble(p[1]), Double.parseDouble(p[2]), Double.parseDouble(p[3]));
  }
}
