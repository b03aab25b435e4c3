package dev.selection.core.internal.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.AudioDecoder;
import dev.selection.api.spi.AudioStream;
import dev.selection.api.testing.AudioFixtures;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecoderRegistryTest {
  @TempDir Path dir;

  /** A decoder that accepts everything and refuses to open it. */
  record Refusing(String name, int priority) implements AudioDecoder {
    @Override
    public String version() {
      return "0";
    }

    @Override
    public boolean canDecode(Path file, byte[] head) {
      return true;
    }

    @Override
    public AudioStream open(Path file) {
      throw new SelectionException(ErrorCode.UNSUPPORTED_FORMAT, name + " refuses " + file);
    }
  }

  @Test
  void order_isHostFirst_thenDiscoveredByDescendingPriority() {
    DecoderRegistry r =
        new DecoderRegistry(
            List.of(new Refusing("host", -5)),
            List.of(new Refusing("low", 1), new Refusing("high", 9), new Refusing("host", 100)));
    assertThat(r.decoders()).extracting(AudioDecoder::name).containsExactly("host", "high", "low");
  }

  @Test
  void discovery_findsTheLosslessDecoders_withFfmpegLast() {
    List<String> names =
        DecoderRegistry.discover().decoders().stream().map(AudioDecoder::name).toList();
    assertThat(names).contains("wav", "aiff", "flac", "ffmpeg");
    assertThat(names.get(names.size() - 1)).isEqualTo("ffmpeg");
  }

  @Test
  void noDecoderAccepting_isUnsupportedListingTheDecodersTried() throws Exception {
    byte[] junk = new byte[5000];
    new Random(1).nextBytes(junk);
    Path f = Files.write(dir.resolve("junk.wav"), junk);
    DecoderRegistry r =
        new DecoderRegistry(
            List.of(), List.of(new WavDecoder(), new AiffDecoder(), new FlacDecoder()));
    assertThatThrownBy(() -> r.open(f))
        .isInstanceOfSatisfying(
            SelectionException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_FORMAT))
        .hasMessageContaining("tried: wav, aiff, flac");
  }

  @Test
  void refusalByTheFirstAcceptingDecoder_passesTheFileOn() throws Exception {
    Path f = AudioFixtures.wav16(dir.resolve("a.wav"), 8000, 1, AudioFixtures.signal16(1, 100, 1));
    DecoderRegistry r =
        new DecoderRegistry(List.of(new Refusing("picky", 0)), List.of(new WavDecoder()));
    try (AudioStream s = r.open(f)) {
      assertThat(s.info().decoder()).isEqualTo("wav");
    }
    DecoderRegistry none = new DecoderRegistry(List.of(new Refusing("picky", 0)), List.of());
    assertThatThrownBy(() -> none.open(f))
        .isInstanceOfSatisfying(
            SelectionException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_FORMAT))
        .hasMessageContaining("picky refuses");
  }

  @Test
  void emptyFile_isUnsupported() throws Exception {
    Path f = Files.createFile(dir.resolve("empty.flac"));
    assertCode(f, ErrorCode.UNSUPPORTED_FORMAT, "Empty file");
  }

  @Test
  void directoryMissingFileAndFifo_areIoErrors_withoutBlocking() throws Exception {
    assertCode(dir, ErrorCode.IO_ERROR, "directory");
    assertCode(dir.resolve("missing.wav"), ErrorCode.IO_ERROR, "No such file");
    AudioFixtures.assumeTool("mkfifo");
    Path fifo = dir.resolve("fifo.wav");
    AudioFixtures.run("mkfifo", fifo.toString());
    assertTimeoutPreemptively(
        Duration.ofSeconds(20), () -> assertCode(fifo, ErrorCode.IO_ERROR, "Not a regular file"));
  }

  @Test
  void unreadableFile_isIoError() throws Exception {
    Path f = AudioFixtures.wav16(dir.resolve("a.wav"), 8000, 1, AudioFixtures.signal16(1, 100, 1));
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
    assumeTrue(!Files.isReadable(f), "running as root: permissions are not enforced, skipping");
    assertCode(f, ErrorCode.IO_ERROR, "Permission denied");
  }

  @Test
  void fileShrinkingOrVanishingMidRead_isIoError() throws Exception {
    for (String kind : List.of("wav", "flac")) {
      Path wav =
          AudioFixtures.wav16(
              dir.resolve("src.wav"), 44100, 2, AudioFixtures.signal16(2, 200_000, 2));
      Path f = wav;
      if (kind.equals("flac")) {
        AudioFixtures.assumeTool("flac");
        f = dir.resolve("a.flac");
        AudioFixtures.run("flac", "-s", "-f", "-o", f.toString(), wav.toString());
      }
      Path file = f;
      DecoderRegistry r = DecoderRegistry.discover();
      try (AudioStream s = r.open(file)) {
        float[] buf = new float[2 * 4096];
        assertThat(s.read(buf, 0, 4096)).isPositive();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
          ch.truncate(ch.size() / 3);
        }
        Files.delete(file);
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () ->
                assertThatThrownBy(
                        () -> {
                          while (s.read(buf, 0, 4096) > 0) {
                            // drain until the shrink is noticed
                          }
                        })
                    .as(kind)
                    .isInstanceOfSatisfying(
                        SelectionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.IO_ERROR))
                    .hasMessageContaining("vanished"));
      }
    }
  }

  private static void assertCode(Path f, ErrorCode code, String text) {
    DecoderRegistry r = DecoderRegistry.discover();
    assertThatThrownBy(() -> r.open(f).close())
        .isInstanceOfSatisfying(SelectionException.class, e -> assertThat(e.code()).isEqualTo(code))
        .hasMessageContaining(text);
  }

  @Test
  void implausibleRates_areCorruptAudio_andPlausibleOddRatesOpen() throws Exception {
    DecoderRegistry registry = DecoderRegistry.discover();
    short[] pcm = AudioFixtures.signal16(5, 2000, 1);
    for (int rate : new int[] {1, 999, 2_000_000}) {
      Path f = AudioFixtures.wav16(dir.resolve("r" + rate + ".wav"), rate, 1, pcm);
      assertThatThrownBy(() -> registry.open(f).close())
          .as("%d Hz", rate)
          .isInstanceOfSatisfying(
              SelectionException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_AUDIO);
                assertThat(e.getMessage()).contains(rate + " Hz");
              });
    }
    for (int rate : new int[] {1000, 5512, 44056, 96001}) {
      Path f = AudioFixtures.wav16(dir.resolve("ok" + rate + ".wav"), rate, 1, pcm);
      try (var s = registry.open(f)) {
        assertThat(s.info().sampleRateHz()).isEqualTo(rate);
      }
    }
  }

  /**
   * A header behind a valid magic number that no encoder writes is {@code CORRUPT_AUDIO}, through
   * the whole registry (ffmpeg included when installed), never {@code UNSUPPORTED_FORMAT}: a WAV
   * declaring 7-bit samples in one-byte blocks or a block align too small for its samples, a FLAC
   * STREAMINFO with impossible block sizes or more samples than the file holds, an AIFF COMM with 0
   * or 200 bits per sample or an unprintable compression type, and seeded garbage
   * fmt/STREAMINFO/COMM bodies.
   */
  @Test
  void damagedHeaderBehindValidMagic_isCorruptAudio() throws Exception {
    DecoderRegistry registry = DecoderRegistry.discover();
    List<Path> files = new java.util.ArrayList<>();
    byte[] pcm = new byte[4000];
    files.add(wavFmt("bits7.wav", 1, 1, 44100, 44100, 1, 7, pcm));
    files.add(wavFmt("block1.wav", 1, 1, 44100, 44100, 1, 16, pcm));
    files.add(wavFmt("block0.wav", 1, 2, 44100, 0, 0, 16, pcm));
    files.add(wavFmt("block5.wav", 1, 2, 44100, 5 * 44100, 5, 24, pcm));
    files.add(wavFmt("float3.wav", 3, 1, 44100, 44100, 1, 32, pcm));
    files.add(flac("minAboveMax.flac", 4096, 1024, 44100, 16, 1000, 4000));
    files.add(flac("maxBlock0.flac", 0, 0, 44100, 16, 1000, 4000));
    files.add(flac("bits32Huge.flac", 4096, 4096, 44100, 32, 1L << 34, 4000));
    files.add(AiffDecoderTest.aiff(dir.resolve("bits0.aiff"), "AIFF", 2, 100, 0, null, pcm));
    files.add(AiffDecoderTest.aiff(dir.resolve("bits200.aiff"), "AIFF", 2, 100, 200, null, pcm));
    files.add(AiffDecoderTest.aiff(dir.resolve("comp.aifc"), "AIFC", 2, 100, 16, "\1\2\3\4", pcm));
    long seed = Long.getLong("header.seed", new Random().nextLong());
    System.out.println(
        "damagedHeaderBehindValidMagic_isCorruptAudio seed="
            + seed
            + " (rerun with -Dheader.seed=)");
    Random random = new Random(seed);
    for (int i = 0; i < 40; i++) {
      byte[] garbage = new byte[40];
      random.nextBytes(garbage);
      byte[] fmt = java.util.Arrays.copyOf(garbage, 16);
      files.add(
          TestAudio.riff(
              dir.resolve("g" + i + ".wav"),
              TestAudio.chunk("fmt ", fmt),
              TestAudio.chunk("data", pcm)));
      Path f = dir.resolve("g" + i + ".flac");
      java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
      b.writeBytes("fLaC".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      b.writeBytes(new byte[] {(byte) 0x80, 0, 0, 34});
      b.writeBytes(java.util.Arrays.copyOf(garbage, 34));
      b.writeBytes(pcm);
      Files.write(f, b.toByteArray());
      files.add(f);
    }
    for (Path f : files) {
      assertThatThrownBy(() -> registry.open(f).close())
          .as("%s (seed %d)", f.getFileName(), seed)
          .isInstanceOfSatisfying(
              SelectionException.class,
              e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.CORRUPT_AUDIO));
    }
  }

  private Path wavFmt(
      String name, int tag, int channels, int rate, int byteRate, int block, int bits, byte[] data)
      throws Exception {
    byte[] fmt =
        java.nio.ByteBuffer.allocate(16)
            .order(java.nio.ByteOrder.LITTLE_ENDIAN)
            .putShort((short) tag)
            .putShort((short) channels)
            .putInt(rate)
            .putInt(byteRate)
            .putShort((short) block)
            .putShort((short) bits)
            .array();
    return TestAudio.riff(
        dir.resolve(name), TestAudio.chunk("fmt ", fmt), TestAudio.chunk("data", data));
  }

  /** A FLAC of one STREAMINFO (stereo) followed by {@code frameBytes} zero bytes. */
  private Path flac(
      String name, int minBlock, int maxBlock, int rate, int bits, long samples, int frameBytes)
      throws Exception {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 + 4 + 34 + frameBytes);
    b.put("fLaC".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    b.put(new byte[] {(byte) 0x80, 0, 0, 34});
    b.putShort((short) minBlock).putShort((short) maxBlock);
    b.put(new byte[6]); // frame sizes unknown
    // 20 bits rate, 3 bits channels-1, 5 bits bits-1, 36 bits total samples
    long packed =
        ((long) rate << 44) | (1L << 41) | ((long) (bits - 1) << 36) | (samples & 0xFFFFFFFFFL);
    b.putLong(packed);
    b.put(new byte[16]); // MD5
    Files.write(dir.resolve(name), b.array());
    return dir.resolve(name);
  }
}
