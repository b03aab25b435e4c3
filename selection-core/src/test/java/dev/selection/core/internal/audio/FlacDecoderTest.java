package dev.selection.core.internal.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.AudioStream;
import dev.selection.api.testing.AudioFixtures;
import dev.selection.core.internal.audio.tags.TrackTags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Checks our FLAC decoder bit-exactly against files made by the reference {@code flac} encoder. */
class FlacDecoderTest {
  @TempDir Path dir;
  private final FlacDecoder flac = new FlacDecoder();

  @BeforeEach
  void needFlac() {
    AudioFixtures.assumeTool("flac");
  }

  static Stream<Arguments> encoderSettings() {
    return Stream.of(
        Arguments.of(16, 2, List.of("-0")), // fixed predictors, left/side
        Arguments.of(16, 2, List.of("-5")), // LPC, mid/side
        Arguments.of(16, 2, List.of("-8", "--lax", "-l", "32")), // LPC order up to 32
        Arguments.of(16, 1, List.of("-8", "-b", "192")), // tiny blocks (block size code 1)
        Arguments.of(16, 2, List.of("-5", "-b", "1000")), // 16-bit block size field
        Arguments.of(16, 3, List.of("-5", "--channel-map=none")), // independent channels
        Arguments.of(16, 2, List.of("-8", "-r", "0,8", "--no-mid-side")), // Rice partitions
        Arguments.of(24, 2, List.of("-8")), // 24-bit, side channel 25 bits
        Arguments.of(24, 1, List.of("-0", "--lax", "-b", "65535")), // huge blocks
        Arguments.of(8, 2, List.of("-5")), // 8-bit
        Arguments.of(-16, 2, List.of("-5"))); // 16-bit with 4 zero low bits: wasted bits
  }

  @ParameterizedTest
  @MethodSource("encoderSettings")
  void referenceEncoderOutput_decodesBitExactly(int bits, int channels, List<String> opts)
      throws Exception {
    int frames = 70_000;
    int drop = bits < 0 ? 4 : 16 - bits;
    bits = Math.abs(bits);
    int rate = bits == 24 ? 48000 : 44100;
    Path wav = dir.resolve("src.wav");
    float[] expected;
    if (bits == 24) {
      int[] s = TestAudio.signal24(bits * 10L + channels, frames, channels);
      TestAudio.wav24(wav, rate, channels, s);
      expected = TestAudio.toFloat24(s);
    } else {
      short[] s = AudioFixtures.signal16(bits * 10L + channels, frames, channels);
      for (int i = 0; i < s.length; i++) {
        s[i] = (short) ((s[i] >> drop) << drop);
      }
      Path w16 = AudioFixtures.wav16(dir.resolve("s16.wav"), rate, channels, s);
      if (bits == 16) {
        wav = w16;
      } else {
        AudioFixtures.assumeTool("sox");
        AudioFixtures.run("sox", "-D", w16.toString(), "-b", String.valueOf(bits), wav.toString());
      }
      expected = AudioFixtures.toFloat(s);
    }
    Path out = dir.resolve("out.flac");
    List<String> cmd = new ArrayList<>(List.of("flac", "-s", "-f"));
    cmd.addAll(opts);
    cmd.addAll(List.of("-o", out.toString(), wav.toString()));
    AudioFixtures.run(cmd.toArray(String[]::new));
    try (AudioStream st = flac.open(out)) {
      assertThat(st.info().bitsPerSample()).isEqualTo(bits);
      assertThat(st.info().channels()).isEqualTo(channels);
      assertThat(st.info().sampleRateHz()).isEqualTo(rate);
      assertThat(st.info().frames()).isEqualTo(frames);
      assertThat(st.info().decoder()).isEqualTo("flac");
      float[] got = AudioFixtures.readAll(st);
      AudioFixtures.assertSameSamples(got, expected);
    }
  }

  @Test
  void vorbisComments_andLeadingId3_areRead() throws Exception {
    AudioFixtures.assumeTool("metaflac");
    Path wav =
        AudioFixtures.wav16(dir.resolve("a.wav"), 44100, 2, AudioFixtures.signal16(9, 5000, 2));
    Path f = dir.resolve("a.flac");
    AudioFixtures.run("flac", "-s", "-f", "-o", f.toString(), wav.toString());
    AudioFixtures.run(
        "metaflac",
        "--set-tag=TITLE=Ünïcode title",
        "--set-tag=ARTIST=Some One",
        "--set-tag=GENRE=Techno",
        "--set-tag=GENRE=(13)",
        "--set-tag=DATE=2021-02-03",
        "--set-tag=BPM=126",
        "--set-tag=INITIALKEY=8A",
        f.toString());
    try (AudioStream st = flac.open(f)) {
      TrackTags t = ((TaggedStream) st).tags();
      assertThat(t.metadata().title()).isEqualTo("Ünïcode title");
      assertThat(t.metadata().artist()).isEqualTo("Some One");
      assertThat(t.metadata().genres()).containsExactly("Techno", "Pop");
      assertThat(t.metadata().year()).isEqualTo(2021);
      assertThat(t.bpm()).isEqualTo(126.0);
      assertThat(t.key()).isEqualTo("8A");
    }
    if (AudioFixtures.onPath("id3v2")) {
      AudioFixtures.run("id3v2", "--album", "Prefixed Album", f.toString());
      byte[] head = DecoderRegistry.readHead(f);
      assertThat(head[0]).isEqualTo((byte) 'I');
      assertThat(flac.canDecode(f, head)).isTrue();
      try (AudioStream st = flac.open(f)) {
        assertThat(st.metadata().album()).isEqualTo("Prefixed Album");
        assertThat(st.metadata().title()).isEqualTo("Ünïcode title");
        assertThat(AudioFixtures.readAll(st)).hasSize(10000);
      }
    }
  }

  @Test
  void badFrameCrc_isCorruptAudio() throws Exception {
    Path wav =
        AudioFixtures.wav16(dir.resolve("a.wav"), 44100, 2, AudioFixtures.signal16(10, 20000, 2));
    Path f = dir.resolve("a.flac");
    AudioFixtures.run("flac", "-s", "-f", "-o", f.toString(), wav.toString());
    byte[] b = Files.readAllBytes(f);
    b[b.length - 3000] ^= 0x10; // inside the last frames' residuals
    Files.write(f, b);
    assertThatThrownBy(() -> AudioFixtures.decodeAll(flac, f))
        .isInstanceOfSatisfying(
            SelectionException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_AUDIO))
        .hasMessageContaining("CRC");
  }

  @Test
  void badHeaderCrc8_isCorruptAudio() throws Exception {
    Path wav =
        AudioFixtures.wav16(dir.resolve("a.wav"), 44100, 2, AudioFixtures.signal16(12, 20000, 2));
    Path f = dir.resolve("a.flac");
    AudioFixtures.run("flac", "-s", "-f", "-o", f.toString(), wav.toString());
    byte[] b = Files.readAllBytes(f);
    int pos = 4; // after "fLaC": walk the metadata blocks to the first frame
    boolean last = false;
    while (!last) {
      last = (b[pos] & 0x80) != 0;
      pos += 4 + (((b[pos + 1] & 0xff) << 16) | ((b[pos + 2] & 0xff) << 8) | (b[pos + 3] & 0xff));
    }
    assertThat(b[pos] & 0xff).isEqualTo(0xff);
    assertThat(b[pos + 1] & 0xfe).isEqualTo(0xf8);
    b[pos + 5] ^= 0x01; // the header's CRC-8 byte (1-byte frame number 0, no extra fields)
    Files.write(f, b);
    assertThatThrownBy(() -> AudioFixtures.decodeAll(flac, f))
        .isInstanceOfSatisfying(
            SelectionException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_AUDIO))
        .hasMessageContaining("CRC-8");
  }

  @Test
  void zeroSampleRateInStreamInfo_isCorrupt() throws Exception {
    Path wav =
        AudioFixtures.wav16(dir.resolve("a.wav"), 44100, 1, AudioFixtures.signal16(11, 2000, 1));
    Path f = dir.resolve("a.flac");
    AudioFixtures.run("flac", "-s", "-f", "-o", f.toString(), wav.toString());
    byte[] b = Files.readAllBytes(f);
    // STREAMINFO body starts at 8; sample rate is its bits 80..99.
    b[8 + 10] = 0;
    b[8 + 11] = 0;
    b[8 + 12] &= 0x0f;
    Files.write(f, b);
    assertThatThrownBy(() -> flac.open(f))
        .isInstanceOfSatisfying(
            SelectionException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_AUDIO))
        .hasMessageContaining("sample rate 0");
  }
}
