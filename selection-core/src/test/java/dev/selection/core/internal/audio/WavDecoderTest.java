package dev.selection.core.internal.audio;

import static dev.selection.core.internal.audio.TestAudio.chunk;
import static dev.selection.core.internal.audio.TestAudio.fmt;
import static dev.selection.core.internal.audio.TestAudio.riff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.AudioStream;
import dev.selection.api.testing.AudioFixtures;
import dev.selection.core.internal.audio.tags.TrackTags;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavDecoderTest {
  @TempDir Path dir;
  private final WavDecoder wav = new WavDecoder();

  @Test
  void pcm16_decodesExactly() throws Exception {
    short[] s = AudioFixtures.signal16(1, 5000, 2);
    Path f = AudioFixtures.wav16(dir.resolve("a.wav"), 44100, 2, s);
    assertThat(wav.canDecode(f, Files.readAllBytes(f))).isTrue();
    try (AudioStream st = wav.open(f)) {
      assertThat(st.info().sampleRateHz()).isEqualTo(44100);
      assertThat(st.info().channels()).isEqualTo(2);
      assertThat(st.info().bitsPerSample()).isEqualTo(16);
      assertThat(st.info().frames()).isEqualTo(5000);
      assertThat(st.info().decoder()).isEqualTo("wav");
      assertThat(st.info().bitrateKbps()).isEqualTo(1411.2);
      assertThat(AudioFixtures.readAll(st)).containsExactly(AudioFixtures.toFloat(s));
    }
  }

  @Test
  void pcm24_decodesExactly() throws Exception {
    int[] s = TestAudio.signal24(2, 3000, 1);
    Path f = TestAudio.wav24(dir.resolve("a.wav"), 48000, 1, s);
    assertThat(AudioFixtures.decodeAll(wav, f)).containsExactly(TestAudio.toFloat24(s));
  }

  @Test
  void pcm8_isUnsignedOffsetBinary() throws Exception {
    Path f =
        riff(
            dir.resolve("a.wav"),
            chunk("fmt ", fmt(1, 1, 8000, 8)),
            chunk("data", new byte[] {0, (byte) 128, (byte) 255}));
    assertThat(AudioFixtures.decodeAll(wav, f)).containsExactly(-1f, 0f, 127f / 128f);
  }

  @Test
  void pcm32AndFloats_decode() throws Exception {
    ByteBuffer i32 =
        ByteBuffer.allocate(12)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putInt(Integer.MIN_VALUE)
            .putInt(1 << 30)
            .putInt(0);
    assertThat(
            AudioFixtures.decodeAll(
                wav,
                riff(
                    dir.resolve("i32.wav"),
                    chunk("fmt ", fmt(1, 1, 8000, 32)),
                    chunk("data", i32.array()))))
        .containsExactly(-1f, 0.5f, 0f);
    ByteBuffer f32 =
        ByteBuffer.allocate(16)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putFloat(0.25f)
            .putFloat(-2f)
            .putFloat(Float.NaN)
            .putFloat(Float.POSITIVE_INFINITY);
    assertThat(
            AudioFixtures.decodeAll(
                wav,
                riff(
                    dir.resolve("f32.wav"),
                    chunk("fmt ", fmt(3, 1, 8000, 32)),
                    chunk("data", f32.array()))))
        .containsExactly(0.25f, -1f, 0f, 1f);
    ByteBuffer f64 =
        ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(-0.125).putDouble(0.75);
    assertThat(
            AudioFixtures.decodeAll(
                wav,
                riff(
                    dir.resolve("f64.wav"),
                    chunk("fmt ", fmt(3, 1, 8000, 64)),
                    chunk("data", f64.array()))))
        .containsExactly(-0.125f, 0.75f);
  }

  @Test
  void extensible_readsSubFormat() throws Exception {
    short[] s = AudioFixtures.signal16(3, 100, 2);
    ByteBuffer ext = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
    ext.put(fmt(0xFFFE, 2, 32000, 16))
        .putShort((short) 22)
        .putShort((short) 16)
        .putInt(3)
        .putShort((short) 1)
        .put(
            new byte[] {
              0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71
            });
    Path f =
        riff(dir.resolve("ext.wav"), chunk("fmt ", ext.array()), chunk("data", TestAudio.le16(s)));
    assertThat(AudioFixtures.decodeAll(wav, f)).containsExactly(AudioFixtures.toFloat(s));
  }

  @Test
  void soxAndFfmpegFiles_decodeLikeTheirSource() throws Exception {
    AudioFixtures.assumeTool("sox");
    short[] s = AudioFixtures.signal16(4, 4000, 2);
    Path src = AudioFixtures.wav16(dir.resolve("src.wav"), 44100, 2, s);
    Path f24 = dir.resolve("sox24.wav");
    AudioFixtures.run("sox", src.toString(), "-b", "24", f24.toString());
    assertThat(AudioFixtures.decodeAll(wav, f24)).containsExactly(AudioFixtures.toFloat(s));
    Path fl = dir.resolve("soxf.wav");
    AudioFixtures.run("sox", src.toString(), "-e", "floating-point", "-b", "32", fl.toString());
    assertThat(AudioFixtures.decodeAll(wav, fl)).containsExactly(AudioFixtures.toFloat(s));
  }

  @Test
  void infoAndId3Chunks_giveTags() throws Exception {
    byte[] info = TestAudio.list("INFO").get(0).getBytes(StandardCharsets.ISO_8859_1);
    byte[] list =
        concat(
            info,
            chunk("INAM", z("Título")),
            chunk("IART", z("Artist")),
            chunk("IGNR", z("House")),
            chunk("ICRD", z("2019-03-01")));
    short[] s = AudioFixtures.signal16(5, 100, 1);
    Path f =
        riff(
            dir.resolve("t.wav"),
            chunk("fmt ", fmt(1, 1, 8000, 16)),
            chunk("data", TestAudio.le16(s)),
            chunk("LIST", list));
    try (AudioStream st = wav.open(f)) {
      TrackTags t = ((TaggedStream) st).tags();
      assertThat(t.metadata().title()).isEqualTo("Título");
      assertThat(t.metadata().artist()).isEqualTo("Artist");
      assertThat(t.metadata().genres()).containsExactly("House");
      assertThat(t.metadata().year()).isEqualTo(2019);
      assertThat(AudioFixtures.readAll(st)).containsExactly(AudioFixtures.toFloat(s));
    }
  }

  @Test
  void brokenTags_neverStopDecoding_andYieldEmptyMetadata() throws Exception {
    byte[] junk = new byte[300];
    new java.util.Random(6).nextBytes(junk);
    byte[] badList =
        concat(
            "INFO".getBytes(StandardCharsets.US_ASCII),
            new byte[] {'I', 'N', 'A', 'M', (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 'x'});
    byte[] badId3 = {
      'I', 'D', '3', 3, 0, 0, 0x7f, 0x7f, 0x7f, 0x7f, 'T', 'I', 'T', '2', 0x7f, 0, 0, 0
    };
    short[] s = AudioFixtures.signal16(7, 500, 1);
    Path f =
        riff(
            dir.resolve("bad-tags.wav"),
            chunk("fmt ", fmt(1, 1, 8000, 16)),
            chunk("LIST", badList),
            chunk("id3 ", badId3),
            chunk("id3 ", junk),
            chunk("data", TestAudio.le16(s)));
    try (AudioStream st = wav.open(f)) {
      assertThat(((TaggedStream) st).tags()).isEqualTo(TrackTags.EMPTY);
      assertThat(st.metadata()).isEqualTo(dev.selection.api.SongMetadata.EMPTY);
      assertThat(AudioFixtures.readAll(st)).containsExactly(AudioFixtures.toFloat(s));
    }
  }

  @Test
  void zeroChannelsOrRate_isCorrupt() throws Exception {
    Path c0 =
        riff(dir.resolve("c0.wav"), chunk("fmt ", fmt(1, 0, 8000, 16)), chunk("data", new byte[4]));
    assertCode(c0, ErrorCode.CORRUPT_AUDIO, "0 channels");
    Path r0 =
        riff(dir.resolve("r0.wav"), chunk("fmt ", fmt(1, 1, 0, 16)), chunk("data", new byte[4]));
    assertCode(r0, ErrorCode.CORRUPT_AUDIO, "sample rate 0");
  }

  @Test
  void dataClaiming4Gb_isCorruptWithoutAllocating() throws Exception {
    byte[] data = new byte[8 + 1000];
    ByteBuffer.wrap(data)
        .order(ByteOrder.LITTLE_ENDIAN)
        .put("data".getBytes(StandardCharsets.US_ASCII))
        .putInt(0xFFFFFFF0);
    Path f = riff(dir.resolve("big.wav"), chunk("fmt ", fmt(1, 2, 44100, 16)), data);
    assertCode(f, ErrorCode.CORRUPT_AUDIO, "claims");
  }

  @Test
  void compressedWav_isUnsupported() throws Exception {
    Path f =
        riff(
            dir.resolve("adpcm.wav"),
            chunk("fmt ", fmt(2, 1, 8000, 4)),
            chunk("data", new byte[8]));
    assertCode(f, ErrorCode.UNSUPPORTED_FORMAT, "0x0002");
  }

  @Test
  void missingChunks_areCorrupt() throws Exception {
    assertCode(
        riff(dir.resolve("nofmt.wav"), chunk("data", new byte[8])),
        ErrorCode.CORRUPT_AUDIO,
        "no fmt");
    assertCode(
        riff(dir.resolve("nodata.wav"), chunk("fmt ", fmt(1, 1, 8000, 16))),
        ErrorCode.CORRUPT_AUDIO,
        "no data");
  }

  private void assertCode(Path f, ErrorCode code, String text) {
    assertThatThrownBy(() -> AudioFixtures.decodeAll(wav, f))
        .isInstanceOfSatisfying(SelectionException.class, e -> assertThat(e.code()).isEqualTo(code))
        .hasMessageContaining(text);
  }

  static byte[] z(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return java.util.Arrays.copyOf(b, b.length + 1);
  }

  static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      o.writeBytes(p);
    }
    return o.toByteArray();
  }
}
