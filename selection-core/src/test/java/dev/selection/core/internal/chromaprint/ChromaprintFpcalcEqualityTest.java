package dev.selection.core.internal.chromaprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our fingerprints against the reference: Debian's {@code fpcalc} (chromaprint 1.5.1) on the same
 * 11 025 Hz mono int16 PCM must give identical raw codes, compressed string and duration.
 */
class ChromaprintFpcalcEqualityTest {
  private static final int RATE = TestAudio.RATE;

  @TempDir static Path dir;

  @BeforeAll
  static void requireFpcalc() {
    assumeTrue(Fpcalc.available(), "fpcalc not on PATH: skipping the fpcalc equality tests");
  }

  static Stream<Arguments> signals() {
    return Stream.of(
        Arguments.of("sine440_10s", TestAudio.sine(440, 0.5, 10, RATE)),
        Arguments.of(
            "chords_30s",
            TestAudio.chords(
                new double[][] {
                  {261.63, 329.63, 392.0}, {220.0, 261.63, 329.63}, {196.0, 246.94, 293.66}
                },
                1.5,
                30,
                RATE)),
        Arguments.of("noise_bursts_20s", TestAudio.noiseBursts(7, 20, RATE)),
        Arguments.of("song_seed1_130s", TestAudio.song(1, 130, RATE)),
        Arguments.of("song_seed2_47s", TestAudio.song(2, 47.3, RATE)),
        Arguments.of("song_seed3_3s", TestAudio.song(3, 3, RATE)),
        Arguments.of("quiet_song_seed4_25s", TestAudio.gain(TestAudio.song(4, 25, RATE), 0.002)),
        Arguments.of("silence_10s", new short[10 * RATE]));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("signals")
  void rawCodesAndCompressedString_equalFpcalc(String name, short[] pcm) throws Exception {
    Path wav = TestAudio.writeWav(dir.resolve(name + ".wav"), pcm, RATE, 1);
    Fpcalc.Output raw = Fpcalc.run(wav, "-raw", "-length", "120");
    Fpcalc.Output compressed = Fpcalc.run(wav);
    assertThat(raw).as("fpcalc -raw output").isNotNull();
    assertThat(compressed).as("fpcalc output").isNotNull();

    ChromaprintFingerprint ours = TestAudio.fingerprint(pcm, 120, name.hashCode());

    assertThat(ours.codes()).as("raw codes of %s", name).isEqualTo(raw.rawCodes());
    assertThat(ours.rawString()).isEqualTo(raw.fingerprint());
    assertThat(ours.encoded())
        .as("compressed fingerprint of %s", name)
        .isEqualTo(compressed.fingerprint());
    assertThat(ours.durationWholeSec()).isEqualTo(compressed.durationSec());
    assertThat(ChromaprintCodec.decode(compressed.fingerprint())).isEqualTo(raw.rawCodes());
  }

  @Test
  void customLength_equalsFpcalcLength() throws Exception {
    short[] pcm = TestAudio.song(5, 40, RATE);
    Path wav = TestAudio.writeWav(dir.resolve("song5.wav"), pcm, RATE, 1);
    Fpcalc.Output raw = Fpcalc.run(wav, "-raw", "-length", "17.5");
    assertThat(raw).isNotNull();
    assertThat(TestAudio.fingerprint(pcm, 17.5, 5).codes()).isEqualTo(raw.rawCodes());
  }

  @Test
  void lessThanOneCode_isEmptyLikeFpcalc() throws Exception {
    short[] pcm = TestAudio.song(6, 2.0, RATE);
    Path wav = TestAudio.writeWav(dir.resolve("short.wav"), pcm, RATE, 1);
    assertThat(Fpcalc.run(wav, "-raw")).as("fpcalc prints no fingerprint").isNull();
    ChromaprintFingerprint ours = TestAudio.fingerprint(pcm, 120, 6);
    assertThat(ours.isEmpty()).isTrue();
    assertThat(ours.encoded()).isEmpty();
  }
}
