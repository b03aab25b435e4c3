package dev.selection.core.internal.dsp.tempo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.selection.api.BeatGrid;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TempoEstimatorTest {
  private static final int RATE = 11025;

  private static TempoEstimate estimate(float[] x, int rate) {
    // The whole signal, as the pipeline's onset sink reads the whole track.
    return new TempoEstimator().estimate(x, rate);
  }

  private static Rhythm analyze(float[] x, int rate) {
    return new TempoEstimator().analyze(OnsetEnvelope.of(x, rate));
  }

  @Test
  void clickTracks_acrossTheRange_areAccurate() {
    int n = 0;
    int acc1 = 0;
    for (double bpm = 62; bpm <= 196; bpm += 6.7) {
      TempoEstimate e = estimate(Synth.clicks(RATE, bpm, 40), RATE);
      n++;
      acc1 += e != null && TempoAccuracy.acc1(e.bpm(), bpm) ? 1 : 0;
      System.out.printf("clicks %.1f -> %s%n", bpm, e == null ? null : e.bpm());
    }
    assertThat((double) acc1 / n).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void drumLoops_withSwingAndNoise_areAccurate() {
    // A rate over random material, so a fixed draw (16 files from a fresh seed missed the bar about
    // one run in twenty); other draws: -Dtempo.seed=N -Dtempo.n=200.
    long seed = Long.getLong("tempo.seed", 20261204L);
    int files = Integer.getInteger("tempo.n", 48);
    System.out.println("drumLoops seed=" + seed);
    SplittableRandom random = new SplittableRandom(seed);
    int n = 0;
    int acc1 = 0;
    int acc2 = 0;
    for (int i = 0; i < files; i++) {
      double bpm = 70 + random.nextDouble() * 110;
      float[] x =
          Synth.drums(
              RATE,
              bpm,
              40,
              random.nextInt(3) * 0.1,
              random.nextDouble() * 0.1,
              random.nextLong(),
              random.nextBoolean());
      TempoEstimate e = estimate(x, RATE);
      n++;
      acc1 += e != null && TempoAccuracy.acc1(e.bpm(), bpm) ? 1 : 0;
      acc2 += e != null && TempoAccuracy.acc2(e.bpm(), bpm) ? 1 : 0;
      System.out.printf("drums %.1f -> %s%n", bpm, e == null ? null : e.bpm());
    }
    // All 48 of the fixed draw are within 4 % since the kick/snare cue (before: 0.7 was the bar).
    assertThat((double) acc2 / n).as("seed %d", seed).isGreaterThanOrEqualTo(0.95);
    assertThat((double) acc1 / n).as("seed %d", seed).isGreaterThanOrEqualTo(0.9);
  }

  @Test
  void estimate_hasConfidenceAndOctaveCandidates() {
    TempoEstimate e = estimate(Synth.clicks(RATE, 124, 40), RATE);
    assertThat(e.bpm()).isCloseTo(124, within(0.2));
    assertThat(e.confidence()).isBetween(0.5, 1.0);
    assertThat(e.candidates()).hasSize(3);
    assertThat(e.candidates().get(0).bpm()).isEqualTo(e.bpm());
    assertThat(e.candidates().get(1).bpm()).isCloseTo(62, within(0.5));
    assertThat(e.candidates().get(2).bpm()).isCloseTo(248, within(1.0));
  }

  @ParameterizedTest
  @ValueSource(ints = {8000, 22050, 44100, 48000})
  void otherRates_giveTheSameTempoAndBeats(int rate) {
    Rhythm r = analyze(Synth.drums(rate, 133, 40, 0, 0.02, 7, true), rate);
    assertThat(r).isNotNull();
    assertThat(r.tempo().bpm()).isCloseTo(133, within(133 * 0.01));
    assertThat(RhythmEvaluation.fMeasure(r.grid().beatsSec(), Synth.beatTimes(133, 40)))
        .isGreaterThanOrEqualTo(0.9);
  }

  @ParameterizedTest
  @ValueSource(ints = {11025, 22050, 44100, 48000})
  void fastBackbeatLoops_atEveryRate_areNotHalved(int rate) {
    // Kick on 1 and 3, a quieter snare on 2 and 4: the faster level's loudness alternates (kick
    // louder than snare), but kick and snare alternate in opposite phase, which marks the beat.
    // Before that cue, these loops came out at half tempo at 44.1 and 48 kHz from 146 BPM up.
    for (double bpm = 146; bpm <= 176; bpm += 6) {
      Rhythm r = analyze(Synth.drums(rate, bpm, 40, 0, 0.02, 7, false), rate);
      assertThat(r).as("%.0f BPM", bpm).isNotNull();
      assertThat(r.tempo().bpm()).as("%.0f BPM", bpm).isCloseTo(bpm, within(bpm * 0.01));
      assertThat(RhythmEvaluation.fMeasure(r.grid().beatsSec(), Synth.beatTimes(bpm, 40)))
          .as("%.0f BPM", bpm)
          .isGreaterThanOrEqualTo(0.9);
    }
  }

  /**
   * An onset envelope (43 frames/s) of a one-bar pattern repeated for 40 s: onsets at the given
   * 16th steps, each smeared over 4 frames as the flux smears an attack.
   */
  private static float[] patternEnvelope(double bpm, int... steps) {
    double fps = 43.06640625;
    float[] e = new float[(int) (40 * fps)];
    float[] smear = {0.3f, 1f, 0.6f, 0.3f};
    double sixteenth = 60 / bpm / 4 * fps;
    for (int bar = 0; bar * 16 * sixteenth < e.length; bar++) {
      for (int s : steps) {
        int at = (int) Math.round((bar * 16 + s) * sixteenth);
        for (int j = 0; j < smear.length && at + j < e.length; j++) {
          e[at + j] += smear[j];
        }
      }
    }
    return e;
  }

  private static double[] pulseAndFitted(float[] e) {
    double fps = 43.06640625;
    double[] acf =
        TempoEstimator.autocorrelation(
            TempoEstimator.detrend(e, (int) Math.round(fps)), (int) Math.ceil(8 * fps) + 2);
    double[] comb = TempoEstimator.comb(acf, fps);
    int pulse = TempoEstimator.strongestPeak(comb);
    int fitted = TempoEstimator.fittingThePattern(comb, acf, fps, pulse);
    return new double[] {TempoEstimator.bpmAt(pulse), TempoEstimator.bpmAt(fitted)};
  }

  @Test
  void aPulseThatDoesNotDivideTheBar_givesWayToOneThatDoes() {
    // Kicks on 16th steps 0, 6 and 10 at 138 BPM: the strongest pulse is 92 BPM (six 16ths, 2:3
    // of the beat), which does not divide the 16-step bar; the pulse taken must be an octave of
    // 138.
    double[] syncopated = pulseAndFitted(patternEnvelope(138, 0, 6, 10));
    assertThat(syncopated[0]).isCloseTo(92, within(1.0));
    double octaves = Math.log(syncopated[1] / 138) / Math.log(2);
    assertThat(Math.abs(octaves - Math.rint(octaves))).as("%s", syncopated[1]).isLessThan(0.02);
    // A pulse that divides the bar is kept (four on the floor, and a metronome).
    double[] even = pulseAndFitted(patternEnvelope(120, 0, 4, 8, 12));
    assertThat(even[1]).isEqualTo(even[0]);
    assertThat(TempoAccuracy.acc2(even[1], 120)).isTrue();
  }

  @Test
  void range_isConfigurable_andOnlyOctavesAreReported() {
    float[] x = Synth.clicks(RATE, 170, 40);
    assertThat(estimate(x, RATE).bpm()).isCloseTo(170, within(1.0));
    assertThat(new TempoEstimator(60, 120).estimate(x, RATE).bpm()).isCloseTo(85, within(1.0));
    // 190 BPM outside a 78-180 range comes out at 95 (an octave), never at 127 (2:3).
    float[] fast = Synth.drums(RATE, 190, 40, 0, 0.02, 11, false);
    assertThat(new TempoEstimator(78, 180).estimate(fast, RATE).bpm()).isCloseTo(95, within(1.5));
    assertThatThrownBy(() -> new TempoEstimator(100, 150))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void badInput_isAbsent() {
    int secs = 40;
    assertThat(estimate(new float[RATE * secs], RATE)).as("silence").isNull();
    float[] dc = new float[RATE * secs];
    java.util.Arrays.fill(dc, 0.4f);
    assertThat(estimate(dc, RATE)).as("DC").isNull();
    for (double hz : new double[] {55, 110, 233, 1000}) {
      for (int rate : new int[] {RATE, 44100}) {
        float[] square = new float[rate * secs];
        for (int i = 0; i < square.length; i++) {
          square[i] = Math.sin(2 * Math.PI * hz * i / rate) >= 0 ? 1f : -1f; // clipped square wave
        }
        assertThat(estimate(square, rate)).as("square %s Hz at %d Hz", hz, rate).isNull();
      }
    }
    float[] sine = new float[RATE * secs];
    for (int i = 0; i < sine.length; i++) {
      sine[i] = (float) (0.7 * Math.sin(2 * Math.PI * 440 * i / RATE));
    }
    assertThat(estimate(sine, RATE)).as("sine").isNull();
    assertThat(estimate(java.util.Arrays.copyOf(Synth.clicks(RATE, 120, 1), RATE / 2), RATE))
        .as("0.5 s")
        .isNull();
    assertThat(estimate(new float[0], RATE)).isNull();
  }

  @Test
  void twoSecondFile_isAbsent_andClicksOnlyAtTheStart_haveNoBeatsAfterThem() {
    assertThat(estimate(Synth.clicks(RATE, 120, 2), RATE)).as("2 s").isNull();
    float[] x = new float[RATE * 60];
    float[] head = Synth.clicks(RATE, 120, 3);
    System.arraycopy(head, 0, x, 0, head.length);
    Rhythm r = analyze(x, RATE);
    System.out.println("clicks only at the start -> " + (r == null ? null : r.tempo()));
    if (r != null) {
      assertThat(r.tempo().bpm()).isFinite();
      if (r.grid() != null) {
        double[] beats = r.grid().beatsSec();
        assertThat(beats[beats.length - 1]).as("no beats in the silence").isLessThan(4.0);
      }
    }
  }

  @Test
  void noise_andUnpulsedMaterial_areAbsentOrUnconfident() {
    SplittableRandom random = new SplittableRandom(5);
    float[] x = new float[RATE * 40];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (0.5 * (random.nextDouble() * 2 - 1));
    }
    TempoEstimate e = estimate(x, RATE);
    System.out.println("white noise -> " + e);
    assertThat(e == null || e.confidence() < 0.1).isTrue();
    TempoEstimate pad = estimate(Synth.rubato(RATE, 40, 9), RATE);
    System.out.println("rubato notes -> " + pad);
    assertThat(pad == null || pad.confidence() < 0.15).isTrue();
  }

  @Test
  void weakPulses_doNotClusterAtTheTempoPrior() {
    // The defect of tempo-v1: where the salience was flat, the prior's maximum (120 BPM) won. Over
    // many random onset trains, the answers that come back must not pile up around 120. A rate, so
    // a fixed draw; other draws: -Dtempo.seed=N.
    long seed = Long.getLong("tempo.seed", 20261204L);
    System.out.println("prior seed=" + seed);
    SplittableRandom random = new SplittableRandom(seed);
    int present = 0;
    int near120 = 0;
    for (int i = 0; i < 30; i++) {
      float[] x = Synth.rubato(RATE, 30, random.nextLong());
      TempoEstimate e = estimate(x, RATE);
      if (e != null) {
        present++;
        near120 += Math.abs(e.bpm() - 120) < 2 ? 1 : 0;
      }
    }
    System.out.println("random onsets: " + present + " with a tempo, " + near120 + " near 120");
    assertThat(near120).as("seed %d", seed).isLessThanOrEqualTo(Math.max(2, present / 5));
  }

  @Test
  void clippedDrums_withDcOffset_keepTheirTempo() {
    float[] x = Synth.drums(RATE, 128, 40, 0, 0.0, 3, true);
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.max(-0.3f, Math.min(0.3f, x[i] * 4)) + 0.3f;
    }
    assertThat(estimate(x, RATE).bpm()).isCloseTo(128, within(128 * 0.04));
  }

  @Test
  void steadyTrack_isOneGridSection_withDownbeatsOnTheBarsKick() {
    // Clicks on every beat, and a kick on the first beat of every bar.
    float[] x = Synth.clicks(RATE, 128, 40);
    double[] beats = Synth.beatTimes(128, 40);
    for (int i = 0; i < beats.length; i += 4) {
      Synth.addHit(x, RATE, beats[i], 150, 50, 0.06, 0.9);
    }
    Rhythm r = analyze(x, RATE);
    BeatGrid g = r.grid();
    assertThat(g.sections()).hasSize(1);
    assertThat(g.sections().get(0).periodSec()).isCloseTo(60 / 128.0, within(0.001));
    assertThat(g.beatsPerBar()).isEqualTo(4);
    // The kick is every 4th beat from the first.
    double[] down = g.downbeatsSec();
    double[] truth = Synth.beatTimes(128, 40);
    double[] trueDown = new double[(truth.length + 3) / 4];
    for (int i = 0; i < trueDown.length; i++) {
      trueDown[i] = truth[4 * i];
    }
    assertThat(RhythmEvaluation.fMeasure(down, trueDown)).isGreaterThanOrEqualTo(0.9);
  }
}
