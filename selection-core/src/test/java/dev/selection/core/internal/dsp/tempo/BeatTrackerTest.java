package dev.selection.core.internal.dsp.tempo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Beats against generated material with known beat times: the MIREX F-measure (±70 ms) must be at
 * least 0.85 on at least 85 % of the files (issue 14).
 *
 * <p>The material is drawn from a fixed seed so the suite is deterministic (before the kick/snare
 * alternation cue, about one file in eight, backbeat loops above ~145 BPM tracked at half tempo,
 * missed at 22.05 kHz and more at 44.1 kHz, so 20 files drawn from a fresh seed failed the bar one
 * run in four). Explore other draws with {@code -Dbeats.seed=N -Dbeats.n=200}.
 */
class BeatTrackerTest {
  private static final int RATE = 22050;

  @ParameterizedTest
  @ValueSource(ints = {22050, 44100})
  void generatedClicksAndLoops_haveTheirBeats(int rate) {
    long seed = Long.getLong("beats.seed", 20261204L);
    int files = Integer.getInteger("beats.n", 80);
    System.out.println("beats seed=" + seed + " rate=" + rate);
    SplittableRandom random = new SplittableRandom(seed);
    int n = 0;
    int good = 0;
    for (int i = 0; i < files; i++) {
      double bpm = 70 + random.nextDouble() * 110;
      float[] x =
          i % 4 == 0
              ? Synth.clicks(rate, bpm, 30)
              : Synth.drums(
                  rate,
                  bpm,
                  30,
                  random.nextInt(3) * 0.1,
                  random.nextDouble() * 0.1,
                  random.nextLong(),
                  random.nextBoolean());
      Rhythm r = new TempoEstimator().analyze(OnsetEnvelope.of(x, rate));
      double f =
          r == null || r.grid() == null
              ? 0
              : RhythmEvaluation.fMeasure(r.grid().beatsSec(), Synth.beatTimes(bpm, 30));
      System.out.printf(
          "%s %.1f BPM -> %s, F %.3f%n",
          i % 4 == 0 ? "clicks" : "drums", bpm, r == null ? null : r.tempo().bpm(), f);
      n++;
      good += f >= 0.85 ? 1 : 0;
    }
    assertThat((double) good / n).as("seed %d", seed).isGreaterThanOrEqualTo(0.85);
  }

  @Test
  void tempoDrift_isFollowed_andStoredAsSeveralSections() {
    // A click track accelerating from 110 to 130 BPM over 60 s.
    float[] x = new float[RATE * 60];
    java.util.List<Double> truth = new java.util.ArrayList<>();
    double t = 0.05;
    while (t < 59.5) {
      truth.add(t);
      Synth.addHit(x, RATE, t, 1000, 1000, 0.01, 0.6);
      double bpm = 110 + 20 * t / 60;
      t += 60 / bpm;
    }
    Rhythm r = new TempoEstimator().analyze(OnsetEnvelope.of(x, RATE));
    double[] beats = r.grid().beatsSec();
    double[] trueBeats = truth.stream().mapToDouble(Double::doubleValue).toArray();
    assertThat(RhythmEvaluation.fMeasure(beats, trueBeats)).isGreaterThanOrEqualTo(0.9);
    assertThat(r.grid().sections().size()).isGreaterThan(1);
    assertThat(r.tempo().bpm()).isBetween(110.0, 130.0);
  }

  @Test
  void fMeasure_followsMirex() {
    double[] truth = {1, 2, 3, 4};
    assertThat(RhythmEvaluation.fMeasure(truth, truth)).isEqualTo(1.0);
    assertThat(RhythmEvaluation.fMeasure(new double[] {1.06, 2.5, 3.0}, truth))
        .isCloseTo(
            2 * (2 / 3.0) * 0.5 / (2 / 3.0 + 0.5), org.assertj.core.api.Assertions.within(1e-9));
    assertThat(RhythmEvaluation.fMeasure(new double[0], truth)).isZero();
  }
}
