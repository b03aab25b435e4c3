package dev.selection.bench;

import dev.selection.api.CancellationToken;
import dev.selection.api.spi.AudioDecoder;
import dev.selection.api.spi.AudioStream;
import dev.selection.core.internal.audio.AiffDecoder;
import dev.selection.core.internal.audio.DecodeSession;
import dev.selection.core.internal.audio.FlacDecoder;
import dev.selection.core.internal.audio.PcmHashSink;
import dev.selection.core.internal.audio.WavDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Decode throughput of the pure-Java WAV and FLAC decoders, in × realtime on one core, side by side
 * with {@code ffmpeg -threads 1 -f s16le} on the same files in the same run, reported as a ratio.
 * Our figure includes the songId hash (decode + SHA-256 of the canonical PCM), i.e. what
 * identifying a track costs; ffmpeg only decodes and converts to s16le.
 *
 * <p>Run: {@code mvn -q -B -pl selection-bench -am package -DskipTests && java -cp
 * selection-bench/target/benchmarks.jar dev.selection.bench.DecodeBenchmark [seconds] [rounds]}.
 * Needs {@code flac} and {@code ffmpeg} on the PATH (the FLAC file is made by the reference
 * encoder). A main program rather than JMH because the baseline is an external process; each figure
 * is the best of {@code rounds} after one warm-up round.
 */
public final class DecodeBenchmark {
  private DecodeBenchmark() {}

  /** Runs the benchmark; arguments: audio seconds (default 120), rounds (default 5). */
  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 120;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path dir = Files.createTempDirectory("decode-bench");
    try {
      Path wav = writeWav(dir.resolve("bench.wav"), seconds);
      Path flac = dir.resolve("bench.flac");
      run("flac", "-s", "-f", "-5", "-o", flac.toString(), wav.toString());
      Path aiff = dir.resolve("bench.aiff");
      run("sox", wav.toString(), aiff.toString());
      System.out.printf(
          Locale.ROOT,
          "%d s of 44.1 kHz stereo 16-bit noise+tones; best of %d rounds"
              + " after warm-up; java %s%n",
          seconds,
          rounds,
          System.getProperty("java.version"));
      System.out.printf(
          Locale.ROOT, "%-6s %14s %14s %8s%n", "format", "ours(xRT)", "ffmpeg(xRT)", "ratio");
      report("wav", new WavDecoder(), wav, seconds, rounds);
      report("aiff", new AiffDecoder(), aiff, seconds, rounds);
      report("flac", new FlacDecoder(), flac, seconds, rounds);
    } finally {
      try (var s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void report(String name, AudioDecoder d, Path file, int seconds, int rounds)
      throws Exception {
    ours(d, file);
    ffmpeg(file);
    double bestOurs = Double.MAX_VALUE;
    double bestFfmpeg = Double.MAX_VALUE;
    for (int i = 0; i < rounds; i++) {
      bestOurs = Math.min(bestOurs, ours(d, file));
      bestFfmpeg = Math.min(bestFfmpeg, ffmpeg(file));
    }
    double xOurs = seconds / bestOurs;
    double xFfmpeg = seconds / bestFfmpeg;
    System.out.printf(
        Locale.ROOT, "%-6s %14.0f %14.0f %8.2f%n", name, xOurs, xFfmpeg, xOurs / xFfmpeg);
  }

  private static double ours(AudioDecoder d, Path file) {
    long t0 = System.nanoTime();
    try (AudioStream s = d.open(file)) {
      PcmHashSink hash = new PcmHashSink();
      DecodeSession.run(s, List.of(hash), CancellationToken.none());
      if (hash.songId().isEmpty()) {
        throw new IllegalStateException();
      }
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double ffmpeg(Path file) throws Exception {
    long t0 = System.nanoTime();
    Process p =
        new ProcessBuilder(
                "ffmpeg",
                "-nostdin",
                "-v",
                "error",
                "-threads",
                "1",
                "-i",
                file.toString(),
                "-f",
                "s16le",
                "-")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = p.getInputStream()) {
      while (in.read(buf) >= 0) {
        // discard, as our side discards after hashing
      }
    }
    if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("ffmpeg failed on " + file);
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private static Path writeWav(Path file, int seconds) throws IOException {
    int frames = 44100 * seconds;
    ByteBuffer b = ByteBuffer.allocate(44 + frames * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII))
        .putInt(36 + frames * 4)
        .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII))
        .putInt(16)
        .putShort((short) 1)
        .putShort((short) 2)
        .putInt(44100)
        .putInt(44100 * 4)
        .putShort((short) 4)
        .putShort((short) 16)
        .put("data".getBytes(StandardCharsets.US_ASCII))
        .putInt(frames * 4);
    Random r = new Random(1);
    for (int i = 0; i < frames; i++) {
      double t = i / 44100.0;
      double v = 9000 * Math.sin(2 * Math.PI * 220 * t) + 4000 * Math.sin(2 * Math.PI * 1375 * t);
      b.putShort((short) (v + r.nextGaussian() * 1500));
      b.putShort((short) (v * 0.7 + r.nextGaussian() * 1500));
    }
    Files.write(file, b.array());
    return file;
  }

  private static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(
          new ArrayList<>(List.of(cmd)) + " failed: " + new String(out, StandardCharsets.UTF_8));
    }
  }
}
