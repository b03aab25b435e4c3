package dev.selection.bench;

import dev.selection.core.internal.chromaprint.ChromaprintFingerprint;
import dev.selection.core.internal.chromaprint.ChromaprintFingerprinter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Times our Chromaprint fingerprinting against the reference {@code fpcalc} on the same generated
 * 4-minute 11 025 Hz mono 16-bit WAV, in one run.
 *
 * <p>Ours is timed in-process after a warm-up (so JVM start and JIT are left out), reading the WAV
 * bytes from disk, converting to float and fingerprinting; {@code fpcalc} is timed as the wall time
 * of its process (start-up included, which is what a host pays per file). Medians over the
 * repetitions, for {@code -length 120} (the default) and {@code -length 0} (whole file). Also
 * checks that both produce the same codes.
 *
 * <pre>
 * mvn -q -B -pl selection-bench -am package -DskipTests
 * java -cp selection-bench/target/benchmarks.jar dev.selection.bench.ChromaprintBenchmark [repetitions]
 * </pre>
 */
public final class ChromaprintBenchmark {
  private static final int RATE = ChromaprintFingerprinter.SAMPLE_RATE_HZ;

  private ChromaprintBenchmark() {}

  /**
   * Runs the comparison and prints a table.
   *
   * @param args optional repetition count (default 9)
   * @throws Exception when the file cannot be written or fpcalc cannot be run
   */
  public static void main(String[] args) throws Exception {
    int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 9;
    Path dir = Files.createTempDirectory("chromaprint-bench");
    Path wav = dir.resolve("song-240s.wav");
    writeWav(wav, song(240));
    Path tiny = dir.resolve("song-3s.wav");
    writeWav(tiny, song(3));
    try {
      System.out.printf(
          Locale.ROOT,
          "file: 240 s, 11025 Hz mono 16-bit WAV; %d repetitions, medians%n",
          repetitions);
      long[] floorNanos = new long[repetitions];
      for (int i = 0; i < repetitions; i++) {
        long t0 = System.nanoTime();
        fpcalc(tiny, 120);
        floorNanos[i] = System.nanoTime() - t0;
      }
      System.out.printf(
          Locale.ROOT,
          "fpcalc on a 3 s file (its process start-up floor): %.1f ms%n",
          median(floorNanos) / 1e6);
      for (double lengthSec : new double[] {120, 0}) {
        ChromaprintFingerprint ours = null;
        for (int i = 0; i < 5; i++) {
          ours = fingerprint(wav, lengthSec); // warm-up
        }
        long[] oursNanos = new long[repetitions];
        long[] fpcalcNanos = new long[repetitions];
        String fpcalcRaw = null;
        for (int i = 0; i < repetitions; i++) {
          long t0 = System.nanoTime();
          ours = fingerprint(wav, lengthSec);
          oursNanos[i] = System.nanoTime() - t0;
          t0 = System.nanoTime();
          fpcalcRaw = fpcalc(wav, lengthSec);
          fpcalcNanos[i] = System.nanoTime() - t0;
        }
        double oursMs = median(oursNanos) / 1e6;
        double fpcalcMs = median(fpcalcNanos) / 1e6;
        boolean same = fpcalcRaw != null && fpcalcRaw.equals(ours.rawString());
        System.out.printf(
            Locale.ROOT,
            "-length %-4s ours %7.1f ms  fpcalc %7.1f ms  ratio ours/fpcalc %.2f  codes %d "
                + " identical %s%n",
            (int) lengthSec,
            oursMs,
            fpcalcMs,
            oursMs / fpcalcMs,
            ours.length(),
            same);
      }
    } finally {
      Files.deleteIfExists(wav);
      Files.deleteIfExists(tiny);
      Files.deleteIfExists(dir);
    }
  }

  private static ChromaprintFingerprint fingerprint(Path wav, double lengthSec) throws IOException {
    byte[] bytes = Files.readAllBytes(wav);
    ByteBuffer data = ByteBuffer.wrap(bytes, 44, bytes.length - 44).order(ByteOrder.LITTLE_ENDIAN);
    ChromaprintFingerprinter fingerprinter = new ChromaprintFingerprinter(lengthSec);
    int frames = (bytes.length - 44) / 2;
    fingerprinter.begin(RATE, 1, frames);
    float[] block = new float[8192];
    int left = frames;
    while (left > 0) {
      int n = Math.min(block.length, left);
      for (int i = 0; i < n; i++) {
        block[i] = data.getShort() / 32768f;
      }
      fingerprinter.accept(block, 0, n);
      left -= n;
    }
    fingerprinter.end();
    return fingerprinter.result();
  }

  private static String fpcalc(Path wav, double lengthSec)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "fpcalc", "-raw", "-length", Integer.toString((int) lengthSec), wav.toString()));
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    for (String line : out.split("\n")) {
      if (line.startsWith("FINGERPRINT=")) {
        return line.substring(12).trim();
      }
    }
    return null;
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }

  /** Chord progression, bass, kick and hi-hat noise: a deterministic stand-in for a song. */
  private static short[] song(double durationSec) {
    SplittableRandom random = new SplittableRandom(2026);
    int n = (int) (durationSec * RATE);
    short[] s = new short[n];
    double beatSec = 0.5;
    double[] phase = new double[3];
    int[] roots = random.ints((int) (durationSec / 2) + 2, 0, 12).toArray();
    for (int i = 0; i < n; i++) {
      double t = (double) i / RATE;
      int beat = (int) (t / beatSec);
      double inBeat = t - beat * beatSec;
      double root = 220 * Math.pow(2, roots[beat / 4] / 12.0);
      double[] freqs = {root, root * Math.pow(2, 4 / 12.0), root * Math.pow(2, 7 / 12.0)};
      double v = 0;
      for (int k = 0; k < 3; k++) {
        phase[k] += 2 * Math.PI * freqs[k] / RATE;
        v += 0.15 * Math.sin(phase[k]);
      }
      v += 0.4 * Math.exp(-inBeat * 30) * Math.sin(2 * Math.PI * 60 * inBeat);
      v += Math.abs(inBeat - beatSec / 2) < 0.03 ? 0.1 * (random.nextDouble() * 2 - 1) : 0;
      s[i] = (short) Math.round(Math.max(-1, Math.min(1, v)) * 32767);
    }
    return s;
  }

  private static void writeWav(Path file, short[] samples) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(44 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples.length * 2);
    b.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII))
        .putInt(16)
        .putShort((short) 1)
        .putShort((short) 1);
    b.putInt(RATE).putInt(RATE * 2).putShort((short) 2).putShort((short) 16);
    b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples.length * 2);
    for (short v : samples) {
      b.putShort(v);
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(b.array());
    }
  }
}
