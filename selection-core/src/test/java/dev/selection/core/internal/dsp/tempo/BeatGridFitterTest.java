package dev.selection.core.internal.dsp.tempo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.selection.api.BeatGrid;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BeatGridFitterTest {
  @Test
  void steadyBeats_areOneSection() {
    double[] beats = new double[500];
    for (int i = 0; i < beats.length; i++) {
      beats[i] = 0.3 + i * 0.46875;
    }
    BeatGrid g = BeatGridFitter.fit(beats, 0.01);
    assertThat(g.sections()).hasSize(1);
    assertThat(g.sections().get(0).startSec()).isCloseTo(0.3, within(1e-9));
    assertThat(g.sections().get(0).periodSec()).isCloseTo(0.46875, within(1e-12));
    assertThat(g.beatCount()).isEqualTo(500);
  }

  /** Random tempo changes, drift and jitter: every beat is reproduced within the tolerance. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void anyBeats_areReproducedWithinTheTolerance(long salt) {
    long seed = System.nanoTime() ^ salt;
    SplittableRandom random = new SplittableRandom(seed);
    int n = 50 + random.nextInt(2000);
    double[] beats = new double[n];
    double t = random.nextDouble() * 5;
    double period = 0.3 + random.nextDouble() * 0.7;
    for (int i = 0; i < n; i++) {
      beats[i] = t + (random.nextDouble() - 0.5) * 0.02;
      if (random.nextInt(100) == 0) {
        period *= 0.8 + random.nextDouble() * 0.4; // a tempo change
      }
      period *= 1 + (random.nextDouble() - 0.5) * 0.004; // drift
      t += period;
    }
    double tolerance = 0.025;
    BeatGrid g = BeatGridFitter.fit(beats, tolerance);
    double[] back = g.beatsSec();
    assertThat(back).as("seed %d", seed).hasSize(n);
    for (int i = 0; i < n; i++) {
      assertThat(back[i])
          .as("seed %d beat %d", seed, i)
          .isCloseTo(beats[i], within(tolerance + 1e-9));
    }
    assertThat(g.sections().size()).as("seed %d: compact", seed).isLessThan(n / 2);
  }

  @Test
  void fewerThanTwoBeats_isNoGrid() {
    assertThat(BeatGridFitter.fit(new double[0], 0.02)).isNull();
    assertThat(BeatGridFitter.fit(new double[] {1.0}, 0.02)).isNull();
  }
}
