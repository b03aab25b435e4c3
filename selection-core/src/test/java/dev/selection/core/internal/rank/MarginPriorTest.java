package dev.selection.core.internal.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The booster's starting point: a one-column logistic regression, fitted by Newton's method. */
class MarginPriorTest {
  static LongStream seeds() {
    return LongStream.of(1, 2, 3, System.nanoTime());
  }

  private static FeatureMatrix column(FeatureSchema schema, String column, float[] values) {
    float[] v = new float[values.length * schema.columns()];
    java.util.Arrays.fill(v, Float.NaN);
    List<String> ids = new ArrayList<>();
    int c = schema.indexOf(column);
    for (int i = 0; i < values.length; i++) {
      v[i * schema.columns() + c] = values[i];
      ids.add(SyntheticLibrary.id(7, i));
    }
    return new FeatureMatrix(schema, ids, v);
  }

  @ParameterizedTest(name = "seed={0}")
  @MethodSource("seeds")
  void fit_recoversTheLogisticModelThatMadeTheLabels(long seed) {
    System.out.println("MarginPriorTest seed=" + seed);
    Random r = new Random(seed);
    FeatureSchema schema = FeatureSchema.of(List.of("efficientat"));
    int n = 20_000;
    float[] x = new float[n];
    boolean[] y = new boolean[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) r.nextGaussian() * 0.2f;
      double p = 1 / (1 + Math.exp(-(8 * x[i] - 1.5)));
      y[i] = r.nextDouble() < p;
    }
    MarginPrior prior = MarginPrior.fit(column(schema, "efficientat_margin_top5_mean", x), y);
    assertThat(prior.column()).isEqualTo("efficientat_margin_top5_mean");
    assertThat(prior.slope()).as("seed %d", seed).isCloseTo(8, within(0.6));
    assertThat(prior.intercept()).as("seed %d", seed).isCloseTo(-1.5, within(0.1));
  }

  @Test
  void missingValues_startFromTheLogOdds_andTheAttributeRoundTrips() {
    FeatureSchema schema = FeatureSchema.of(List.of());
    float[] x = {0.1f, Float.NaN, -0.2f, 0.3f, Float.NaN};
    boolean[] y = {true, false, false, true, false};
    FeatureMatrix m = column(schema, "timbre_margin_top5_mean", x);
    MarginPrior prior = MarginPrior.fit(m, y);
    assertThat(prior.column()).isEqualTo("timbre_margin_top5_mean");
    float[] margins = prior.margins(m);
    double logOdds = Math.log((2 + 0.5) / (5 + 1.0) / (1 - (2 + 0.5) / (5 + 1.0)));
    assertThat((double) margins[1]).isCloseTo(logOdds, within(1e-6));
    assertThat(margins[0]).isGreaterThan(margins[2]);
    assertThat(MarginPrior.fromAttr(prior.toAttr())).isEqualTo(prior);
  }

  @Test
  void separableRows_giveAFiniteSlope() {
    FeatureSchema schema = FeatureSchema.of(List.of("efficientat"));
    float[] x = {-0.3f, -0.2f, -0.1f, 0.1f, 0.2f, 0.3f};
    boolean[] y = {false, false, false, true, true, true};
    MarginPrior prior = MarginPrior.fit(column(schema, "efficientat_margin_top5_mean", x), y);
    assertThat(Double.isFinite(prior.slope())).isTrue();
    assertThat(prior.slope()).isPositive();
  }
}
