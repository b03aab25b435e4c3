package dev.selection.core.internal.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.AudioStream;
import dev.selection.api.testing.AudioFixtures;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AiffDecoderTest {
  @TempDir Path dir;
  private final AiffDecoder aiff = new AiffDecoder();

  /** 44100 as an 80-bit extended float (from the AIFF spec's examples). */
  private static final byte[] RATE_44100 = {0x40, 0x0E, (byte) 0xAC, 0x44, 0, 0, 0, 0, 0, 0};

  @Test
  void extended80_decodesCommonRates() {
    assertThat(AiffDecoder.extended80(RATE_44100, 0)).isEqualTo(44100.0);
    byte[] r48k = {0x40, 0x0E, (byte) 0xBB, (byte) 0x80, 0, 0, 0, 0, 0, 0};
    assertThat(AiffDecoder.extended80(r48k, 0)).isEqualTo(48000.0);
  }

  @Test
  void javaWrittenAiffAndSowt_decodeExactly() throws Exception {
    short[] s = AudioFixtures.signal16(21, 3000, 2);
    ByteBuffer be = ByteBuffer.allocate(s.length * 2);
    for (short v : s) {
      be.putShort(v);
    }
    Path f = aiff(dir.resolve("a.aiff"), "AIFF", 2, 3000, 16, null, be.array());
    try (AudioStream st = aiff.open(f)) {
      assertThat(st.info().sampleRateHz()).isEqualTo(44100);
      assertThat(st.info().frames()).isEqualTo(3000);
      assertThat(st.info().decoder()).isEqualTo("aiff");
      AudioFixtures.assertSameSamples(AudioFixtures.readAll(st), AudioFixtures.toFloat(s));
    }
    Path sowt = aiff(dir.resolve("s.aifc"), "AIFC", 2, 3000, 16, "sowt", TestAudio.le16(s));
    AudioFixtures.assertSameSamples(AudioFixtures.decodeAll(aiff, sowt), AudioFixtures.toFloat(s));
  }

  @Test
  void float32Aifc_decodes() throws Exception {
    ByteBuffer b = ByteBuffer.allocate(12).putFloat(0.5f).putFloat(-0.25f).putFloat(3f);
    Path f = aiff(dir.resolve("f.aifc"), "AIFC", 1, 3, 32, "fl32", b.array());
    assertThat(AudioFixtures.decodeAll(aiff, f)).containsExactly(0.5f, -0.25f, 1f);
  }

  @Test
  void soxAiff_decodesLikeItsWavSource() throws Exception {
    AudioFixtures.assumeTool("sox");
    int[] s = TestAudio.signal24(22, 5000, 2);
    Path wav = TestAudio.wav24(dir.resolve("a.wav"), 48000, 2, s);
    Path f = dir.resolve("a.aiff");
    AudioFixtures.run("sox", wav.toString(), f.toString());
    try (AudioStream st = aiff.open(f)) {
      assertThat(st.info().sampleRateHz()).isEqualTo(48000);
      assertThat(st.info().bitsPerSample()).isEqualTo(24);
      AudioFixtures.assertSameSamples(AudioFixtures.readAll(st), TestAudio.toFloat24(s));
    }
  }

  @Test
  void zeroChannelsAndTruncatedSsnd_areCorrupt() throws Exception {
    Path c0 = aiff(dir.resolve("c0.aiff"), "AIFF", 0, 10, 16, null, new byte[40]);
    assertThatThrownBy(() -> aiff.open(c0))
        .isInstanceOfSatisfying(
            SelectionException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_AUDIO))
        .hasMessageContaining("0 channels");
    Path shortData = aiff(dir.resolve("short.aiff"), "AIFF", 1, 1000, 16, null, new byte[40]);
    assertThatThrownBy(() -> aiff.open(shortData))
        .isInstanceOfSatisfying(
            SelectionException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_AUDIO));
  }

  @Test
  void unknownCompression_isUnsupported() throws Exception {
    Path f = aiff(dir.resolve("u.aifc"), "AIFC", 1, 10, 16, "ulaw", new byte[20]);
    assertThatThrownBy(() -> aiff.open(f))
        .isInstanceOfSatisfying(
            SelectionException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_FORMAT));
  }

  /** Writes a minimal AIFF/AIFC at 44.1 kHz. */
  static Path aiff(
      Path file, String type, int channels, int frames, int bits, String compression, byte[] data)
      throws Exception {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(type.getBytes(StandardCharsets.US_ASCII));
    ByteBuffer comm = ByteBuffer.allocate(compression == null ? 18 : 24);
    comm.putShort((short) channels).putInt(frames).putShort((short) bits).put(RATE_44100);
    if (compression != null) {
      comm.put(compression.getBytes(StandardCharsets.US_ASCII)).put((byte) 0).put((byte) 0);
    }
    body.writeBytes(beChunk("COMM", comm.array()));
    ByteBuffer ssnd = ByteBuffer.allocate(8 + data.length).putInt(0).putInt(0).put(data);
    body.writeBytes(beChunk("SSND", ssnd.array()));
    ByteBuffer all = ByteBuffer.allocate(8 + body.size());
    all.put("FORM".getBytes(StandardCharsets.US_ASCII)).putInt(body.size()).put(body.toByteArray());
    Files.write(file, all.array());
    return file;
  }

  static byte[] beChunk(String id, byte[] body) {
    ByteBuffer b = ByteBuffer.allocate(8 + body.length + (body.length & 1));
    b.put(id.getBytes(StandardCharsets.US_ASCII)).putInt(body.length).put(body);
    return b.array();
  }
}
