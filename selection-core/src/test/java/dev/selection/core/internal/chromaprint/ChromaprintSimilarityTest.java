package dev.selection.core.internal.chromaprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SimHash and alignment similarity on transformed copies of one synthetic song and on unrelated
 * audio.
 */
class ChromaprintSimilarityTest {
  private static final int RATE = TestAudio.RATE;
  private static short[] base;
  private static int[] baseCodes;

  @BeforeAll
  static void fingerprintBase() {
    base = TestAudio.song(11, 60, RATE);
    baseCodes = TestAudio.fingerprint(base, 120, 1).codes();
  }

  static Stream<Arguments> nearDuplicates() {
    short[] song = TestAudio.song(11, 60, RATE);
    return Stream.of(
        Arguments.of("gain -6 dB", TestAudio.gain(song, 0.5)),
        Arguments.of("gain -26 dB", TestAudio.gain(song, 0.05)),
        Arguments.of("starts 0.5 s later", TestAudio.skip(song, RATE / 2)),
        Arguments.of("starts 3.3 s later", TestAudio.skip(song, (int) (3.3 * RATE))),
        Arguments.of("white noise at -40 dB", TestAudio.addNoise(song, 0.01, 3)),
        Arguments.of("white noise at -30 dB", TestAudio.addNoise(song, 0.03, 4)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nearDuplicates")
  void nearDuplicate_scoresNearOne(String name, short[] variant) {
    int[] codes = TestAudio.fingerprint(variant, 120, 2).codes();

    double simhash =
        ChromaprintSimilarity.simhashSimilarity(
            ChromaprintSimilarity.simhash64(baseCodes), ChromaprintSimilarity.simhash64(codes));
    ChromaprintSimilarity.Alignment alignment =
        ChromaprintSimilarity.bestAlignment(baseCodes, codes, 80, 20).orElseThrow();

    assertThat(simhash).as("simhash similarity, %s", name).isGreaterThanOrEqualTo(0.9);
    assertThat(alignment.similarity())
        .as("aligned similarity, %s", name)
        .isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void delayedCopy_isFoundAtTheRightOffset() {
    // 3.3 s = 26.65 hops: the copy's code i lines up with the original's code i + 27 (or 26).
    int[] codes = TestAudio.fingerprint(TestAudio.skip(base, (int) (3.3 * RATE)), 120, 3).codes();
    ChromaprintSimilarity.Alignment alignment =
        ChromaprintSimilarity.bestAlignment(baseCodes, codes, 80, 20).orElseThrow();
    assertThat(alignment.offsetFrames()).isBetween(26, 27);
    assertThat(
            ChromaprintSimilarity.bestAlignment(codes, baseCodes, 80, 20)
                .orElseThrow()
                .offsetFrames())
        .isBetween(-27, -26);
  }

  static Stream<Arguments> unrelated() {
    return Stream.of(
        Arguments.of(
            "chord loop",
            TestAudio.chords(
                new double[][] {{261.63, 329.63, 392.0}, {220.0, 261.63, 329.63}}, 1.5, 60, RATE)),
        Arguments.of("noise bursts", TestAudio.noiseBursts(9, 60, RATE)),
        Arguments.of("noise bursts, other seed", TestAudio.noiseBursts(10, 45, RATE)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unrelated")
  void unrelatedAudio_scoresNearHalf(String name, short[] other) {
    int[] codes = TestAudio.fingerprint(other, 120, 4).codes();

    double simhash =
        ChromaprintSimilarity.simhashSimilarity(
            ChromaprintSimilarity.simhash64(baseCodes), ChromaprintSimilarity.simhash64(codes));
    double aligned = ChromaprintSimilarity.alignedSimilarity(baseCodes, codes).orElseThrow();

    assertThat(aligned).as("aligned similarity, %s", name).isBetween(0.45, 0.6);
    assertThat(simhash).as("simhash similarity, %s", name).isBetween(0.3, 0.7);
  }

  @Test
  void otherSongsOfTheSameGenerator_scoreBelowEveryNearDuplicate() {
    // Same synthesiser, different random chords and tempo: related in style, not the same
    // recording.
    for (long seed = 20; seed < 24; seed++) {
      int[] codes = TestAudio.fingerprint(TestAudio.song(seed, 60, RATE), 120, 5).codes();
      double aligned = ChromaprintSimilarity.alignedSimilarity(baseCodes, codes).orElseThrow();
      assertThat(aligned).as("seed %d", seed).isBetween(0.45, 0.7);
    }
  }

  @Test
  void randomCodes_haveBitErrorRateNearHalf() {
    long seed = 42;
    System.out.println("randomCodes seed=" + seed);
    SplittableRandom random = new SplittableRandom(seed);
    int[] a = random.ints(1000).toArray();
    int[] b = random.ints(1000).toArray();
    ChromaprintSimilarity.Alignment alignment =
        ChromaprintSimilarity.bestAlignment(a, b, 80, 20).orElseThrow();
    assertThat(alignment.bitErrorRate()).isBetween(0.47, 0.5);
    assertThat(
            ChromaprintSimilarity.simhashSimilarity(
                ChromaprintSimilarity.simhash64(a), ChromaprintSimilarity.simhash64(b)))
        .isBetween(0.25, 0.75);
  }

  @Test
  void identicalCodes_areSimilarityOne() {
    assertThat(ChromaprintSimilarity.alignedSimilarity(baseCodes, baseCodes).orElseThrow())
        .isEqualTo(1.0);
    assertThat(
            ChromaprintSimilarity.bestAlignment(baseCodes, baseCodes, 80, 20)
                .orElseThrow()
                .offsetFrames())
        .isZero();
    long h = ChromaprintSimilarity.simhash64(baseCodes);
    assertThat(ChromaprintSimilarity.simhashSimilarity(h, h)).isEqualTo(1.0);
    assertThat(ChromaprintSimilarity.simhashSimilarity(h, ~h)).isEqualTo(0.0);
  }

  @Test
  void tooLittleOverlap_isAbsentNotNaN() {
    assertThat(ChromaprintSimilarity.alignedSimilarity(new int[5], new int[500])).isEmpty();
    assertThat(ChromaprintSimilarity.alignedSimilarity(new int[0], new int[0])).isEmpty();
    assertThat(ChromaprintSimilarity.simhash64(new int[0])).isZero();
    assertThatThrownBy(() -> ChromaprintSimilarity.bestAlignment(new int[1], new int[1], -1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ChromaprintSimilarity.bestAlignment(new int[1], new int[1], 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
