package dev.selection.api.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.AudioDecoder;
import dev.selection.api.spi.AudioStream;
import dev.selection.api.testing.AudioFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link AudioDecoder} must keep, as an abstract test that implementations
 * extend (shipped in selection-api's test-jar, so a host's own decoder can extend it too).
 */
public abstract class AudioDecoderContract {
  /** A temporary directory for the sample files. */
  @TempDir protected Path dir;

  /** Returns the decoder under test. */
  protected abstract AudioDecoder decoder();

  /**
   * Writes a file of the decoder's format holding {@code pcm} (interleaved 16-bit) and returns it.
   * Implementations that need an external encoder call {@code assumeTrue} first.
   */
  protected abstract Path writeSample(Path dir, short[] pcm, int rateHz, int channels)
      throws Exception;

  /** True when decoding returns the written samples exactly. */
  protected boolean lossless() {
    return true;
  }

  /**
   * True when the decoder refuses heads that are not its format (false for "any format" decoders).
   */
  protected boolean refusesForeignHeads() {
    return true;
  }

  private Path sample(int frames) throws Exception {
    return writeSample(dir, AudioFixtures.signal16(81, frames, 2), 44100, 2);
  }

  @Test
  void nameAndVersion_areNonBlank() {
    assertThat(decoder().name()).isNotBlank();
    assertThat(decoder().version()).isNotBlank();
  }

  @Test
  void canDecode_acceptsItsOwnFiles_andRefusesForeignHeads() throws Exception {
    Path f = sample(1000);
    assertThat(decoder().canDecode(f, AudioFixtures.head(f))).isTrue();
    if (refusesForeignHeads()) {
      byte[] junk = new byte[4096];
      new Random(82).nextBytes(junk);
      assertThat(decoder().canDecode(f, junk)).isFalse();
      assertThat(decoder().canDecode(f, new byte[0])).isFalse();
    }
  }

  @Test
  void open_reportsTheFormat_andStreamsToTheEnd() throws Exception {
    short[] pcm = AudioFixtures.signal16(83, 10_000, 2);
    Path f = writeSample(dir, pcm, 44100, 2);
    try (AudioStream s = decoder().open(f)) {
      assertThat(s.info().sampleRateHz()).isEqualTo(44100);
      assertThat(s.info().channels()).isEqualTo(2);
      // The decoder's name, optionally followed by "/" and what identifies its output (a version).
      assertThat(s.info().decoder())
          .matches(java.util.regex.Pattern.quote(decoder().name()) + "(/.+)?");
      float[] got = AudioFixtures.readAll(s);
      float[] buf = new float[2 * 16];
      assertThat(s.read(buf, 0, 16)).isEqualTo(-1);
      assertThat(s.read(buf, 0, 16)).isEqualTo(-1);
      for (float v : got) {
        assertThat(v).isBetween(-1f, 1f);
      }
      if (lossless()) {
        AudioFixtures.assertSameSamples(got, AudioFixtures.toFloat(pcm));
      } else {
        assertThat(got.length / 2).isBetween(10_000 - 2048, 10_000 + 4096);
      }
      assertThat(s.metadata()).isNotNull();
    }
  }

  @Test
  void read_inOddSizedRequests_deliversTheSameSamples() throws Exception {
    Path f = sample(5000);
    float[] whole = AudioFixtures.decodeAll(decoder(), f);
    try (AudioStream s = decoder().open(f)) {
      float[] buf = new float[2 * 7 + 3];
      float[] out = new float[whole.length];
      int pos = 0;
      Random r = new Random(84);
      int n;
      while ((n = s.read(buf, 3, 1 + r.nextInt(7))) != -1) {
        assertThat(n).isPositive();
        System.arraycopy(buf, 3, out, pos, n * 2);
        pos += n * 2;
      }
      assertThat(pos).isEqualTo(whole.length);
      assertThat(out).containsExactly(whole);
    }
  }

  @Test
  void close_isIdempotent() throws Exception {
    AudioStream s = decoder().open(sample(1000));
    s.close();
    s.close();
  }

  @Test
  void truncatedFiles_failOnlyWithSelectionException() throws Exception {
    byte[] b = Files.readAllBytes(sample(20_000));
    for (int cut : new int[] {b.length / 50, b.length / 2, b.length - 7}) {
      Path f = Files.write(dir.resolve("cut" + cut), Arrays.copyOf(b, cut));
      assertTimeoutPreemptively(
          Duration.ofSeconds(30),
          () -> {
            try {
              AudioFixtures.decodeAll(decoder(), f);
            } catch (SelectionException e) {
              assertThat(e.code()).isIn(ErrorCode.CORRUPT_AUDIO, ErrorCode.UNSUPPORTED_FORMAT);
            }
          });
    }
  }

  @Test
  void directory_isIoError() {
    assertThatThrownBy(() -> decoder().open(dir).close())
        .isInstanceOfSatisfying(
            SelectionException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.IO_ERROR));
  }
}
