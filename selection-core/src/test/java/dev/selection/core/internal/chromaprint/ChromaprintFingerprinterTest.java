package dev.selection.core.internal.chromaprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selection.api.testing.AudioFixtures;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Behaviour of the fingerprinter that does not need the reference tool. */
class ChromaprintFingerprinterTest {
  private static final int RATE = TestAudio.RATE;

  /**
   * Codes per sample count: whole 4096-sample frames every 1365, minus 4 (smoothing) and 15
   * (filters).
   */
  private static int expectedCodes(int samples) {
    int frames = samples < 4096 ? 0 : 1 + (samples - 4096) / 1365;
    return Math.max(0, frames - 4 - 15);
  }

  @ParameterizedTest
  @ValueSource(
      ints = {0, 1, 4095, 4096, 4096 + 18 * 1365 - 1, 4096 + 18 * 1365, 4096 + 19 * 1365, 100_000})
  void codeCount_followsFrameArithmetic(int samples) {
    short[] pcm = TestAudio.song(1, samples / (double) RATE + 1, RATE);
    ChromaprintFingerprint fp = TestAudio.fingerprint(Arrays.copyOf(pcm, samples), 0, 1);
    assertThat(fp.length()).isEqualTo(expectedCodes(samples));
    assertThat(fp.durationSec()).isEqualTo(samples / (double) RATE);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void blockSizes_doNotChangeTheResult(long seed) {
    System.out.println("blockSizes seed=" + seed);
    short[] pcm = TestAudio.song(seed, 20, RATE);
    ChromaprintFingerprint whole =
        ChromaprintFingerprinter.fingerprint(
            AudioFixtures.toFloat(pcm), ChromaprintFingerprinter.DEFAULT_MAX_LENGTH_SEC);
    assertThat(TestAudio.fingerprint(pcm, 120, seed)).isEqualTo(whole);
  }

  @Test
  void maxLength_limitsCodesButNotDuration() {
    short[] pcm = TestAudio.song(8, 30, RATE);
    ChromaprintFingerprint limited = TestAudio.fingerprint(pcm, 10, 8);
    ChromaprintFingerprint full = TestAudio.fingerprint(pcm, 0, 8);
    assertThat(limited.length()).isEqualTo(expectedCodes(10 * RATE));
    assertThat(full.length()).isEqualTo(expectedCodes(30 * RATE));
    assertThat(full.codes()).startsWith(limited.codes());
    assertThat(limited.durationSec()).isEqualTo(30.0);
  }

  @Test
  void badSamples_areClippedNotPropagated() {
    float[] samples = AudioFixtures.toFloat(TestAudio.song(9, 5, RATE));
    SplittableRandom random = new SplittableRandom(9);
    for (int i = 0; i < 2000; i++) {
      int at = random.nextInt(samples.length);
      samples[at] =
          switch (i % 4) {
            case 0 -> Float.NaN;
            case 1 -> Float.POSITIVE_INFINITY;
            case 2 -> Float.NEGATIVE_INFINITY;
            default -> 7.5f;
          };
    }
    ChromaprintFingerprint fp = ChromaprintFingerprinter.fingerprint(samples, 120);
    assertThat(fp.length()).isEqualTo(expectedCodes(samples.length));
  }

  @Test
  void toPcm16_roundsHalfToEvenAndClips() {
    assertThat(ChromaprintFingerprinter.toPcm16(0.5 / 32768)).isEqualTo((short) 0);
    assertThat(ChromaprintFingerprinter.toPcm16(1.5 / 32768)).isEqualTo((short) 2);
    assertThat(ChromaprintFingerprinter.toPcm16(-1.0)).isEqualTo(Short.MIN_VALUE);
    assertThat(ChromaprintFingerprinter.toPcm16(1.0)).isEqualTo(Short.MAX_VALUE);
    assertThat(ChromaprintFingerprinter.toPcm16(Double.NaN)).isEqualTo((short) 0);
    assertThat(ChromaprintFingerprinter.toPcm16(1234 / 32768.0)).isEqualTo((short) 1234);
  }

  @Test
  void stereoBlocks_areAveragedToMono() {
    short[] pcm = TestAudio.song(10, 10, RATE);
    float[] mono = AudioFixtures.toFloat(pcm);
    float[] stereo = new float[mono.length * 2];
    for (int i = 0; i < mono.length; i++) {
      stereo[2 * i] = mono[i];
      stereo[2 * i + 1] = mono[i];
    }
    ChromaprintFingerprinter fp = new ChromaprintFingerprinter();
    fp.begin(RATE, 2, mono.length);
    fp.accept(stereo, 0, mono.length);
    fp.end();
    assertThat(fp.result()).isEqualTo(ChromaprintFingerprinter.fingerprint(mono, 120));
  }

  @Test
  void reuse_afterEnd_startsAFreshTrack() {
    short[] a = TestAudio.song(12, 8, RATE);
    short[] b = TestAudio.song(13, 9, RATE);
    ChromaprintFingerprinter fp = new ChromaprintFingerprinter();
    for (short[] pcm : new short[][] {a, b}) {
      fp.begin(RATE, 1, -1);
      fp.accept(AudioFixtures.toFloat(pcm), 0, pcm.length);
      fp.end();
      assertThat(fp.result())
          .isEqualTo(ChromaprintFingerprinter.fingerprint(AudioFixtures.toFloat(pcm), 120));
    }
  }

  @Test
  void misuse_isRejected() {
    ChromaprintFingerprinter fp = new ChromaprintFingerprinter();
    assertThatThrownBy(() -> fp.begin(44100, 1, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> fp.accept(new float[4], 0, 4))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(fp::result).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new ChromaprintFingerprinter(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ChromaprintFingerprinter(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    fp.begin(RATE, 1, -1);
    assertThatThrownBy(() -> fp.accept(new float[4], 2, 4))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}
