package dev.selection.core.internal.audio.lossy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.AudioDecoder;
import dev.selection.api.spi.AudioStream;
import dev.selection.core.internal.audio.AiffDecoder;
import dev.selection.core.internal.audio.DecoderRegistry;
import dev.selection.core.internal.audio.FlacDecoder;
import dev.selection.core.internal.audio.TaggedStream;
import dev.selection.core.internal.audio.WavDecoder;
import dev.selection.core.internal.audio.tags.TrackTags;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our MP3 decoder's behaviour: framing, gapless trimming, tags, damaged and hostile input. */
class Mp3DecoderTest {
  private static final List<ErrorCode> BAD_INPUT_CODES =
      List.of(ErrorCode.UNSUPPORTED_FORMAT, ErrorCode.CORRUPT_AUDIO, ErrorCode.IO_ERROR);

  @TempDir static Path dir;

  private final Mp3Decoder decoder = new Mp3Decoder();

  private float[] decode(Path file) {
    return Mp3TestSupport.ours(file, 1000);
  }

  private static byte[] head(Path file) throws Exception {
    byte[] all = Files.readAllBytes(file);
    return Arrays.copyOf(all, Math.min(all.length, AudioDecoder.HEAD_BYTES));
  }

  private static int be32(byte[] f, int off) {
    return ((f[off] & 0xFF) << 24)
        | ((f[off + 1] & 0xFF) << 16)
        | ((f[off + 2] & 0xFF) << 8)
        | (f[off + 3] & 0xFF);
  }

  /** Splits an MP3 (after any ID3v2 tag) at its frame boundaries using the frame headers. */
  static int[] frameOffsets(byte[] f) {
    int off = Math.max(0, Mp3FrameReader.id3v2Size(f, 0, f.length));
    int[] out = new int[f.length];
    int n = 0;
    while (off + 4 <= f.length) {
      int h = be32(f, off);
      int len = MpegHeaders.valid(h) ? MpegHeaders.frameBytes(h, 0) : 0;
      if (len <= 0) {
        break;
      }
      out[n++] = off;
      off += len;
    }
    return Arrays.copyOf(out, n);
  }

  @Test
  void info_reportsFormatFramesBitrateAndOurDecoder() throws Exception {
    Path mp3 = Mp3TestSupport.lame(dir, "info-cbr160-48k", 48000, 2, 2.0, "-b", "160");
    try (AudioStream s = decoder.open(mp3)) {
      assertThat(s.info().format()).isEqualTo("mp3");
      assertThat(s.info().sampleRateHz()).isEqualTo(48000);
      assertThat(s.info().channels()).isEqualTo(2);
      assertThat(s.info().decoder()).isEqualTo("mp3/2");
      assertThat(s.info().bitrateKbps()).isCloseTo(160, org.assertj.core.data.Offset.offset(2.0));
      // The LAME tag gives the exact length: the encoder's input, delay and padding trimmed.
      assertThat(s.info().frames()).isEqualTo(96000);
      assertThat(LossyTestAudio.readAll(s, 4096).length).isEqualTo(2 * 96000);
    }
    assertThat(decoder.name()).isEqualTo("mp3");
    assertThat(decoder.version()).isEqualTo("2");
  }

  @Test
  void decode_isDeterministicWhateverTheReadSize() throws Exception {
    Path mp3 = Mp3TestSupport.lame(dir, "vbr-44k", 44100, 2, 3.0, "-V", "4");
    float[] a = decode(mp3);
    float[] b = Mp3TestSupport.ours(mp3, 1);
    float[] c = Mp3TestSupport.ours(mp3, 4096);
    assertThat(b).isEqualTo(a);
    assertThat(c).isEqualTo(a);
  }

  @Test
  void canDecode_recognisesMpegAudioOnlyByContent() throws Exception {
    Path bare = Mp3TestSupport.lame(dir, "cbr128-44k", 44100, 2, 2.0, "-b", "128");
    Path tagged =
        Mp3TestSupport.lame(
            dir, "tagged-48k", 48000, 2, 2.0, "-b", "160", "--add-id3v2", "--tt", "Title");
    assertThat(decoder.canDecode(bare, head(bare))).isTrue();
    assertThat(decoder.canDecode(tagged, head(tagged))).isTrue();
    assertThat(head(tagged)).startsWith('I', 'D', '3');
    Path wav = dir.resolve("tone.wav");
    LossyTestAudio.writeWav16(wav, LossyTestAudio.musicLike(8000, 1, 0.5, 1), 8000, 1);
    assertThat(decoder.canDecode(wav, head(wav))).isFalse();
    assertThat(decoder.canDecode(null, "OggS\0\2".getBytes(StandardCharsets.US_ASCII))).isFalse();
    // A lone sync word is not enough.
    byte[] lone = new byte[4096];
    lone[0] = (byte) 0xFF;
    lone[1] = (byte) 0xFB;
    lone[2] = (byte) 0x90;
    lone[3] = (byte) 0x64;
    assertThat(decoder.canDecode(null, lone)).isFalse();
  }

  @Test
  void tags_id3v2AndId3v1_areExposed() throws Exception {
    Path v2 =
        Mp3TestSupport.lame(
            dir,
            "tags-v2",
            44100,
            1,
            1.0,
            "-b",
            "64",
            "--id3v2-only",
            "--tt",
            "Title One",
            "--ta",
            "Artist",
            "--tl",
            "Album",
            "--ty",
            "2001",
            "--tg",
            "Techno",
            "--tc",
            "a comment");
    Path v1 =
        Mp3TestSupport.lame(
            dir,
            "tags-v1",
            44100,
            1,
            1.0,
            "-b",
            "64",
            "--id3v1-only",
            "--tt",
            "Old Title",
            "--ta",
            "Old Artist",
            "--tg",
            "Ambient",
            "--ty",
            "1997");
    try (AudioStream s = decoder.open(v2)) {
      TrackTags t = ((TaggedStream) s).tags();
      assertThat(t.metadata().title()).isEqualTo("Title One");
      assertThat(t.metadata().artist()).isEqualTo("Artist");
      assertThat(t.metadata().album()).isEqualTo("Album");
      assertThat(t.metadata().year()).isEqualTo(2001);
      assertThat(t.metadata().genres()).containsExactly("Techno");
      assertThat(s.metadata()).isEqualTo(t.metadata());
    }
    try (AudioStream s = decoder.open(v1)) {
      assertThat(s.metadata().title()).isEqualTo("Old Title");
      assertThat(s.metadata().artist()).isEqualTo("Old Artist");
      assertThat(s.metadata().genres()).containsExactly("Ambient");
      assertThat(s.metadata().year()).isEqualTo(1997);
    }
    // Tags never change the audio.
    assertThat(decode(v1).length).isEqualTo(decode(v2).length);
  }

  @Test
  void garbageBetweenFramesAndATrailingTag_areSkipped_pcmUnchanged() throws Exception {
    Path mp3 = Mp3TestSupport.lame(dir, "vbr-44k", 44100, 2, 3.0, "-V", "4");
    byte[] clean = Files.readAllBytes(mp3);
    int[] frames = frameOffsets(clean);
    assertThat(frames.length).isGreaterThan(50);
    Random rnd = new Random(7);
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
    dirty.write("TAG".getBytes(StandardCharsets.US_ASCII), 0, 3);
    dirty.write(new byte[125], 0, 125);
    Path bad = Files.write(dir.resolve("garbage.mp3"), dirty.toByteArray());
    assertThat(decode(bad)).isEqualTo(decode(mp3));
  }

  /** Without a frame count to miss, a cut file decodes like FFmpeg decodes it: same length. */
  @Test
  void truncatedWithoutFrameCount_decodesAsFfmpegDoes() throws Exception {
    Path mp3 = Mp3TestSupport.lame(dir, "no-tag", 44100, 2, 2.0, "-b", "128", "-t");
    byte[] all = Files.readAllBytes(mp3);
    for (int tenth = 1; tenth < 10; tenth++) {
      // Odd cuts: inside frames, where FFmpeg still decodes the partial last frame.
      Path cut =
          Files.write(
              dir.resolve("cut" + tenth + ".mp3"),
              Arrays.copyOf(all, all.length * tenth / 10 + 37));
      float[] ours =
          Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30), () -> decode(cut));
      float[] ref = Mp3TestSupport.ffmpegF32(cut);
      assertThat(ours.length).as("cut at %d/10", tenth).isEqualTo(ref.length);
      // All but the zero-padded last frame is exact to full accuracy.
      int whole = ours.length - 2 * 1152;
      double[] a = Mp3TestSupport.accuracy(Arrays.copyOf(ours, whole), Arrays.copyOf(ref, whole));
      assertThat(a[0]).isLessThanOrEqualTo(Mp3TestSupport.FULL_ACCURACY_RMS);
    }
  }

  /** A file that ends before its Xing frame count: its audio, then CORRUPT_AUDIO. */
  @Test
  void truncatedBelowTheXingFrameCount_deliversTheAudioThenFailsAsCorrupt() throws Exception {
    Path mp3 = Mp3TestSupport.lame(dir, "cbr128-44k", 44100, 2, 2.0, "-b", "128");
    byte[] all = Files.readAllBytes(mp3);
    Path cut = Files.write(dir.resolve("cut-tagged.mp3"), Arrays.copyOf(all, all.length / 2));
    float[] buf = new float[2 * 1024];
    long frames = 0;
    try (AudioStream s = decoder.open(cut)) {
      SelectionException e =
          Assertions.assertThrows(
              SelectionException.class,
              () -> {
                while (s.read(buf, 0, 1024) > 0) {
                  // drain
                }
              });
      assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_AUDIO);
      assertThat(e.getMessage()).contains("Truncated MP3");
    }
    try (AudioStream s = decoder.open(cut)) {
      int n;
      try {
        while ((n = s.read(buf, 0, 1024)) > 0) {
          frames += n;
        }
      } catch (SelectionException expected) {
        // the audio before the damage was delivered first
      }
    }
    assertThat(frames).isGreaterThan(20_000);
  }

  /**
   * A bogus Xing frame count. Smaller than the file's: FFmpeg drops the padding where the count
   * puts the end and goes on decoding; so do we (same samples). Larger: the file looks truncated,
   * which is reported as CORRUPT_AUDIO after the audio.
   */
  @Test
  void bogusXingFrameCount_smallerDecodesAsFfmpeg_largerIsCorrupt() throws Exception {
    Path mp3 = Mp3TestSupport.lame(dir, "cbr128-44k", 44100, 2, 2.0, "-b", "128");
    byte[] f = Files.readAllBytes(mp3);
    int first = frameOffsets(f)[0];
    int xing = first + 4 + 32;
    assertThat(new String(f, xing, 4, StandardCharsets.US_ASCII)).isIn("Xing", "Info");
    int count = be32(f, xing + 8);
    for (int fake : new int[] {count / 2, count * 2}) {
      byte[] g = f.clone();
      g[xing + 8] = (byte) (fake >>> 24);
      g[xing + 9] = (byte) (fake >>> 16);
      g[xing + 10] = (byte) (fake >>> 8);
      g[xing + 11] = (byte) fake;
      Path bogus = Files.write(dir.resolve("bogus-count-" + fake + ".mp3"), g);
      if (fake < count) {
        float[] ours = decode(bogus);
        float[] ref = Mp3TestSupport.ffmpegF32(bogus);
        assertThat(ours.length).isEqualTo(ref.length);
        assertThat(Mp3TestSupport.accuracy(ours, ref)[0])
            .isLessThanOrEqualTo(Mp3TestSupport.FULL_ACCURACY_RMS);
      } else {
        SelectionException e =
            Assertions.assertThrows(SelectionException.class, () -> decode(bogus));
        assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_AUDIO);
      }
    }
  }

  @Test
  void emptyId3OnlyAndMissingFiles_areReportedClearly() throws Exception {
    Path empty = Files.write(dir.resolve("empty.mp3"), new byte[0]);
    assertThat(decoder.canDecode(empty, new byte[0])).isFalse();
    SelectionException e =
        Assertions.assertThrows(SelectionException.class, () -> decoder.open(empty));
    assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_FORMAT);
    // An ID3v2 tag and nothing else.
    byte[] tagOnly = new byte[10 + 300];
    System.arraycopy("ID3".getBytes(StandardCharsets.US_ASCII), 0, tagOnly, 0, 3);
    tagOnly[3] = 3;
    tagOnly[8] = 2; // size 300 as synchsafe: 2 * 128 + 44
    tagOnly[9] = 44;
    Path id3 = Files.write(dir.resolve("id3-only.mp3"), tagOnly);
    SelectionException e2 =
        Assertions.assertThrows(SelectionException.class, () -> decoder.open(id3));
    assertThat(e2.code()).isEqualTo(ErrorCode.UNSUPPORTED_FORMAT);
    SelectionException missing =
        Assertions.assertThrows(
            SelectionException.class, () -> decoder.open(dir.resolve("nope.mp3")));
    assertThat(missing.code()).isEqualTo(ErrorCode.IO_ERROR);
  }

  /**
   * MP3 inside a RIFF/WAVE container (format tag 0x55): our built-in decoders refuse it clearly.
   */
  @Test
  void wavWrappedMp3_isUnsupportedByTheBuiltInDecoders() throws Exception {
    Path wrapped =
        Mp3TestSupport.ffmpegEncode(
            dir, "wrapped.wav", 44100, 2, 1.0, "-c:a", "libmp3lame", "-b:a", "128k");
    assertThat(new String(Files.readAllBytes(wrapped), 0, 4, StandardCharsets.US_ASCII))
        .isEqualTo("RIFF");
    assertThat(decoder.canDecode(wrapped, head(wrapped))).isFalse();
    DecoderRegistry builtIn =
        new DecoderRegistry(
            List.of(), List.of(new WavDecoder(), new AiffDecoder(), new FlacDecoder(), decoder));
    SelectionException e =
        Assertions.assertThrows(SelectionException.class, () -> builtIn.open(wrapped).close());
    assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_FORMAT);
  }

  /** A CRC-protected stream whose side information got damaged: that frame is concealed. */
  @Test
  void crcMismatch_concealsTheDamagedFrameOnly() throws Exception {
    Path mp3 = Mp3TestSupport.lame(dir, "crc", 44100, 2, 2.0, "-b", "160", "-p");
    byte[] f = Files.readAllBytes(mp3);
    int[] frames = frameOffsets(f);
    int k = 40;
    assertThat(MpegHeaders.crc(be32(f, frames[k]))).isTrue();
    byte[] damaged = f.clone();
    damaged[frames[k] + 6 + 5] ^= 0x10; // inside the side information, after header and CRC
    Path bad = Files.write(dir.resolve("crc-damaged.mp3"), damaged);
    float[] clean = decode(mp3);
    float[] ours = decode(bad);
    assertThat(ours.length).isEqualTo(clean.length);
    // Frames (in output order) away from the damaged one are identical; LAME's delay shifts the
    // output by 1105 samples, and the overlap and reservoir reach one frame on.
    int from = (k - 2) * 1152 - 1105;
    int to = (k + 3) * 1152 - 1105;
    for (int i = 0; i < clean.length / 2; i++) {
      if (i < from || i >= to) {
        assertThat(ours[2 * i]).as("sample %d", i).isEqualTo(clean[2 * i]);
      }
    }
    boolean changed = false;
    for (int i = from; i < to; i++) {
      changed |= ours[2 * i] != clean[2 * i];
    }
    assertThat(changed).isTrue();
  }

  /**
   * A stream that switches between mono and stereo frames keeps its first frame's channel count.
   */
  @Test
  void channelModeSwitch_isConvertedToTheStreamsChannelCount() throws Exception {
    Path mono = Mp3TestSupport.lame(dir, "switch-mono", 44100, 1, 1.0, "-b", "64", "-t");
    Path stereo =
        Mp3TestSupport.lame(dir, "switch-stereo", 44100, 2, 1.0, "-b", "128", "-t", "-m", "s");
    byte[] a = Files.readAllBytes(mono);
    byte[] b = Files.readAllBytes(stereo);
    int framesA = frameOffsets(a).length;
    int framesB = frameOffsets(b).length;
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    Path mixed = Files.write(dir.resolve("mono-then-stereo.mp3"), both);
    try (AudioStream s = decoder.open(mixed)) {
      assertThat(s.info().channels()).isEqualTo(1);
      float[] x = LossyTestAudio.readAll(s, 1000);
      assertThat(x.length).isEqualTo((framesA + framesB) * 1152);
      for (float v : x) {
        assertThat(v).isBetween(-1f, 1f);
      }
    }
  }

  @Test
  void randomBytesWithPlantedSyncs_failCleanlyOrDecodeFiniteSamples() throws Exception {
    long seed = Long.getLong("mp3.seed", System.nanoTime());
    System.out.println(
        "randomBytesWithPlantedSyncs seed=" + seed + " (rerun with -Dmp3.seed=" + seed + ")");
    Random rnd = new Random(seed);
    for (int trial = 0; trial < 60; trial++) {
      byte[] b = new byte[rnd.nextInt(20000)];
      rnd.nextBytes(b);
      // Valid-looking headers at the right distance, so that sniffing and sync pass.
      int[] headers = {0xFFFB9064, 0xFFF3E040, 0xFFE38844, 0xFFFD9444, 0xFFFB0064};
      int header = headers[rnd.nextInt(headers.length)];
      int len = Math.max(MpegHeaders.frameBytes(header, 417), 8);
      for (int off = 0; off + 4 <= b.length && rnd.nextInt(8) != 0; off += len) {
        b[off] = (byte) (header >>> 24);
        b[off + 1] = (byte) (header >>> 16);
        b[off + 2] = (byte) (header >>> 8);
        b[off + 3] = (byte) header;
      }
      Path f = Files.write(dir.resolve("random" + trial + ".mp3"), b);
      decoder.canDecode(f, Arrays.copyOf(b, Math.min(b.length, AudioDecoder.HEAD_BYTES)));
      int t = trial;
      Throwable e =
          catchThrowable(
              () -> {
                float[] x =
                    Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30), () -> decode(f));
                for (float v : x) {
                  assertThat(v).isBetween(-1f, 1f);
                }
              });
      if (e != null) {
        assertThat(e).as("trial %d (seed %d)", t, seed).isInstanceOf(SelectionException.class);
        assertThat(((SelectionException) e).code()).isIn(BAD_INPUT_CODES);
      }
    }
  }

  /**
   * The per-frame path allocates nothing: after the first block, decoding the rest of a 20 s file
   * allocates (next to) no bytes. Measured with the JVM's per-thread allocation counter ({@code
   * com.sun.management.ThreadMXBean}, reached reflectively: the test runs in the module).
   */
  @Test
  void decodingLoop_allocatesNothingPerFrame() throws Exception {
    Object mx;
    java.lang.reflect.Method allocated;
    try {
      mx =
          Class.forName("java.lang.management.ManagementFactory")
              .getMethod("getThreadMXBean")
              .invoke(null);
      Class<?> sun = Class.forName("com.sun.management.ThreadMXBean");
      Assumptions.assumeTrue(sun.isInstance(mx), "no per-thread allocation counter in this JVM");
      allocated = sun.getMethod("getThreadAllocatedBytes", long.class);
    } catch (ClassNotFoundException e) {
      Assumptions.assumeTrue(false, "no java.management module");
      return;
    }
    Path mp3 = Mp3TestSupport.lame(dir, "long-vbr", 44100, 2, 20.0, "-V", "2");
    float[] buf = new float[2 * 4096];
    long tid = Thread.currentThread().getId();
    for (int round = 0; round < 3; round++) {
      try (AudioStream s = decoder.open(mp3)) {
        s.read(buf, 0, 4096);
        long before = (Long) allocated.invoke(mx, tid);
        long frames = 0;
        int n;
        while ((n = s.read(buf, 0, 4096)) > 0) {
          frames += n;
        }
        long bytes = (Long) allocated.invoke(mx, tid) - before;
        System.out.printf(
            "mp3 decode loop: %d bytes allocated for %d MPEG frames%n", bytes, frames / 1152);
        if (round == 2) {
          assertThat(frames).isGreaterThan(800_000);
          assertThat(bytes).as("bytes allocated by the decoding loop").isLessThan(4096);
        }
      }
    }
  }

  @Test
  void serviceLoader_findsTheDecoder_andTheRegistryPicksItForMp3() throws Exception {
    List<String> names =
        dev.selection.api.spi.NamedSpiLoader.load(dev.selection.api.spi.DecoderProvider.class)
            .names();
    assertThat(names).contains("mp3", "vorbis");
    Path mp3 = Mp3TestSupport.lame(dir, "vbr-44k", 44100, 2, 3.0, "-V", "4");
    DecoderRegistry registry = DecoderRegistry.discover();
    try (AudioStream s = registry.open(mp3)) {
      assertThat(s.info().decoder()).isEqualTo("mp3/2");
    }
  }

  private static final class Assumptions {
    static void assumeTrue(boolean condition, String why) {
      if (!condition) {
        System.out.println(why + ": skipping");
      }
      org.junit.jupiter.api.Assumptions.assumeTrue(condition, why);
    }
  }
}
