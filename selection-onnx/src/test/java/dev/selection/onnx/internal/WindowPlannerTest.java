package dev.selection.onnx.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selection.api.EmbeddingBudget;
import dev.selection.api.spi.AudioExcerpt;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowPlannerTest {
  /** Five seconds where second k has a constant level {@code levels[k]}. */
  private static float[] steps(double... levels) {
    float[] s = new float[levels.length * 48_000];
    for (int i = 0; i < s.length; i++) {
      s[i] = (float) (levels[i / 48_000] * (i % 2 == 0 ? 1 : -1));
    }
    return s;
  }

  @Test
  void plan_overBudget_keepsLoudestWindowsInTimeOrder() {
    float[] s = steps(0.1, 0.5, 0.2, 0.9, 0.3);
    WindowPlanner.Plan plan =
        WindowPlanner.plan(
            List.of(new AudioExcerpt(s, 48_000, 0)), new EmbeddingBudget(1.0, 2, 60));
    assertThat(plan.candidates()).isEqualTo(5);
    assertThat(plan.windows())
        .extracting(WindowPlanner.Window::offset)
        .containsExactly(48_000, 144_000);
    assertThat(plan.windows().get(0).rms())
        .isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void plan_skipsWindowsFarBelowTheLoudestAndBelowAbsoluteFloor() {
    // 0.5 (−6 dBFS), 0.004 (−48 dBFS: 42 dB below the loudest), 0.5, 0.0005 (−66 dBFS).
    float[] s = steps(0.5, 0.004, 0.5, 0.0005);
    WindowPlanner.Plan plan =
        WindowPlanner.plan(
            List.of(new AudioExcerpt(s, 48_000, 0)), new EmbeddingBudget(1.0, 48, 60));
    assertThat(plan.windows()).extracting(WindowPlanner.Window::offset).containsExactly(0, 96_000);
    WindowPlanner.Plan quiet =
        WindowPlanner.plan(
            List.of(new AudioExcerpt(steps(0.0005, 0.0005), 48_000, 0)),
            new EmbeddingBudget(1.0, 48, 60));
    assertThat(quiet.windows()).isEmpty();
    assertThat(quiet.candidates()).isEqualTo(2);
  }

  @Test
  void plan_maxSeconds_cutsLaterExcerpts() {
    float[] a = steps(0.5, 0.5, 0.5);
    float[] b = steps(0.9, 0.9, 0.9);
    WindowPlanner.Plan plan =
        WindowPlanner.plan(
            List.of(new AudioExcerpt(a, 48_000, 0), new AudioExcerpt(b, 48_000, 30)),
            new EmbeddingBudget(0.5, 48, 4.5));
    // a: 3 s -> starts 0, 0.5, 1, 1.5, 2 s; b: cut to 1.5 s -> starts 0, 0.5 s.
    assertThat(plan.totalSamples()).isEqualTo(216_000);
    assertThat(plan.windows()).hasSize(7);
    assertThat(plan.windows().get(5).samples()).hasSize(72_000);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(longs = {1, 2, 3, 4, 5})
  void plan_windowRms_equalsDirectComputation(long seed) {
    System.out.println("plan_windowRms_equalsDirectComputation seed=" + seed);
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
    float[] s = new float[48_000 + rnd.nextInt(200_000)];
    for (int i = 0; i < s.length; i++) {
      s[i] = (float) ((rnd.nextDouble() - 0.5) * (1 + Math.sin(i / 30_000.0)));
    }
    double hopSec = 0.01 + rnd.nextDouble();
    WindowPlanner.Plan plan =
        WindowPlanner.plan(
            List.of(new AudioExcerpt(s, 48_000, 0)), new EmbeddingBudget(hopSec, 100_000, 3600));
    int hop = (int) Math.round(hopSec * 48_000);
    assertThat(plan.candidates()).isEqualTo((s.length - 48_000) / hop + 1);
    for (WindowPlanner.Window w : plan.windows()) {
      assertThat(w.offset() % hop).isZero();
      double e = 0;
      for (int i = w.offset(); i < w.offset() + 48_000; i++) {
        e += (double) s[i] * s[i];
      }
      assertThat(w.rms())
          .isCloseTo(Math.sqrt(e / 48_000), org.assertj.core.data.Offset.offset(1e-9));
    }
  }

  @Test
  void pool_weightsByRmsSkipsNonFiniteRowsAndNormalises() {
    float[][] rows = {{1, 0}, {0, 1}, {Float.NaN, 3}};
    float[] v = WindowPlanner.pool(rows, new double[] {3, 1, 100});
    // (3·(1,0) + 1·(0,1)) / 4 = (0.75, 0.25) -> normalised (0.9487, 0.3162)
    assertThat(v[0])
        .isCloseTo((float) (3 / Math.sqrt(10)), org.assertj.core.data.Offset.offset(1e-6f));
    assertThat(v[1])
        .isCloseTo((float) (1 / Math.sqrt(10)), org.assertj.core.data.Offset.offset(1e-6f));
    assertThat(WindowPlanner.pool(new float[][] {{0, 0}}, new double[] {1})).isNull();
    assertThat(WindowPlanner.pool(new float[][] {{Float.NaN, 0}}, new double[] {1})).isNull();
  }
}
