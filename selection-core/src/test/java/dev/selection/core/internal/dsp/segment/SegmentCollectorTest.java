package dev.selection.core.internal.dsp.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selection.api.SegmentPolicy;
import dev.selection.api.spi.AudioExcerpt;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SegmentCollectorTest {

  /** A track of noise whose loudness changes at random every few seconds. */
  private static float[] randomTrack(SplittableRandom random, int rate, double durationSec) {
    float[] x = new float[(int) (durationSec * rate)];
    double amp = 0.1;
    int nextChange = 0;
    for (int i = 0; i < x.length; i++) {
      if (i == nextChange) {
        amp = random.nextInt(0, 6) * 0.1; // ties and silence included
        nextChange += random.nextInt(1, 8 * rate);
      }
      x[i] = (float) (amp * (random.nextDouble() * 2 - 1));
    }
    return x;
  }

  private static List<AudioExcerpt> stream(
      SegmentPolicy policy, float[] track, int rate, SplittableRandom blocks, int maxBlock) {
    SegmentCollector collector = new SegmentCollector(policy);
    collector.begin(rate, 1, -1);
    float[] buf = new float[maxBlock + 7];
    int pos = 0;
    while (pos < track.length) {
      int n = Math.min(track.length - pos, blocks.nextInt(1, maxBlock + 1));
      int offset = blocks.nextInt(0, 8);
      System.arraycopy(track, pos, buf, offset, n);
      collector.accept(buf, offset, n);
      java.util.Arrays.fill(buf, 9f); // the caller reuses its array
      pos += n;
    }
    collector.end();
    assertThat(collector.totalSamples()).isEqualTo(track.length);
    return collector.excerpts();
  }

  @Test
  void streaming_equalsOfflineSelection_forRandomBlockSizes() {
    long seed = System.nanoTime();
    System.out.println("streaming_equalsOfflineSelection_forRandomBlockSizes seed=" + seed);
    SplittableRandom random = new SplittableRandom(seed);
    int rate = 2000;
    for (int round = 0; round < 25; round++) {
      SegmentPolicy policy =
          round % 2 == 0
              ? SegmentPolicy.DEFAULT
              : new SegmentPolicy(
                  random.nextInt(2, 15),
                  random.nextInt(1, 6),
                  random.nextInt(1, 5),
                  random.nextInt(0, 8),
                  random.nextDouble());
      float[] track = randomTrack(random, rate, random.nextDouble() * 120);
      List<AudioExcerpt> offline = new SegmentSelector(policy, rate).selectExcerpts(track);
      List<AudioExcerpt> streamed = stream(policy, track, rate, random, random.nextInt(1, 5000));
      assertThat(streamed).as("seed %d round %d", seed, round).hasSameSizeAs(offline);
      for (int i = 0; i < offline.size(); i++) {
        assertThat(streamed.get(i).startSec())
            .as("seed %d round %d", seed, round)
            .isEqualTo(offline.get(i).startSec());
        assertThat(streamed.get(i).samples())
            .as("seed %d round %d", seed, round)
            .isEqualTo(offline.get(i).samples());
        assertThat(streamed.get(i).sampleRateHz()).isEqualTo(rate);
      }
    }
  }

  @Test
  void retainedSamples_stayUnderABoundIndependentOfDuration() {
    long seed = System.nanoTime();
    System.out.println("retainedSamples_stayUnderABoundIndependentOfDuration seed=" + seed);
    SplittableRandom random = new SplittableRandom(seed);
    int rate = 1000;
    long bound = SegmentCollector.retainedSamplesBound(SegmentPolicy.DEFAULT, rate);
    // 180 s of audio at most for the defaults, whatever the length of the track.
    assertThat(bound).isEqualTo(180L * rate);
    for (double minutes : new double[] {1, 10, 60, 180}) {
      SegmentCollector collector = new SegmentCollector(SegmentPolicy.DEFAULT);
      collector.begin(rate, 1, -1);
      float[] block = new float[random.nextInt(100, 50_000)];
      long total = (long) (minutes * 60 * rate);
      for (long done = 0; done < total; done += block.length) {
        double amp = random.nextDouble();
        for (int i = 0; i < block.length; i++) {
          block[i] = (float) (amp * (random.nextDouble() - 0.5));
        }
        collector.accept(block, 0, (int) Math.min(block.length, total - done));
      }
      collector.end();
      assertThat(collector.excerpts()).hasSize(3);
      assertThat(collector.retainedSamplesPeak())
          .as("seed %d, %s min", seed, minutes)
          .isLessThanOrEqualTo(bound);
    }
  }

  @Test
  void absurdPolicy_neitherOverflowsNorPreallocates() {
    SegmentCollector tooLong = new SegmentCollector(new SegmentPolicy(1e12, 4, 3, 6, 0.6));
    assertThatThrownBy(() -> tooLong.begin(48000, 1, -1))
        .isInstanceOf(IllegalArgumentException.class);
    SegmentPolicy absurd = new SegmentPolicy(12, 1e12, 3, 1e12, 1e6);
    SegmentCollector collector = new SegmentCollector(absurd);
    collector.begin(48000, 1, -1);
    float[] block = new float[48000];
    java.util.Arrays.fill(block, 0.1f);
    for (int i = 0; i < 30; i++) {
      collector.accept(block, 0, block.length);
    }
    collector.end();
    // No candidate fits: the centred 12 s window is the fallback; only the track so far was held.
    assertThat(collector.excerpts())
        .singleElement()
        .satisfies(e -> assertThat(e.samples()).hasSize(12 * 48000));
    // The head grows by doubling: at most twice the track, plus the old copy while growing.
    assertThat(collector.retainedSamplesPeak()).isLessThanOrEqualTo(3L * 30 * 48000);
  }

  @Test
  void tinyTrack_isReturnedWhole() {
    float[] track = new float[500]; // 0.5 s at 1 kHz
    java.util.Arrays.fill(track, 0.25f);
    SegmentCollector collector = new SegmentCollector(SegmentPolicy.DEFAULT);
    collector.begin(1000, 1, track.length);
    collector.accept(track, 0, track.length);
    collector.end();
    assertThat(collector.excerpts())
        .singleElement()
        .satisfies(e -> assertThat(e.samples()).isEqualTo(track));
  }

  @Test
  void emptyTrack_hasNoExcerpts() {
    SegmentCollector collector = new SegmentCollector(SegmentPolicy.DEFAULT);
    collector.begin(44100, 1, 0);
    collector.end();
    assertThat(collector.excerpts()).isEmpty();
  }

  @Test
  void stereo_isRejected_andResultsNeedEnd() {
    SegmentCollector collector = new SegmentCollector(SegmentPolicy.DEFAULT);
    assertThatThrownBy(() -> collector.begin(44100, 2, -1))
        .isInstanceOf(IllegalArgumentException.class);
    collector.begin(44100, 1, -1);
    assertThatThrownBy(collector::excerpts).isInstanceOf(IllegalStateException.class);
  }
}
