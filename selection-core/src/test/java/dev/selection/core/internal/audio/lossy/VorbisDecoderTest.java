package dev.selection.core.internal.audio.lossy;

import static dev.selection.api.testing.AudioFixtures.onPath;
import static dev.selection.api.testing.AudioFixtures.run;
import static dev.selection.core.internal.audio.lossy.LossyTestAudio.correlation;
import static dev.selection.core.internal.audio.lossy.LossyTestAudio.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.SongMetadata;
import dev.selection.api.spi.AudioDecoder;
import dev.selection.api.spi.AudioStream;
import dev.selection.core.internal.audio.TaggedStream;
import dev.selection.core.internal.audio.tags.TrackTags;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ogg Vorbis decoding against FFmpeg on files made with oggenc, Vorbis comments, and bad input. */
class VorbisDecoderTest {
  private static final List<ErrorCode> BAD_INPUT_CODES =
      List.of(ErrorCode.UNSUPPORTED_FORMAT, ErrorCode.CORRUPT_AUDIO, ErrorCode.IO_ERROR);

  @TempDir static Path dir;

  private final VorbisDecoder decoder = new VorbisDecoder();

  @BeforeAll
  static void requireJOrbis() {
    assumeTrue(VorbisDecoder.isAvailable(), "JOrbis not on the class path");
  }

  static Path oggenc(String name, int rateHz, int channels, double seconds, String... options)
      throws Exception {
    assumeTrue(onPath("oggenc"), "oggenc not on PATH: skipping");
    Path wav = dir.resolve(name + ".wav");
    Path ogg = dir.resolve(name + ".ogg");
    if (!Files.exists(ogg)) {
      LossyTestAudio.writeWav16(
          wav, LossyTestAudio.musicLike(rateHz, channels, seconds, 42), rateHz, channels);
      String[] cmd = new String[options.length + 5];
      cmd[0] = "oggenc";
      cmd[1] = "-Q";
      System.arraycopy(options, 0, cmd, 2, options.length);
      cmd[options.length + 2] = wav.toString();
      cmd[options.length + 3] = "-o";
      cmd[options.length + 4] = ogg.toString();
      run(cmd);
    }
    return ogg;
  }

  private static Path tagged() throws Exception {
    return oggenc(
        "tagged",
        44100,
        2,
        3.0,
        "-q",
        "4",
        "-t",
        "Título",
        "-a",
        "Artist",
        "-l",
        "Album",
        "-G",
        "Techno",
        "-d",
        "2019-05-01",
        "-c",
        "BPM=128",
        "-c",
        "INITIALKEY=Am",
        "-c",
        "GENRE=House");
  }

  private float[] decode(Path file) {
    try (AudioStream s = decoder.open(file)) {
      return readAll(s, 1000);
    }
  }

  private static byte[] head(Path file) throws Exception {
    byte[] all = Files.readAllBytes(file);
    return Arrays.copyOf(all, Math.min(all.length, AudioDecoder.HEAD_BYTES));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "q4-44k-stereo,  44100, 2, -q 4",
    "q0-22k-mono,    22050, 1, -q 0",
    "q6-48k-stereo,  48000, 2, -q 6",
    "q2-8k-mono,     8000,  1, -q 2",
  })
  void decode_matchesFfmpegLengthAndContent(String name, int rateHz, int channels, String options)
      throws Exception {
    Path ogg = oggenc(name, rateHz, channels, 3.0, options.split(" "));
    float[] ours;
    try (AudioStream s = decoder.open(ogg)) {
      ours = readAll(s, 333);
      assertThat(s.info().sampleRateHz()).isEqualTo(rateHz);
      assertThat(s.info().channels()).isEqualTo(channels);
      assertThat(s.info().format()).isEqualTo("ogg");
      assertThat(s.info().decoder()).startsWith("vorbis/1+jorbis-");
      assertThat(s.info().frames()).isEqualTo(ours.length / channels);
      long bytes = Files.size(ogg);
      assertThat(s.info().bitrateKbps())
          .isCloseTo(bytes * 8.0 / 3.0 / 1000, org.assertj.core.data.Offset.offset(1.0));
    }
    assumeTrue(onPath("ffmpeg"), "ffmpeg not on PATH: skipping the FFmpeg comparison");
    float[] ref =
        LossyTestAudio.f32le(
            run("ffmpeg", "-nostdin", "-v", "error", "-i", ogg.toString(), "-f", "f32le", "-"));
    double corr = correlation(ref, ours);
    double snr = LossyTestAudio.snrDb(ref, ours, 0, Math.min(ref.length, ours.length));
    System.out.printf(
        "ogg %s: ours %d samples, ffmpeg %d, correlation %.6f, SNR vs ffmpeg %.1f dB%n",
        name, ours.length, ref.length, corr, snr);
    assertThat(ours.length).isEqualTo(ref.length);
    assertThat(corr).isGreaterThan(0.999);
    assertThat(snr).isGreaterThan(60);
    float[] original = LossyTestAudio.musicLike(rateHz, channels, 3.0, 42);
    assertThat(ours.length).isEqualTo(original.length);
  }

  @Test
  void ffmpegLibvorbisEncoded_matchesFfmpeg() throws Exception {
    assumeTrue(onPath("ffmpeg"), "ffmpeg not on PATH: skipping");
    Path wav = dir.resolve("lavf.wav");
    Path ogg = dir.resolve("lavf.ogg");
    LossyTestAudio.writeWav16(wav, LossyTestAudio.musicLike(32000, 2, 2.0, 5), 32000, 2);
    try {
      run(
          "ffmpeg",
          "-nostdin",
          "-v",
          "error",
          "-y",
          "-i",
          wav.toString(),
          "-c:a",
          "libvorbis",
          "-metadata",
          "title=From FFmpeg",
          ogg.toString());
    } catch (AssertionError e) {
      assumeTrue(false, "ffmpeg cannot encode with libvorbis: skipping");
    }
    float[] ours;
    try (AudioStream s = decoder.open(ogg)) {
      ours = readAll(s, 1024);
      assertThat(s.metadata().title()).isEqualTo("From FFmpeg");
    }
    float[] ref =
        LossyTestAudio.f32le(
            run("ffmpeg", "-nostdin", "-v", "error", "-i", ogg.toString(), "-f", "f32le", "-"));
    assertThat(ours.length).isEqualTo(ref.length);
    assertThat(LossyTestAudio.snrDb(ref, ours, 0, ref.length)).isGreaterThan(60);
  }

  @Test
  void comments_mapToSongMetadataWithBpmAndKey() throws Exception {
    Path ogg = tagged();
    try (AudioStream s = decoder.open(ogg)) {
      readAll(s, 4096);
      SongMetadata m = s.metadata();
      assertThat(m.title()).isEqualTo("Título");
      assertThat(m.artist()).isEqualTo("Artist");
      assertThat(m.album()).isEqualTo("Album");
      assertThat(m.genres()).containsExactlyInAnyOrder("Techno", "House"); // file order is oggenc's
      assertThat(m.year()).isEqualTo(2019);
      // BPM and key reach the analysis too (a TaggedStream, like every decoder of ours).
      TrackTags t = ((TaggedStream) s).tags();
      assertThat(t.bpm()).isEqualTo(128.0);
      assertThat(t.key()).isEqualTo("Am");
    }
  }

  /** Ogg page CRC (RFC 3533: polynomial 0x04c11db7, initial 0, no reflection, CRC field zeroed). */
  private static int oggCrc(byte[] b, int off, int len) {
    int crc = 0;
    for (int i = off; i < off + len; i++) {
      crc ^= (b[i] & 0xFF) << 24;
      for (int k = 0; k < 8; k++) {
        crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
      }
    }
    return crc;
  }

  @Test
  void brokenComments_neverStopDecoding() throws Exception {
    Path ogg = tagged();
    byte[] b = Files.readAllBytes(ogg);
    // The second page starts with the comment header: damage its first comment's length field.
    int second = indexOf(b, "OggS".getBytes(StandardCharsets.US_ASCII), 4);
    int segs = b[second + 26] & 0xFF;
    int pageLen = 27 + segs;
    for (int i = 0; i < segs; i++) {
      pageLen += b[second + 27 + i] & 0xFF;
    }
    int packet = second + 27 + segs;
    assertThat(b[packet]).isEqualTo((byte) 3);
    int vendorLen = (b[packet + 7] & 0xFF) | ((b[packet + 8] & 0xFF) << 8);
    int firstComment = packet + 7 + 4 + vendorLen + 4;
    b[firstComment + 3] = 0x7F; // length ~2 GB
    b[second + 22] = b[second + 23] = b[second + 24] = b[second + 25] = 0;
    int crc = oggCrc(b, second, pageLen);
    b[second + 22] = (byte) crc;
    b[second + 23] = (byte) (crc >>> 8);
    b[second + 24] = (byte) (crc >>> 16);
    b[second + 25] = (byte) (crc >>> 24);
    Path broken = dir.resolve("broken-comments.ogg");
    Files.write(broken, b);
    try (AudioStream s = decoder.open(broken)) {
      assertThat(readAll(s, 4096)).isEqualTo(decode(ogg));
      assertThat(s.metadata()).isEqualTo(SongMetadata.EMPTY);
    }
  }

  private static int indexOf(byte[] hay, byte[] needle, int from) {
    outer:
    for (int i = from; i + needle.length <= hay.length; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (hay[i + k] != needle[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void vorbisComments_parserIsTolerant() {
    long seed = Long.getLong("vorbis.seed", System.nanoTime());
    System.out.println("vorbisComments_parserIsTolerant seed=" + seed);
    Random rnd = new Random(seed);
    for (int i = 0; i < 2000; i++) {
      byte[] p = new byte[rnd.nextInt(200)];
      rnd.nextBytes(p);
      if (p.length >= 7 && rnd.nextBoolean()) {
        System.arraycopy(new byte[] {3, 'v', 'o', 'r', 'b', 'i', 's'}, 0, p, 0, 7);
      }
      assertThat(VorbisStream.parseCommentPacket(p, 0, p.length)).isNotNull();
    }
  }

  @Test
  void decode_isDeterministicAcrossBlockSizes() throws Exception {
    Path ogg = oggenc("q4-44k-stereo", 44100, 2, 3.0, "-q", "4");
    float[] a = decode(ogg);
    float[] b;
    try (AudioStream s = decoder.open(ogg)) {
      b = readAll(s, 1);
    }
    assertThat(b).isEqualTo(a);
  }

  @Test
  void truncated_atEveryTenthIsCorrupt() throws Exception {
    Path ogg = oggenc("q4-44k-stereo", 44100, 2, 3.0, "-q", "4");
    byte[] all = Files.readAllBytes(ogg);
    for (int tenth = 0; tenth < 10; tenth++) {
      Path cut = dir.resolve("cut" + tenth + ".ogg");
      Files.write(cut, Arrays.copyOf(all, all.length * tenth / 10));
      Throwable t =
          catchThrowable(
              () ->
                  Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30), () -> decode(cut)));
      assertThat(t).as("cut at %d/10", tenth).isInstanceOf(SelectionException.class);
      ErrorCode code = ((SelectionException) t).code();
      assertThat(code).isIn(BAD_INPUT_CODES);
      if (tenth > 0) {
        assertThat(code).isEqualTo(ErrorCode.CORRUPT_AUDIO);
      }
    }
  }

  @Test
  void garbageAndRandomPages_failCleanlyOrDecodeFiniteSamples() throws Exception {
    Path ogg = oggenc("q4-44k-stereo", 44100, 2, 3.0, "-q", "4");
    byte[] clean = Files.readAllBytes(ogg);
    long seed = Long.getLong("vorbis.seed", System.nanoTime());
    System.out.println("garbageAndRandomPages seed=" + seed);
    Random rnd = new Random(seed);
    for (int trial = 0; trial < 40; trial++) {
      byte[] b = clean.clone();
      int kind = trial % 3;
      if (kind == 0) { // overwrite a random region with noise
        int at = rnd.nextInt(b.length);
        for (int i = at; i < Math.min(b.length, at + 1 + rnd.nextInt(3000)); i++) {
          b[i] = (byte) rnd.nextInt();
        }
      } else if (kind == 1) { // random bytes behind a Vorbis-looking first page
        byte[] r = new byte[rnd.nextInt(30000)];
        rnd.nextBytes(r);
        int keep = Math.min(58, b.length);
        b = Arrays.copyOf(b, keep + r.length);
        System.arraycopy(r, 0, b, keep, r.length);
      } else { // flip bits everywhere
        for (int i = 0; i < 50; i++) {
          b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
        }
      }
      Path f = dir.resolve("bad" + trial + ".ogg");
      Files.write(f, b);
      decoder.canDecode(f, Arrays.copyOf(b, Math.min(b.length, AudioDecoder.HEAD_BYTES)));
      Throwable t =
          catchThrowable(
              () -> {
                float[] x =
                    Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30), () -> decode(f));
                for (float v : x) {
                  assertThat(v).isBetween(-1f, 1f);
                }
              });
      if (t != null) {
        assertThat(t)
            .as("trial %d kind %d (seed %d)", trial, kind, seed)
            .isInstanceOf(SelectionException.class);
        assertThat(((SelectionException) t).code()).isIn(BAD_INPUT_CODES);
      }
    }
  }

  @Test
  void zeroLengthAndNonVorbis_areUnsupported() throws Exception {
    Path empty = dir.resolve("empty.ogg");
    Files.write(empty, new byte[0]);
    assertThat(decoder.canDecode(empty, new byte[0])).isFalse();
    assertThat(Assertions.assertThrows(SelectionException.class, () -> decoder.open(empty)).code())
        .isEqualTo(ErrorCode.UNSUPPORTED_FORMAT);
    Path wav = dir.resolve("x.wav");
    LossyTestAudio.writeWav16(wav, new float[100], 8000, 1);
    assertThat(decoder.canDecode(wav, head(wav))).isFalse();
    assertThat(Assertions.assertThrows(SelectionException.class, () -> decoder.open(wav)).code())
        .isEqualTo(ErrorCode.UNSUPPORTED_FORMAT);
  }

  @Test
  void canDecode_recognisesOggVorbis() throws Exception {
    Path ogg = tagged();
    assertThat(decoder.canDecode(ogg, head(ogg))).isTrue();
    Path mp3 = dir.resolve("fake.mp3");
    Files.write(mp3, new byte[] {'I', 'D', '3', 3, 0, 0, 0, 0, 0, 0});
    assertThat(decoder.canDecode(mp3, head(mp3))).isFalse();
  }
}
