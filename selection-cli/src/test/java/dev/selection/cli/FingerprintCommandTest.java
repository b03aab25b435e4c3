package dev.selection.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.selection.core.internal.chromaprint.ChromaprintCodec;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FingerprintCommandTest {
  private static final int RATE = 11025;

  @TempDir Path dir;

  private record Result(int exitCode, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = new CommandLine(new FingerprintCommand());
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int code = cmd.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  /** A chord progression with noise bursts, long enough for a fingerprint. */
  private static short[] music(long seed, double durationSec) {
    SplittableRandom random = new SplittableRandom(seed);
    int n = (int) (durationSec * RATE);
    short[] s = new short[n];
    double root = 200 + random.nextInt(200);
    for (int i = 0; i < n; i++) {
      double t = (double) i / RATE;
      double f = root * Math.pow(2, ((int) (t / 0.8) * 5 % 12) / 12.0);
      double v = 0.2 * Math.sin(2 * Math.PI * f * t) + 0.15 * Math.sin(2 * Math.PI * f * 1.5 * t);
      v += (t % 0.5) < 0.05 ? 0.2 * (random.nextDouble() * 2 - 1) : 0;
      s[i] = (short) Math.round(v * 32767);
    }
    return s;
  }

  private static Path writeWav(Path file, short[] samples, int rateHz, int channels, int bits)
      throws IOException {
    int bytesPerSample = bits / 8;
    ByteBuffer b =
        ByteBuffer.allocate(44 + samples.length * bytesPerSample).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples.length * bytesPerSample);
    b.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1);
    b.putShort((short) channels).putInt(rateHz).putInt(rateHz * channels * bytesPerSample);
    b.putShort((short) (channels * bytesPerSample)).putShort((short) bits);
    b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples.length * bytesPerSample);
    for (short s : samples) {
      if (bits == 16) {
        b.putShort(s);
      } else {
        b.put((byte) (s >> 8));
      }
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(b.array());
    }
    return file;
  }

  private static boolean fpcalcAvailable() {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String d : path.split(File.pathSeparator)) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, "fpcalc"))) {
        return true;
      }
    }
    return false;
  }

  private static String fpcalc(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("fpcalc"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return out; // fpcalc 1.5.1 exits 3 on its FFmpeg "End of file" read error; the output is
    // complete
  }

  @Test
  void oneFile_printsExactlyWhatFpcalcPrints() throws Exception {
    assumeTrue(fpcalcAvailable(), "fpcalc not on PATH: skipping the fpcalc output comparison");
    Path wav = writeWav(dir.resolve("a.wav"), music(1, 14.7), RATE, 1, 16);

    Result compressed = run(wav.toString());
    Result raw = run("--raw", wav.toString());

    assertThat(compressed.exitCode()).isZero();
    assertThat(compressed.out()).isEqualTo(fpcalc(wav.toString()));
    assertThat(raw.exitCode()).isZero();
    assertThat(raw.out()).isEqualTo(fpcalc("-raw", wav.toString()));
  }

  @Test
  void severalFiles_areNamedAndRawMatchesCompressed() throws Exception {
    Path a = writeWav(dir.resolve("a.wav"), music(2, 12.3), RATE, 1, 16);
    Path b = writeWav(dir.resolve("b.wav"), music(3, 20.9), RATE, 1, 16);

    Result compressed = run(a.toString(), b.toString());
    Result raw = run("--raw", a.toString(), b.toString());

    assertThat(compressed.exitCode()).isZero();
    String[] lines = compressed.out().split("\\R");
    assertThat(lines).hasSize(6);
    assertThat(lines[0]).isEqualTo("FILE=" + a);
    assertThat(lines[1]).isEqualTo("DURATION=12");
    assertThat(lines[3]).isEqualTo("FILE=" + b);
    assertThat(lines[4]).isEqualTo("DURATION=20");
    String[] rawLines = raw.out().split("\\R");
    for (int k : new int[] {2, 5}) {
      assertThat(lines[k]).startsWith("FINGERPRINT=AQAA");
      assertThat(rawLines[k]).matches("FINGERPRINT=\\d+(,\\d+)*");
      long[] decoded =
          Arrays.stream(ChromaprintCodec.decode(lines[k].substring(12)))
              .mapToLong(Integer::toUnsignedLong)
              .toArray();
      long[] printed =
          Arrays.stream(rawLines[k].substring(12).split(",")).mapToLong(Long::parseLong).toArray();
      assertThat(printed).isEqualTo(decoded);
    }
  }

  @Test
  void badFiles_reportErrorsAndTheRestIsPrinted() throws Exception {
    Path good = writeWav(dir.resolve("good.wav"), music(4, 10), RATE, 1, 16);
    Path tooShort = writeWav(dir.resolve("short.wav"), music(5, 1.5), RATE, 1, 16);
    Path wrongRate = writeWav(dir.resolve("rate.wav"), music(6, 10), 44100, 1, 16);
    Path eightBit = writeWav(dir.resolve("8bit.wav"), music(7, 10), RATE, 1, 8);
    Path garbage = Files.write(dir.resolve("garbage.wav"), new byte[] {1, 2, 3, 4, 5});
    Path missing = dir.resolve("missing.wav");

    Result result =
        run(
            tooShort.toString(),
            wrongRate.toString(),
            eightBit.toString(),
            garbage.toString(),
            missing.toString(),
            good.toString());

    // Other rates and bit depths are decoded and resampled to 11 025 Hz. rate.wav holds 10 s of
    // samples
    // under a 44.1 kHz header, i.e. 2.5 s of audio: too short, like short.wav. The short, garbage
    // and
    // missing files fail, each with its own ERROR line, and the others are still printed.
    assertThat(result.exitCode()).isEqualTo(2);
    String nl = System.lineSeparator();
    assertThat(result.out())
        .contains("FILE=" + eightBit + nl + "DURATION=10" + nl + "FINGERPRINT=AQAA")
        .contains("FILE=" + good + nl + "DURATION=10" + nl + "FINGERPRINT=AQAA");
    assertThat(result.err().lines().filter(l -> l.startsWith("ERROR: ")).count()).isEqualTo(4);
    assertThat(result.err())
        .contains("Empty fingerprint")
        .contains("rate.wav")
        .contains("missing.wav");
    assertThat(result.out()).doesNotContain("rate.wav");
  }

  @Test
  void noFile_isAUsageError() {
    assertThat(run().exitCode()).isEqualTo(2);
  }
}
