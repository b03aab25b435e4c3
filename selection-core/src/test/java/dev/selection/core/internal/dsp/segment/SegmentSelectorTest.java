package dev.selection.core.internal.dsp.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.selection.api.SegmentPolicy;
import dev.selection.api.spi.AudioExcerpt;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SegmentSelectorTest {
  private static final int RATE = 4000;
  private static final SegmentSelector SELECTOR = new SegmentSelector(SegmentPolicy.DEFAULT, RATE);

  /** Noise whose amplitude follows {@code amplitude(second)}. */
  private static float[] noise(
      double durationSec, java.util.function.DoubleUnaryOperator amplitude, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[(int) Math.round(durationSec * RATE)];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (amplitude.applyAsDouble((double) i / RATE) * (random.nextDouble() * 2 - 1));
    }
    return x;
  }

  @Test
  void quietIntroThenDrop_picksTheDrop() {
    // 60 s quiet intro, then a loud 60 s drop, then a quieter 30 s outro.
    float[] track = noise(150, t -> t < 60 ? 0.02 : t < 120 ? 0.8 : 0.1, 1);
    List<AudioExcerpt> excerpts = SELECTOR.selectExcerpts(track);
    assertThat(excerpts).hasSize(3);
    for (AudioExcerpt e : excerpts) {
      assertThat(e.startSec()).isBetween(60.0, 120.0 - 12.0);
      assertThat(e.durationSec()).isCloseTo(12.0, offset(1e-9));
    }
    // Starts respect the minimum gap of 0.6 × 12 s and come in time order.
    for (int i = 1; i < excerpts.size(); i++) {
      double gapSec = excerpts.get(i).startSec() - excerpts.get(i - 1).startSec();
      assertThat(gapSec).isGreaterThanOrEqualTo(7.2);
    }
  }

  @Test
  void shortTrack_fallsBackToTheWholeTrack() {
    float[] track = noise(10, t -> 0.5, 2);
    List<AudioExcerpt> excerpts = SELECTOR.selectExcerpts(track);
    assertThat(excerpts).hasSize(1);
    assertThat(excerpts.get(0).startSec()).isZero();
    assertThat(excerpts.get(0).samples()).isEqualTo(track);
  }

  @Test
  void trackShorterThanGuardsPlusWindow_fallsBackToTheCentredWindow() {
    // 20 s < 6 + 12 + 6: one centred 12 s window.
    float[] track = noise(20, t -> 0.5, 3);
    List<AudioExcerpt> excerpts = SELECTOR.selectExcerpts(track);
    assertThat(excerpts).hasSize(1);
    assertThat(excerpts.get(0).startSec()).isEqualTo(4.0);
    assertThat(excerpts.get(0).durationSec()).isEqualTo(12.0);
  }

  @Test
  void emptyTrack_hasNoExcerpt() {
    assertThat(SELECTOR.selectExcerpts(new float[0])).isEmpty();
  }

  @Test
  void edgeGuard_keepsSegmentsOffTheEdges() {
    // Loudest at the very start and end: the guard keeps segments 6 s away from both.
    float[] track = noise(60, t -> t < 8 || t > 52 ? 1.0 : 0.1, 4);
    SegmentSelector selector = new SegmentSelector(SegmentPolicy.DEFAULT, RATE);
    for (AudioExcerpt e : selector.selectExcerpts(track)) {
      assertThat(e.startSec()).isGreaterThanOrEqualTo(6.0);
      assertThat(e.startSec() + e.durationSec()).isLessThanOrEqualTo(54.0);
    }
  }

  @Test
  void greedy_matchesBruteForceOnRandomEnvelopes() {
    long seed = System.nanoTime();
    System.out.println("greedy_matchesBruteForceOnRandomEnvelopes seed=" + seed);
    SplittableRandom random = new SplittableRandom(seed);
    SegmentPolicy policy = new SegmentPolicy(1.2, 0.4, 3, 0.6, 0.6);
    SegmentSelector selector = new SegmentSelector(policy, 100); // 10 samples per frame
    for (int round = 0; round < 200; round++) {
      double[] env = new double[random.nextInt(0, 200)];
      for (int i = 0; i < env.length; i++) {
        env[i] = random.nextInt(0, 5); // many ties
      }
      long[] starts = selector.chooseStartFrames(env);
      assertThat(starts).as("seed %d", seed).isEqualTo(referenceGreedy(env, selector));
    }
  }

  /** A direct transcription of the greedy rule, for comparison. */
  private static long[] referenceGreedy(double[] env, SegmentSelector s) {
    int n = 0;
    long[][] cands = new long[env.length + 1][];
    for (int start = s.guardFrames();
        start + s.windowFrames() + s.guardFrames() <= env.length;
        start += s.hopFrames()) {
      double sum = 0;
      for (int f = start; f < start + s.windowFrames(); f++) {
        sum += env[f];
      }
      cands[n++] = new long[] {start, Double.doubleToLongBits(sum)};
    }
    long[][] sorted = Arrays.copyOf(cands, n);
    Arrays.sort(
        sorted,
        (a, b) -> {
          int c = Double.compare(Double.longBitsToDouble(b[1]), Double.longBitsToDouble(a[1]));
          return c != 0 ? c : Long.compare(a[0], b[0]);
        });
    long[] chosen = new long[0];
    for (long[] c : sorted) {
      if (chosen.length == s.policy().segments()) {
        break;
      }
      boolean ok = Arrays.stream(chosen).allMatch(x -> Math.abs(x - c[0]) >= s.gapFrames());
      if (ok) {
        chosen = Arrays.copyOf(chosen, chosen.length + 1);
        chosen[chosen.length - 1] = c[0];
      }
    }
    Arrays.sort(chosen);
    return chosen;
  }

  @ParameterizedTest
  @ValueSource(ints = {8000, 11025, 22050, 44100, 48000})
  void grid_isTheDefaultPolicyAtCommonRates(int rate) {
    SegmentSelector s = new SegmentSelector(SegmentPolicy.DEFAULT, rate);
    double frameSec = (double) s.frameSamples() / rate;
    assertThat(s.windowFrames() * frameSec).isCloseTo(12.0, offset(0.01));
    assertThat(s.hopFrames() * frameSec).isCloseTo(4.0, offset(0.01));
    assertThat(s.guardFrames() * frameSec).isGreaterThanOrEqualTo(6.0 - 1e-9);
    assertThat(s.gapFrames()).isEqualTo(72);
    assertThat(s.candidatesNeeded()).isEqualTo(7);
  }

  @Test
  void badRate_isRejected() {
    assertThatThrownBy(() -> new SegmentSelector(SegmentPolicy.DEFAULT, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
