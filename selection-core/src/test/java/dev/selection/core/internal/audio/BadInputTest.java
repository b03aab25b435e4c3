package dev.selection.core.internal.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.AudioDecoder;
import dev.selection.api.testing.AudioFixtures;
import dev.selection.core.internal.audio.lossy.Mp3Decoder;
import dev.selection.core.internal.audio.lossy.VorbisDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged input yields a {@link SelectionException} with the right code for that file, in bounded
 * time, never another exception: WAV, AIFF, FLAC and MPEG audio (our MP3 decoder), and in a test of
 * their own Ogg Vorbis (JOrbis) and the FFmpeg fallback.
 */
class BadInputTest {
  private static final Duration PER_CASE = Duration.ofSeconds(20);

  @TempDir Path dir;
  private final TrackIdentifier ids =
      new TrackIdentifier(
          new DecoderRegistry(
              List.of(),
              List.of(new WavDecoder(), new AiffDecoder(), new FlacDecoder(), new Mp3Decoder())),
          Clock.systemUTC());

  private List<Path> sources() throws Exception {
    List<Path> out = new ArrayList<>();
    short[] s = AudioFixtures.signal16(51, 20_000, 2);
    Path wav = AudioFixtures.wav16(dir.resolve("src.wav"), 44100, 2, s);
    out.add(wav);
    byte[] be = new byte[s.length * 2];
    for (int i = 0; i < s.length; i++) {
      be[2 * i] = (byte) (s[i] >> 8);
      be[2 * i + 1] = (byte) s[i];
    }
    out.add(AiffDecoderTest.aiff(dir.resolve("src.aiff"), "AIFF", 2, 20_000, 16, null, be));
    if (AudioFixtures.onPath("flac")) {
      Path flac = dir.resolve("src.flac");
      AudioFixtures.run("flac", "-s", "-f", "-o", flac.toString(), wav.toString());
      out.add(flac);
    } else {
      System.out.println("flac not on PATH: FLAC files are not part of this bad-input run");
    }
    // MPEG audio from the committed songId vectors (no encoder needed): layer III with a LAME tag,
    // a CRC-protected one, and layer II.
    for (String name :
        new String[] {"v2-l3-joint-44100.mp3", "v2-l3-crc-stereo-48000.mp3", "v2-l2-32000.mp2"}) {
      Path f = dir.resolve(name);
      try (java.io.InputStream in =
          getClass().getResourceAsStream("/dev/selection/core/internal/audio/lossy/mp3/" + name)) {
        Files.copy(in, f);
      }
      out.add(f);
    }
    return out;
  }

  @Test
  void truncationAtEveryTenthOfTheLength_isCorruptOrUnsupported() throws Exception {
    for (Path src : sources()) {
      byte[] b = Files.readAllBytes(src);
      for (int tenth = 0; tenth < 10; tenth++) {
        Path cut = dir.resolve("cut-" + tenth + "-" + src.getFileName());
        Files.write(cut, Arrays.copyOf(b, b.length * tenth / 10));
        if (src.toString().endsWith(".mp2") && tenth > 0) {
          // MPEG audio without a frame count: a cut file is a shorter stream (FFmpeg decodes it
          // so).
          assertTimeoutPreemptively(PER_CASE, () -> ids.identify(cut));
          continue;
        }
        ErrorCode code = failure(cut);
        if (tenth == 0) {
          assertThat(code).as(cut.toString()).isEqualTo(ErrorCode.UNSUPPORTED_FORMAT);
        } else {
          assertThat(code).as(cut.toString()).isEqualTo(ErrorCode.CORRUPT_AUDIO);
        }
      }
    }
  }

  @Test
  void randomBytes_areUnsupported() throws Exception {
    Random r = new Random(52);
    for (int n : new int[] {1, 3, 12, 100, 5000}) {
      byte[] b = new byte[n];
      r.nextBytes(b);
      Path f = Files.write(dir.resolve("rand" + n + ".bin"), b);
      assertThat(failure(f)).isEqualTo(ErrorCode.UNSUPPORTED_FORMAT);
    }
  }

  @Test
  void seededFuzz_bitFlipsCutsAndSplices_onlyEverThrowSelectionException() throws Exception {
    long seed = Long.getLong("fuzz.seed", System.nanoTime());
    System.out.println("BadInputTest fuzz seed " + seed + " (rerun with -Dfuzz.seed=" + seed + ")");
    fuzz(ids, sources(), seed, Integer.getInteger("fuzz.cases", 150));
  }

  /**
   * The same fuzz over the other decoders: Ogg Vorbis (JOrbis, when oggenc can make a file) and
   * FFmpeg as the fallback for what no pure-Java decoder reads (AAC in MP4, Opus in Ogg), so that
   * every decoder of the SDK is fuzzed. Each is skipped with a printed reason when its tool is
   * absent.
   */
  @Test
  void seededFuzz_overOggVorbisAndTheFfmpegFallback() throws Exception {
    long seed = Long.getLong("fuzz.seed", System.nanoTime());
    System.out.println(
        "BadInputTest Vorbis/FFmpeg fuzz seed " + seed + " (rerun with -Dfuzz.seed=" + seed + ")");
    short[] s = AudioFixtures.signal16(53, 30_000, 2);
    Path wav = AudioFixtures.wav16(dir.resolve("other.wav"), 44100, 2, s);
    List<AudioDecoder> decoders = new ArrayList<>();
    List<Path> srcs = new ArrayList<>();
    if (VorbisDecoder.isAvailable() && AudioFixtures.onPath("oggenc")) {
      Path ogg = dir.resolve("src.ogg");
      AudioFixtures.run("oggenc", "-Q", "-q", "2", "-o", ogg.toString(), wav.toString());
      decoders.add(new VorbisDecoder());
      srcs.add(ogg);
    } else {
      System.out.println("oggenc or JOrbis absent: Ogg Vorbis is not part of this fuzz run");
    }
    FfmpegDecoder ffmpeg = new FfmpegDecoder();
    if (ffmpeg.isAvailable()) {
      for (String[] f : new String[][] {{"src.m4a", "aac"}, {"src.opus", "libopus"}}) {
        Path out = dir.resolve(f[0]);
        try {
          AudioFixtures.run(
              "ffmpeg",
              "-nostdin",
              "-v",
              "error",
              "-y",
              "-i",
              wav.toString(),
              "-c:a",
              f[1],
              out.toString());
          srcs.add(out);
        } catch (AssertionError e) {
          System.out.println("ffmpeg cannot encode " + f[1] + ": not part of this fuzz run");
        }
      }
      decoders.add(ffmpeg);
    } else {
      System.out.println("ffmpeg not on PATH: the FFmpeg fallback is not part of this fuzz run");
    }
    Assumptions.assumeFalse(srcs.isEmpty(), "neither oggenc nor ffmpeg: nothing to fuzz");
    TrackIdentifier others =
        new TrackIdentifier(new DecoderRegistry(List.of(), decoders), Clock.systemUTC());
    fuzz(others, srcs, seed, Integer.getInteger("fuzz.cases", 150) / 3);
    // Truncations: a cut Ogg file has no end-of-stream page.
    for (Path src : srcs) {
      byte[] b = Files.readAllBytes(src);
      for (int tenth = 1; tenth < 10; tenth += 2) {
        Path cut = dir.resolve("cut-" + tenth + "-" + src.getFileName());
        Files.write(cut, Arrays.copyOf(b, b.length * tenth / 10));
        assertTimeoutPreemptively(
            PER_CASE,
            () -> {
              try {
                others.identify(cut);
              } catch (SelectionException e) {
                assertThat(e.code())
                    .as(cut + ": " + e.getMessage())
                    .isIn(ErrorCode.UNSUPPORTED_FORMAT, ErrorCode.CORRUPT_AUDIO);
              }
            });
        if (src.toString().endsWith(".ogg")) {
          assertThat(failure(others, cut)).as(cut.toString()).isEqualTo(ErrorCode.CORRUPT_AUDIO);
        }
      }
    }
  }

  /**
   * Bit flips, cuts and splices of {@code srcs}: decoded, unsupported or corrupt, in bounded time.
   */
  private void fuzz(TrackIdentifier identifier, List<Path> srcs, long seed, int cases)
      throws Exception {
    Random r = new Random(seed);
    List<byte[]> bytes = new ArrayList<>();
    for (Path p : srcs) {
      bytes.add(Files.readAllBytes(p));
    }
    int[] outcomes = new int[ErrorCode.values().length + 1];
    for (int i = 0; i < cases; i++) {
      byte[] b = bytes.get(r.nextInt(bytes.size())).clone();
      int op = r.nextInt(4);
      if (op == 0 || op == 3) { // bit flips, often in the header
        int flips = 1 + r.nextInt(8);
        for (int k = 0; k < flips; k++) {
          int pos = r.nextBoolean() ? r.nextInt(Math.min(200, b.length)) : r.nextInt(b.length);
          b[pos] ^= (byte) (1 << r.nextInt(8));
        }
      }
      if (op == 1 || op == 3) { // cut
        b = Arrays.copyOf(b, r.nextInt(b.length + 1));
      }
      if (op == 2) { // splice a piece of another file in
        byte[] other = bytes.get(r.nextInt(bytes.size()));
        int from = r.nextInt(other.length);
        int len = r.nextInt(Math.min(4000, other.length - from) + 1);
        int at = r.nextInt(b.length);
        System.arraycopy(other, from, b, at, Math.min(len, b.length - at));
      }
      Path f = Files.write(dir.resolve("fuzz" + i), b);
      final int index = i;
      assertTimeoutPreemptively(
          PER_CASE,
          () -> {
            try {
              identifier.identify(f);
              outcomes[outcomes.length - 1]++;
            } catch (SelectionException e) {
              outcomes[e.code().ordinal()]++;
              assertThat(e.code())
                  .as("case " + index + ": " + e.getMessage())
                  .isIn(ErrorCode.UNSUPPORTED_FORMAT, ErrorCode.CORRUPT_AUDIO);
            }
          },
          () -> "case " + index + " (seed " + seed + ") did not finish");
      Files.delete(f);
    }
    System.out.println(
        "fuzz outcomes (by ErrorCode ordinal, last = decoded): " + Arrays.toString(outcomes));
  }

  private ErrorCode failure(Path f) {
    return failure(ids, f);
  }

  private static ErrorCode failure(TrackIdentifier identifier, Path f) {
    return assertTimeoutPreemptively(
        PER_CASE,
        () -> {
          try {
            identifier.identify(f);
            throw new AssertionError("no failure for " + f);
          } catch (SelectionException e) {
            return e.code();
          }
        });
  }
}
