package dev.selection.core.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selection.api.spi.AudioExcerpt;
import dev.selection.api.spi.TrackWindows;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WindowSamplerTest {
  private static final int RATE = 1000;

  static LongStream seeds() {
    return LongStream.concat(LongStream.rangeClosed(1, 40), LongStream.of(System.nanoTime()));
  }

  /** Sample i holds i itself (scaled), so every excerpt shows where it came from. */
  private static float[] ramp(int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = i / 1e7f;
    }
    return x;
  }

  private static List<AudioExcerpt> run(
      float[] x, TrackWindows plan, boolean knownLength, Random rnd) {
    WindowSampler s = new WindowSampler(plan, RATE);
    s.begin(RATE, 1, knownLength ? x.length : -1);
    int pos = 0;
    while (pos < x.length) {
      int n = Math.min(x.length - pos, 1 + rnd.nextInt(3000));
      float[] block = new float[n + 7];
      System.arraycopy(x, pos, block, 3, n);
      s.accept(block, 3, n);
      pos += n;
    }
    s.end();
    return s.excerpts();
  }

  @ParameterizedTest(name = "seed={0}")
  @MethodSource("seeds")
  void knownLength_windowsCoverTheTrackEvenlyAndCopyItExactly(long seed) {
    System.out.println("WindowSamplerTest.knownLength seed=" + seed);
    Random rnd = new Random(seed);
    int window = 500 + rnd.nextInt(3000);
    int max = 1 + rnd.nextInt(12);
    int n = window + rnd.nextInt(window * 20);
    float[] x = ramp(n);
    List<AudioExcerpt> out = run(x, new TrackWindows(window / (double) RATE, max), true, rnd);
    int expected = (int) Math.min(max, (n + window - 1) / window);
    assertThat(out).as("seed %d", seed).hasSize(expected);
    long[] starts = new long[out.size()];
    for (int i = 0; i < out.size(); i++) {
      AudioExcerpt e = out.get(i);
      starts[i] = Math.round(e.startSec() * RATE);
      assertThat(e.samples())
          .as("seed %d window %d", seed, i)
          .containsExactly(Arrays.copyOfRange(x, (int) starts[i], (int) starts[i] + window));
    }
    assertThat(starts[0]).isZero();
    if (expected > 1) {
      assertThat(starts[expected - 1] + window).isEqualTo(n);
      double step = (double) (n - window) / (expected - 1);
      for (int i = 0; i < expected; i++) {
        assertThat((double) starts[i])
            .isCloseTo(i * step, org.assertj.core.data.Offset.offset(1.0));
      }
    }
  }

  @ParameterizedTest(name = "seed={0}")
  @MethodSource("seeds")
  void unknownLength_keepsAtMostMaxEvenlySpacedExactWindows(long seed) {
    System.out.println("WindowSamplerTest.unknownLength seed=" + seed);
    Random rnd = new Random(seed);
    int window = 500 + rnd.nextInt(2000);
    int max = 1 + rnd.nextInt(10);
    int n = window + rnd.nextInt(window * 40);
    float[] x = ramp(n);
    List<AudioExcerpt> out = run(x, new TrackWindows(window / (double) RATE, max), false, rnd);
    assertThat(out).as("seed %d", seed).isNotEmpty().hasSizeLessThanOrEqualTo(max);
    long stride = -1;
    for (int i = 0; i < out.size(); i++) {
      long start = Math.round(out.get(i).startSec() * RATE);
      assertThat(out.get(i).samples())
          .as("seed %d window %d", seed, i)
          .containsExactly(Arrays.copyOfRange(x, (int) start, (int) start + window));
      if (i == 1) {
        stride = start;
      } else if (i > 1) {
        long prev = Math.round(out.get(i - 1).startSec() * RATE);
        assertThat(start - prev).as("seed %d evenly spaced", seed).isEqualTo(stride);
      }
    }
    assertThat(Math.round(out.get(0).startSec() * RATE)).isZero();
    // Evenly spaced over most of the track: the unused tail is shorter than two strides.
    long last = Math.round(out.get(out.size() - 1).startSec() * RATE) + window;
    if (out.size() > 1) {
      assertThat(n - last).as("seed %d tail", seed).isLessThan(2 * stride + window);
    }
  }

  @Test
  void shorterThanOneWindow_isHandedOverWhole() {
    float[] x = ramp(700);
    List<AudioExcerpt> out = run(x, new TrackWindows(1.0, 4), true, new Random(1));
    assertThat(out).singleElement().satisfies(e -> assertThat(e.samples()).containsExactly(x));
    assertThat(run(new float[0], new TrackWindows(1.0, 4), true, new Random(1))).isEmpty();
  }

  @Test
  void headerPromisingMoreThanTheStream_fallsBackToTheHead() {
    WindowSampler s = new WindowSampler(new TrackWindows(1.0, 4), RATE);
    s.begin(RATE, 1, 100_000);
    float[] x = ramp(1500);
    s.accept(x, 0, x.length);
    s.end();
    assertThat(s.excerpts()).hasSize(1);
    assertThat(s.excerpts().get(0).samples()).containsExactly(Arrays.copyOf(x, 1000));
  }

  @Test
  void resampled_windowsHaveTheTargetLengthAndKeepATone() {
    int from = 44_100;
    int to = 32_000;
    float[] x = new float[from * 25];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (0.5 * Math.sin(2 * Math.PI * 1000 * i / from));
    }
    WindowSampler s = new WindowSampler(new TrackWindows(10.0, 4), to);
    s.begin(from, 1, x.length);
    for (int pos = 0; pos < x.length; pos += 4096) {
      s.accept(x, pos, Math.min(4096, x.length - pos));
    }
    s.end();
    assertThat(s.excerpts()).hasSize(3);
    for (AudioExcerpt e : s.excerpts()) {
      assertThat(e.sampleRateHz()).isEqualTo(to);
      assertThat(e.samples()).hasSize(320_000);
      // No start-up transient: the first and last samples follow the tone's envelope.
      float[] y = e.samples();
      double rmsHead = 0;
      double rmsTail = 0;
      for (int i = 0; i < 320; i++) {
        rmsHead += y[i] * y[i];
        rmsTail += y[y.length - 1 - i] * y[y.length - 1 - i];
      }
      assertThat(Math.sqrt(rmsHead / 320))
          .isCloseTo(0.5 / Math.sqrt(2), org.assertj.core.data.Offset.offset(0.01));
      assertThat(Math.sqrt(rmsTail / 320))
          .isCloseTo(0.5 / Math.sqrt(2), org.assertj.core.data.Offset.offset(0.01));
    }
  }
}
