package dev.selection.core.internal.dsp.tempo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.selection.api.SegmentPolicy;
import dev.selection.api.spi.AudioExcerpt;
import dev.selection.core.internal.dsp.segment.SegmentSelector;
import java.util.List;
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

  @Test
  void clickTracks_acrossTheRange_areAccurate() {
    int n = 0;
    int acc1 = 0;
    int acc2 = 0;
    for (double bpm = 70; bpm <= 180; bpm += 5.5) {
      TempoEstimate e = estimate(Synth.clicks(RATE, bpm, 40), RATE);
      n++;
      acc1 += e != null && TempoAccuracy.acc1(e.bpm(), bpm) ? 1 : 0;
      acc2 += e != null && TempoAccuracy.acc2(e.bpm(), bpm) ? 1 : 0;
      System.out.printf("clicks %.1f -> %s%n", bpm, e);
    }
    assertThat((double) acc2 / n).isGreaterThanOrEqualTo(0.9);
    // Below 78 BPM the default DJ range reports the double: accuracy 1 counts only in range.
    assertThat((double) acc1 / n).isGreaterThanOrEqualTo(0.75);
  }

  @Test
  void drumLoops_withSwingAndNoise_areAccurateUpToOctave() {
    long seed = System.nanoTime();
    System.out.println("drumLoops seed=" + seed);
    SplittableRandom random = new SplittableRandom(seed);
    int n = 0;
    int acc2 = 0;
    for (int i = 0; i < 12; i++) {
      double bpm = 80 + random.nextDouble() * 95;
      float[] x = Synth.drums(RATE, bpm, 40, random.nextInt(3) * 0.1, random.nextDouble() * 0.1,
          random.nextLong(), random.nextBoolean());
      TempoEstimate e = estimate(x, RATE);
      n++;
      acc2 += e != null && TempoAccuracy.acc2(e.bpm(), bpm) ? 1 : 0;
      System.out.printf("drums %.1f -> %s%n", bpm, e == null ? null : e.bpm());
    }
    assertThat((double) acc2 / n).as("seed %d", seed).isGreaterThanOrEqualTo(0.8);
  }

  @Test
  void estimate_hasConfidenceAndOctaveCandidates() {
    TempoEstimate e = estimate(Synth.clicks(RATE, 124, 40), RATE);
    assertThat(e.bpm()).isCloseTo(124, within(1.0));
    assertThat(e.confidence()).isBetween(0.5, 1.0);
    assertThat(e.candidates()).hasSize(3);
    assertThat(e.candidates().get(0).bpm()).isEqualTo(e.bpm());
    assertThat(e.candidates().get(1).bpm()).isCloseTo(62, within(0.5));
    assertThat(e.candidates().get(2).bpm()).isCloseTo(248, within(1.0));
  }

  @ParameterizedTest
  @ValueSource(ints = {8000, 22050, 44100, 48000})
  void otherRates_giveTheSameTempo(int rate) {
    TempoEstimate e = estimate(Synth.drums(rate, 133, 40, 0, 0.02, 7, true), rate);
    assertThat(e).isNotNull();
    assertThat(e.bpm()).isCloseTo(133, within(133 * 0.02));
  }

  @Test
  void range_isConfigurable() {
    float[] x = Synth.clicks(RATE, 170, 40);
    assertThat(estimate(x, RATE).bpm()).isCloseTo(170, within(2.0));
    assertThat(new TempoEstimator(60, 120).estimate(x, RATE).bpm()).isCloseTo(85, within(1.0));
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
        .as("0.5 s").isNull();
    assertThat(new TempoEstimator().estimate(new float[0], RATE)).isNull();
  }

  @Test
  void whiteNoise_isAbsentOrUnconfident() {
    SplittableRandom random = new SplittableRandom(5);
    float[] x = new float[RATE * 40];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (0.5 * (random.nextDouble() * 2 - 1));
    }
    TempoEstimate e = estimate(x, RATE);
    System.out.println("white noise -> " + e);
    assertThat(e == null || e.confidence() < 0.3).isTrue();
  }

  @Test
  void clippedDrums_withDcOffset_keepTheirTempo() {
    float[] x = Synth.drums(RATE, 128, 40, 0, 0.0, 3, true);
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.max(-0.3f, Math.min(0.3f, x[i] * 4)) + 0.3f;
    }
    assertThat(estimate(x, RATE).bpm()).isCloseTo(128, within(128 * 0.04));
  }
}
