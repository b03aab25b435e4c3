package dev.selection.core.internal.audio.lossy;

import static dev.selection.core.internal.audio.lossy.LossyTestAudio.correlation;
import static dev.selection.core.internal.audio.lossy.LossyTestAudio.onPath;
import static dev.selection.core.internal.audio.lossy.LossyTestAudio.readAll;
import static dev.selection.core.internal.audio.lossy.LossyTestAudio.run;
import static dev.selection.core.internal.audio.lossy.LossyTestAudio.s16le;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.AudioDecoder;
import dev.selection.api.spi.AudioStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
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

/** MP3 decoding against FFmpeg on files made with LAME from a generated signal, and bad input. */
class Mp3DecoderTest {
  private static final List<ErrorCode> BAD_INPUT_CODES =
      List.of(ErrorCode.UNSUPPORTED_FORMAT, ErrorCode.CORRUPT_AUDIO, ErrorCode.IO_ERROR);

  @TempDir static Path dir;

  private final Mp3Decoder decoder = new Mp3Decoder();

  @BeforeAll
  static void requireJLayer() {
    assumeTrue(Mp3Decoder.isAvailable(), "JLayer not on the class path");
  }

  /** Encodes a generated signal with LAME; returns the MP3. */
  static Path lame(String name, int rateHz, int channels, double seconds, String... options)
      throws Exception {
    assumeTrue(onPath("lame"), "lame not on PATH: skipping");
    Path wav = dir.resolve(name + ".wav");
    Path mp3 = dir.resolve(name + ".mp3");
    if (!Files.exists(mp3)) {
      LossyTestAudio.writeWav16(wav, LossyTestAudio.musicLike(rateHz, channels, seconds, 42), rateHz,
          channels);
      String[] cmd = new String[options.length + 5];
      cmd[0] = "lame";
      cmd[1] = "--quiet";
      System.arraycopy(options, 0, cmd, 2, options.length);
      cmd[options.length + 2] = "--noreplaygain";
      cmd[options.length + 3] = wav.toString();
      cmd[options.length + 4] = mp3.toString();
      run(cmd);
    }
    return mp3;
  }

  static float[] ffmpeg(Path file, int channels) throws Exception {
    assumeTrue(onPath("ffmpeg"), "ffmpeg not on PATH: skipping the FFmpeg comparison");
    return s16le(run("ffmpeg", "-nostdin", "-v", "error", "-i", file.toString(), "-ac",
        Integer.toString(channels), "-f", "s16le", "-"));
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
    "cbr128-44k-stereo, 44100, 2, -b 128",
    "vbr-44k-stereo,    44100, 2, -V 4",
    "cbr64-22k-mono,    22050, 1, -b 64",
    "cbr32-8k-mono,     8000,  1, -b 32",
    "no-tag-44k-stereo, 44100, 2, -b 128 -t",
    "cbr160-48k-stereo, 48000, 2, -b 160 --add-id3v2 --tt Title",
  })
  void decode_matchesFfmpegLengthAndContent(String name, int rateHz, int channels, String options)
      throws Exception {
    Path mp3 = lame(name, rateHz, channels, 3.0, options.split(" "));
    float[] ours;
    AudioStream s = decoder.open(mp3);
    try (s) {
      ours = readAll(s, 777);
      assertThat(s.info().sampleRateHz()).isEqualTo(rateHz);
      assertThat(s.info().channels()).isEqualTo(channels);
      assertThat(s.info().format()).isEqualTo("mp3");
      assertThat(s.info().decoder()).startsWith("mp3/1+jlayer-");
      if (!options.contains("-t")) {
        assertThat(s.info().frames()).isEqualTo(ours.length / channels);
      }
      double kbps = s.info().bitrateKbps();
      if (options.startsWith("-b")) {
        assertThat(kbps).isCloseTo(Double.parseDouble(options.split(" ")[1]),
            org.assertj.core.data.Offset.offset(2.0));
      } else {
        assertThat(kbps).isBetween(40.0, 320.0);
      }
    }
    float[] ref = ffmpeg(mp3, channels);
    double corr = correlation(ref, ours);
    double snr = LossyTestAudio.snrDb(ref, ours, 0, Math.min(ref.length, ours.length));
    System.out.printf("mp3 %s: ours %d samples, ffmpeg %d, correlation %.6f, SNR vs ffmpeg %.1f dB%n",
        name, ours.length, ref.length, corr, snr);
    assertThat(ours.length).isEqualTo(ref.length);
    assertThat(corr).isGreaterThan(0.999);
    assertThat(snr).as("SNR against FFmpeg (16-bit output)").isGreaterThan(60);
    // With LAME's gapless info the trimmed PCM also lines up with the encoder's input.
    if (!options.contains("-t")) {
      float[] original = LossyTestAudio.musicLike(rateHz, channels, 3.0, 42);
      assertThat(ours.length).isEqualTo(original.length);
      assertThat(correlation(original, ours)).isGreaterThan(0.99);
    }
  }

  /** Files written by FFmpeg's encoders: a "Lavc" LAME tag, layer II, and libshine (no delay info). */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "libmp3lame-44k.mp3, libmp3lame, 44100, 2",
    "mp2-48k.mp2,        mp2,        48000, 2",
    "libshine-44k.mp3,   libshine,   44100, 2",
  })
  void ffmpegEncoded_matchesFfmpegLength(String name, String codec, int rateHz, int channels)
      throws Exception {
    assumeTrue(onPath("ffmpeg"), "ffmpeg not on PATH: skipping");
    Path wav = dir.resolve(name + ".wav");
    Path out = dir.resolve(name);
    LossyTestAudio.writeWav16(wav, LossyTestAudio.musicLike(rateHz, channels, 2.0, 9), rateHz,
        channels);
    try {
      run("ffmpeg", "-nostdin", "-v", "error", "-y", "-i", wav.toString(), "-c:a", codec,
          out.toString());
    } catch (java.io.IOException e) {
      assumeTrue(false, "ffmpeg cannot encode with " + codec + ": skipping");
    }
    assertThat(decoder.canDecode(out, head(out))).isTrue();
    float[] ours = decode(out);
    float[] ref = ffmpeg(out, channels);
    double corr = correlation(ref, ours);
    System.out.printf("%s: ours %d samples, ffmpeg %d, correlation %.6f%n", name, ours.length,
        ref.length, corr);
    assertThat(ours.length).isEqualTo(ref.length);
    assertThat(corr).isGreaterThan(0.999);
  }

  /**
   * LAME's padding exceeds one 576-sample MPEG-2 frame plus the decoder delay for some lengths: then
   * the last frame lies wholly in the padding and decoding must stop before it, without a truncation
   * error. Tries lengths until LAME writes such a padding.
   */
  @Test
  void largePadding_spanningAWholeFrame_isTrimmedWithoutTruncationError() throws Exception {
    for (int samples = 22600; samples < 22600 + 576; samples += 23) {
      Path mp3 = lame("pad-22k-mono-" + samples, 22050, 1, samples / 22050.0, "-b", "64");
      byte[] f = Files.readAllBytes(mp3);
      int off = frameOffsets(f)[0];
      MpegAudioHeader h = MpegAudioHeader.parse(((f[off] & 0xFF) << 24)
          | ((f[off + 1] & 0xFF) << 16) | ((f[off + 2] & 0xFF) << 8) | (f[off + 3] & 0xFF));
      XingTag tag = XingTag.parse(Arrays.copyOfRange(f, off, off + h.frameBytes()), h.frameBytes(), h);
      if (tag.encoderPadding() <= 576 + Mp3Stream.DECODER_DELAY) {
        continue;
      }
      float[] ours = decode(mp3);
      System.out.printf("padding %d at %d samples: decoded %d%n", tag.encoderPadding(), samples,
          ours.length);
      assertThat(ours).hasSize(samples);
      assertThat(ours.length).isEqualTo(ffmpeg(mp3, 1).length);
      return;
    }
    throw new AssertionError("LAME never padded by more than a frame + 529: test needs new lengths");
  }

  @Test
  void decode_isDeterministic() throws Exception {
    Path mp3 = lame("vbr-44k-stereo", 44100, 2, 3.0, "-V", "4");
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    float[] a = decode(mp3);
    float[] b;
    try (AudioStream s = decoder.open(mp3)) {
      b = readAll(s, 1); // frame by frame, a different block size
    }
    assertThat(b).isEqualTo(a);
    assertThat(md.digest(toBytes(a))).isEqualTo(MessageDigest.getInstance("SHA-256").digest(toBytes(b)));
  }

  private static byte[] toBytes(float[] x) {
    java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(x.length * 4);
    for (float v : x) {
      bb.putFloat(v);
    }
    return bb.array();
  }

  /** Splits an MP3 (after any ID3v2 tag) at its frame boundaries using the frame headers. */
  private static int[] frameOffsets(byte[] f) {
    int off = Math.max(0, Mp3FrameReader.id3v2Size(f, 0, f.length));
    int[] out = new int[f.length];
    int n = 0;
    while (off + 4 <= f.length) {
      MpegAudioHeader h = MpegAudioHeader.parse(((f[off] & 0xFF) << 24) | ((f[off + 1] & 0xFF) << 16)
          | ((f[off + 2] & 0xFF) << 8) | (f[off + 3] & 0xFF));
      if (h == null) {
        break;
      }
      out[n++] = off;
      off += h.frameBytes();
    }
    return Arrays.copyOf(out, n);
  }

  @Test
  void garbageBetweenFrames_isSkippedAndPcmUnchanged() throws Exception {
    Path mp3 = lame("vbr-44k-stereo", 44100, 2, 3.0, "-V", "4");
    byte[] clean = Files.readAllBytes(mp3);
    int[] frames = frameOffsets(clean);
    assertThat(frames.length).isGreaterThan(50);
    long seed = 7;
    Random rnd = new Random(seed);
    ByteArrayOutputStream dirty = new ByteArrayOutputStream();
    int prev = 0;
    // Regions are apart: a single frame between two garbage regions cannot be confirmed (its
    // successor is garbage), so it is dropped like a false sync would be.
    for (int k : new int[] {5, 17, 40, frames.length - 1}) {
      dirty.write(clean, prev, frames[k] - prev);
      byte[] junk = new byte[1 + rnd.nextInt(700)];
      rnd.nextBytes(junk);
      junk[0] = (byte) 0xFF; // a false sync start
      dirty.write(junk, 0, junk.length);
      prev = frames[k];
    }
    dirty.write(clean, prev, clean.length - prev);
    byte[] tail = "TAG".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    dirty.write(tail, 0, 3);
    dirty.write(new byte[125], 0, 125); // an ID3v1 tag at the end
    Path bad = dir.resolve("garbage.mp3");
    Files.write(bad, dirty.toByteArray());
    assertThat(decode(bad)).isEqualTo(decode(mp3));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"cbr128-44k-stereo, -b 128", "no-tag-44k-stereo, -b 128 -t"})
  void truncated_atEveryTenthFailsCleanlyOrDecodesAPrefix(String name, String options)
      throws Exception {
    Path mp3 = lame(name, 44100, 2, 3.0, options.split(" "));
    byte[] all = Files.readAllBytes(mp3);
    float[] full = decode(mp3);
    for (int tenth = 0; tenth < 10; tenth++) {
      Path cut = dir.resolve(name + "-cut" + tenth + ".mp3");
      Files.write(cut, Arrays.copyOf(all, all.length * tenth / 10));
      Throwable t = catchThrowable(() -> {
        float[] part = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30), () -> decode(cut));
        // Without a Xing frame count a cut at a frame boundary is indistinguishable from a short file:
        // the audio decoded must be a prefix of the full decode.
        assertThat(options).contains("-t");
        assertThat(part.length).isLessThan(full.length);
        assertThat(part).isEqualTo(Arrays.copyOf(full, part.length));
      });
      if (t != null) {
        assertThat(t).as("cut at %d/10", tenth).isInstanceOf(SelectionException.class);
        assertThat(((SelectionException) t).code()).isIn(BAD_INPUT_CODES);
        if (!options.contains("-t") && tenth > 0) {
          assertThat(((SelectionException) t).code()).isEqualTo(ErrorCode.CORRUPT_AUDIO);
        }
      }
    }
  }

  @Test
  void zeroLengthAndMissing_areReported() throws Exception {
    Path empty = dir.resolve("empty.mp3");
    Files.write(empty, new byte[0]);
    assertThat(decoder.canDecode(empty, new byte[0])).isFalse();
    SelectionException e = Assertions.assertThrows(SelectionException.class, () -> decoder.open(empty));
    assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_FORMAT);
    SelectionException missing = Assertions.assertThrows(SelectionException.class,
        () -> decoder.open(dir.resolve("nope.mp3")));
    assertThat(missing.code()).isEqualTo(ErrorCode.IO_ERROR);
  }

  @Test
  void randomBytesWithMp3Sync_failCleanlyOrDecodeFiniteSamples() throws Exception {
    long seed = Long.getLong("mp3.seed", System.nanoTime());
    System.out.println("randomBytesWithMp3Sync seed=" + seed);
    Random rnd = new Random(seed);
    for (int trial = 0; trial < 60; trial++) {
      byte[] b = new byte[rnd.nextInt(20000)];
      rnd.nextBytes(b);
      // Plant valid-looking layer III headers at the right distance so that sniffing and sync pass.
      int header = 0xFFFB9064; // MPEG-1 layer III, 128 kbit/s, 44.1 kHz, joint stereo
      int len = MpegAudioHeader.parse(header).frameBytes();
      for (int off = 0; off + 4 <= b.length && rnd.nextInt(8) != 0; off += len) {
        b[off] = (byte) (header >>> 24);
        b[off + 1] = (byte) (header >>> 16);
        b[off + 2] = (byte) (header >>> 8);
        b[off + 3] = (byte) header;
      }
      Path f = dir.resolve("random" + trial + ".mp3");
      Files.write(f, b);
      decoder.canDecode(f, Arrays.copyOf(b, Math.min(b.length, AudioDecoder.HEAD_BYTES)));
      Throwable t = catchThrowable(() -> {
        float[] x = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30), () -> decode(f));
        for (float v : x) {
          assertThat(v).isBetween(-1f, 1f);
        }
      });
      if (t != null) {
        assertThat(t).as("trial %d (seed %d)", trial, seed).isInstanceOf(SelectionException.class);
        assertThat(((SelectionException) t).code()).isIn(BAD_INPUT_CODES);
      }
    }
  }

  @Test
  void canDecode_recognisesMp3OnlyByContent() throws Exception {
    Path bare = lame("cbr128-44k-stereo", 44100, 2, 3.0, "-b", "128");
    Path tagged = lame("cbr160-48k-stereo", 48000, 2, 3.0, "-b", "160", "--add-id3v2", "--tt", "Title");
    assertThat(decoder.canDecode(bare, head(bare))).isTrue();
    assertThat(decoder.canDecode(tagged, head(tagged))).isTrue();
    assertThat(head(tagged)).startsWith('I', 'D', '3');
    Path wav = dir.resolve("tone.wav");
    LossyTestAudio.writeWav16(wav, LossyTestAudio.musicLike(8000, 1, 0.5, 1), 8000, 1);
    assertThat(decoder.canDecode(wav, head(wav))).isFalse();
    byte[] ogg = "OggS\0\2".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(decoder.canDecode(null, ogg)).isFalse();
    // A lone sync word is not enough.
    byte[] lone = new byte[4096];
    lone[0] = (byte) 0xFF;
    lone[1] = (byte) 0xFB;
    lone[2] = (byte) 0x90;
    lone[3] = (byte) 0x64;
    assertThat(decoder.canDecode(null, lone)).isFalse();
  }

  @Test
  void serviceLoader_findsBothLossyDecoders() {
    List<String> names = java.util.ServiceLoader.load(AudioDecoder.class).stream()
        .map(p -> p.get().name()).toList();
    assertThat(names).contains("mp3", "vorbis");
  }
}
