package dev.selection.api.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.selection.api.spi.AudioDecoder;
import dev.selection.api.spi.AudioStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The audio test fixtures every module shares (in {@code selection-api}'s test-jar): deterministic
 * signals, a WAV writer, whole-stream reading, exact sample comparison and external tools.
 */
public final class AudioFixtures {
  private AudioFixtures() {}

  /**
   * A deterministic 16-bit test signal: two sines per channel, a slow swell and Gaussian noise,
   * starting with the extreme values -32768 and 32767.
   */
  public static short[] signal16(long seed, int frames, int channels) {
    Random r = new Random(seed);
    short[] s = new short[frames * channels];
    for (int i = 0; i < frames; i++) {
      for (int c = 0; c < channels; c++) {
        double v =
            12000 * Math.sin(2 * Math.PI * (220 + 110 * c) * i / 44100.0)
                + 6000 * Math.sin(2 * Math.PI * 3 * i / 44100.0)
                + r.nextGaussian() * 800;
        s[i * channels + c] = (short) Math.max(-32768, Math.min(32767, Math.round(v)));
      }
    }
    if (s.length > 2) {
      s[0] = Short.MIN_VALUE;
      s[1] = Short.MAX_VALUE;
    }
    return s;
  }

  /** Scales 16-bit samples to floats as every decoder must: {@code s / 32768}. */
  public static float[] toFloat(short[] s) {
    float[] f = new float[s.length];
    for (int i = 0; i < s.length; i++) {
      f[i] = s[i] / 32768f;
    }
    return f;
  }

  /** Writes interleaved 16-bit PCM as a canonical 44-byte-header WAV file and returns it. */
  public static Path wav16(Path file, int rateHz, int channels, short[] samples)
      throws IOException {
    int dataBytes = samples.length * 2;
    ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    header.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + dataBytes);
    header.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16);
    header.putShort((short) 1).putShort((short) channels).putInt(rateHz);
    header.putInt(rateHz * channels * 2).putShort((short) (channels * 2)).putShort((short) 16);
    header.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(dataBytes);
    ByteBuffer data = ByteBuffer.allocate(dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    for (short s : samples) {
      data.putShort(s);
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(header.array());
      out.write(data.array());
    }
    return file;
  }

  /** Decodes a whole file with one decoder, interleaved (tests only: small files). */
  public static float[] decodeAll(AudioDecoder d, Path file) {
    try (AudioStream s = d.open(file)) {
      return readAll(s);
    }
  }

  /** Reads a stream to its end, interleaved. */
  public static float[] readAll(AudioStream s) {
    int ch = s.info().channels();
    float[] block = new float[1000 * ch];
    float[] out = new float[0];
    int n;
    int total = 0;
    while ((n = s.read(block, 0, 1000)) > 0) {
      if (out.length < (total + n) * ch) {
        out = Arrays.copyOf(out, Math.max(out.length * 2, (total + n) * ch));
      }
      System.arraycopy(block, 0, out, total * ch, n * ch);
      total += n;
    }
    return Arrays.copyOf(out, total * ch);
  }

  /** The first {@link AudioDecoder#HEAD_BYTES} bytes of a file (fewer for short files). */
  public static byte[] head(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(AudioDecoder.HEAD_BYTES);
    }
  }

  /** Asserts bit-identical samples, naming the first difference. */
  public static void assertSameSamples(float[] got, float[] expected) {
    assertThat(got.length).isEqualTo(expected.length);
    for (int i = 0; i < got.length; i++) {
      if (Float.compare(got[i], expected[i]) != 0) {
        throw new AssertionError("sample " + i + ": got " + got[i] + ", expected " + expected[i]);
      }
    }
  }

  /** Returns true when {@code tool} is an executable on the PATH. */
  public static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /** Skips the test, printing why, when {@code tool} is not on the PATH. */
  public static void assumeTool(String tool) {
    assumeTrue(onPath(tool), tool + " not on PATH: skipping");
  }

  /**
   * Runs a command to completion (30 s at most), its output discarded; returns whether it exited 0.
   * Never throws: a missing program is false.
   */
  public static boolean tryRun(String... command) {
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Runs a command to completion (60 s at most) and returns its stdout.
   *
   * @throws AssertionError on a non-zero exit (with its stderr) or a timeout
   */
  public static byte[] run(String... cmd) {
    try {
      Path err = Files.createTempFile("tool", ".err");
      try {
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new AssertionError("timed out: " + List.of(cmd));
        }
        if (p.exitValue() != 0) {
          throw new AssertionError(
              "exit " + p.exitValue() + ": " + List.of(cmd) + "\n" + Files.readString(err));
        }
        return out;
      } finally {
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
