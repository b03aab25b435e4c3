package dev.selection.bench;

import dev.selection.api.spi.AudioStream;
import dev.selection.core.internal.audio.lossy.Mp3Decoder;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Our MP3 decoder against FFmpeg's ({@code mp3float}) on the same long files in the same run, as
 * CPU time per core: the speed goal is "at least FFmpeg's speed per core on a long file".
 *
 * <p>The files are made at set-up: a generated stereo 44.1 kHz signal (tones with vibrato, noise
 * and a loud burst every half second, so that LAME switches block types) of {@code --seconds}
 * (default 600), encoded with {@code lame -V 2} (VBR) and {@code lame -b 320} (CBR). Our side is
 * the CPU time of the decoding thread ({@code ThreadMXBean}) reading the whole file through {@code
 * AudioStream.read} in 4096-frame blocks, after {@code --warmup} untimed runs (JIT); FFmpeg's is
 * its own {@code -benchmark} report ({@code utime + stime}) of {@code ffmpeg -threads 1 -i F -f
 * f32le -y /dev/null}, reported both whole and net of its start-up (the same command on a 10 ms
 * file). Medians of {@code --runs} runs (default 7), interleaved so that load changes hit both
 * sides alike. Also prints the bytes our decoding loop allocates per MPEG frame.
 *
 * <p>Run: {@code java -cp selection-bench/target/benchmarks.jar
 * dev.selection.bench.Mp3DecodeBenchmark [--seconds 600] [--runs 7] [--warmup 3]} (needs {@code
 * lame} and {@code ffmpeg} on the PATH).
 */
public final class Mp3DecodeBenchmark {
  private static final int RATE_HZ = 44100;
  private static final Pattern BENCH = Pattern.compile("utime=([0-9.]+)s stime=([0-9.]+)s");

  private Mp3DecodeBenchmark() {}

  /**
   * Runs the comparison and prints one line per file.
   *
   * @param args {@code [--seconds S] [--runs N] [--warmup W]}
   * @throws Exception when a tool fails
   */
  public static void main(String[] args) throws Exception {
    double seconds = 600;
    int runs = 7;
    int warmup = 3;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--seconds" -> seconds = Double.parseDouble(args[i + 1]);
        case "--runs" -> runs = Integer.parseInt(args[i + 1]);
        case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("Unknown option " + args[i]);
      }
    }
    Path dir = Files.createTempDirectory("mp3-bench");
    try {
      Path wav = dir.resolve("clip.wav");
      writeSignal(wav, seconds);
      Path tiny = dir.resolve("tiny.wav");
      writeTiny(tiny);
      List<Path> files = new ArrayList<>();
      files.add(encode(wav, dir.resolve("vbr-v2.mp3"), "-V", "2"));
      files.add(encode(wav, dir.resolve("cbr-320.mp3"), "-b", "320"));
      Files.delete(wav);
      System.out.printf(
          Locale.ROOT,
          "Java %s (%s), %s; %d runs after %d warm-up%n",
          System.getProperty("java.version"),
          System.getProperty("java.vm.name"),
          ffmpegVersion(),
          runs,
          warmup);
      for (Path mp3 : files) {
        compare(mp3, tiny, seconds, runs, warmup);
      }
    } finally {
      try (var s = Files.list(dir)) {
        for (Path p : s.toList()) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  private static void compare(Path mp3, Path tiny, double seconds, int runs, int warmup)
      throws Exception {
    Mp3Decoder decoder = new Mp3Decoder();
    for (int i = 0; i < warmup; i++) {
      decode(decoder, mp3, null);
    }
    double[] ours = new double[runs];
    double[] ff = new double[runs];
    double[] start = new double[runs];
    long[] alloc = new long[1];
    long frames = 0;
    for (int i = 0; i < runs; i++) {
      long[] cpuAndFrames = decode(decoder, mp3, alloc);
      ours[i] = cpuAndFrames[0] / 1e9;
      frames = cpuAndFrames[1];
      ff[i] = ffmpegCpuSec(mp3);
      start[i] = ffmpegCpuSec(tiny);
    }
    double o = median(ours);
    double f = median(ff);
    double s = median(start);
    long mpegFrames = frames / 1152;
    System.out.printf(
        Locale.ROOT,
        "%s (%.1f MB, %.0f s): ours %.3f s CPU = %.0fx realtime; "
            + "ffmpeg %.3f s (%.3f s net of %.3f s start-up) = %.0fx (%.0fx net); "
            + "speed ours/ffmpeg %.2f (%.2f net); %.1f bytes allocated per MPEG frame%n",
        mp3.getFileName(),
        Files.size(mp3) / 1e6,
        seconds,
        o,
        seconds / o,
        f,
        f - s,
        s,
        seconds / f,
        seconds / (f - s),
        f / o,
        (f - s) / o,
        (double) alloc[0] / mpegFrames);
  }

  /** Decodes the whole file; returns {CPU nanoseconds of this thread, frames}. */
  @SuppressForbidden(reason = "allocated bytes per thread: HotSpot's ThreadMXBean, when present")
  private static long[] decode(Mp3Decoder decoder, Path mp3, long[] alloc) {
    var mx = ManagementFactory.getThreadMXBean();
    com.sun.management.ThreadMXBean sun =
        mx instanceof com.sun.management.ThreadMXBean t ? t : null;
    long tid = Thread.currentThread().getId();
    long c0 = mx.getCurrentThreadCpuTime();
    long frames = 0;
    try (AudioStream s = decoder.open(mp3)) {
      float[] buf = new float[4096 * s.info().channels()];
      int n = s.read(buf, 0, 4096);
      long a0 = sun != null ? sun.getThreadAllocatedBytes(tid) : 0;
      while (n > 0) {
        frames += n;
        n = s.read(buf, 0, 4096);
      }
      if (alloc != null && sun != null) {
        alloc[0] = sun.getThreadAllocatedBytes(tid) - a0;
      }
    }
    return new long[] {mx.getCurrentThreadCpuTime() - c0, frames};
  }

  private static double ffmpegCpuSec(Path file) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                "ffmpeg",
                "-nostdin",
                "-benchmark",
                "-threads",
                "1",
                "-i",
                file.toString(),
                "-f",
                "f32le",
                "-y",
                "/dev/null")
            .redirectErrorStream(true)
            .start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    p.waitFor();
    Matcher m = BENCH.matcher(out);
    if (!m.find()) {
      throw new IOException("No -benchmark line from ffmpeg: " + out);
    }
    return Double.parseDouble(m.group(1)) + Double.parseDouble(m.group(2));
  }

  private static String ffmpegVersion() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("ffmpeg", "-version").redirectErrorStream(true).start();
    String first;
    try (InputStream in = p.getInputStream()) {
      first =
          new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
              .lines()
              .findFirst()
              .orElse("ffmpeg ?");
    }
    p.waitFor();
    return first.replaceAll(" Copyright.*", "");
  }

  private static Path encode(Path wav, Path mp3, String... options)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("lame", "--quiet"));
    cmd.addAll(List.of(options));
    cmd.add(wav.toString());
    cmd.add(mp3.toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    if (p.waitFor() != 0) {
      throw new IOException("Failed (is lame on the PATH?): " + String.join(" ", cmd));
    }
    return mp3;
  }

  /** Streams the generated signal to a 16-bit stereo WAV, one second at a time. */
  private static void writeSignal(Path wav, double seconds) throws IOException {
    long frames = Math.round(seconds * RATE_HZ);
    ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    long data = frames * 4;
    header
        .put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .putInt((int) (36 + data))
        .put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .putInt(16)
        .putShort((short) 1)
        .putShort((short) 2)
        .putInt(RATE_HZ)
        .putInt(RATE_HZ * 4)
        .putShort((short) 4)
        .putShort((short) 16)
        .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .putInt((int) data);
    Random rnd = new Random(1);
    double[] f0 = {110, 146.83, 196, 220, 293.66, 392};
    double ph0 = 0;
    double ph1 = 0;
    try (FileChannel ch =
        FileChannel.open(
            wav,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      header.flip();
      ch.write(header);
      ByteBuffer b = ByteBuffer.allocate(RATE_HZ * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (long i = 0; i < frames; ) {
        b.clear();
        for (int k = 0; k < RATE_HZ && i < frames; k++, i++) {
          double t = (double) i / RATE_HZ;
          double f = f0[(int) (t * 2) % f0.length] * (1 + 0.004 * Math.sin(2 * Math.PI * 5 * t));
          ph0 += 2 * Math.PI * f / RATE_HZ;
          ph1 += 2 * Math.PI * 3.01 * f / RATE_HZ;
          double burst = (t * 2) % 1 < 0.01 ? 0.5 * rnd.nextGaussian() : 0;
          double l = 0.3 * Math.sin(ph0) + 0.1 * Math.sin(ph1) + 0.03 * rnd.nextGaussian() + burst;
          double r =
              0.25 * Math.sin(ph0 + 0.5) + 0.12 * Math.sin(ph1) + 0.03 * rnd.nextGaussian() + burst;
          b.putShort((short) Math.max(-32768, Math.min(32767, Math.round(l * 32767))));
          b.putShort((short) Math.max(-32768, Math.min(32767, Math.round(r * 32767))));
        }
        b.flip();
        ch.write(b);
      }
    }
  }

  private static void writeTiny(Path wav) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(44 + 441 * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .putInt(36 + 441 * 4)
        .put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .putInt(16)
        .putShort((short) 1)
        .putShort((short) 2)
        .putInt(RATE_HZ)
        .putInt(RATE_HZ * 4)
        .putShort((short) 4)
        .putShort((short) 16)
        .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .putInt(441 * 4);
    Files.write(wav, b.array());
  }

  private static double median(double[] x) {
    double[] s = x.clone();
    java.util.Arrays.sort(s);
    return s[s.length / 2];
  }
}
