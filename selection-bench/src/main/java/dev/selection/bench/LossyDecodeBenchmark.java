package dev.selection.bench;

import dev.selection.api.spi.AudioStream;
import dev.selection.core.internal.audio.lossy.Mp3Decoder;
import dev.selection.core.internal.audio.lossy.VorbisDecoder;
import dev.selection.core.internal.dsp.resample.Resampler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Pure-Java MP3 (our decoder) and Ogg Vorbis (JOrbis) decoding against {@code ffmpeg -threads 1 -f
 * s16le} on the same files in the same run, and the resampler, as multiples of real time on one
 * core. For the MP3 speed goal on long files, see {@link Mp3DecodeBenchmark}.
 *
 * <p>The files are made at set-up with {@code lame -V 2} and {@code oggenc -q 5} from a generated
 * 60 s stereo 44.1 kHz signal. {@code ffmpegStartup} measures the process start (a 10 ms file) so
 * that the FFmpeg figures can be given net of it. On a shared machine prefer {@link #main}, which
 * measures CPU time rather than wall time and prints the ratios: {@code java -cp
 * selection-bench/target/benchmarks.jar dev.selection.bench.LossyDecodeBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class LossyDecodeBenchmark {
  /** Length of the generated clip in seconds. */
  static final double CLIP_SEC = 60;

  private static final int RATE_HZ = 44100;

  private Path dir;
  private Path mp3;
  private Path ogg;
  private Path tiny;
  private float[] mono;
  private final Mp3Decoder mp3Decoder = new Mp3Decoder();
  private final VorbisDecoder vorbisDecoder = new VorbisDecoder();

  /** Makes the test files; needs lame, oggenc and ffmpeg on the PATH. */
  @Setup(Level.Trial)
  public void setUp() throws IOException, InterruptedException {
    dir = Files.createTempDirectory("lossy-bench");
    int n = (int) (CLIP_SEC * RATE_HZ);
    float[] stereo = new float[2 * n];
    mono = new float[n];
    java.util.Random rnd = new java.util.Random(1);
    double ph = 0;
    for (int i = 0; i < n; i++) {
      double t = (double) i / RATE_HZ;
      double f = 110 * Math.pow(2, ((int) (t * 4) % 24) / 12.0);
      ph += 2 * Math.PI * f / RATE_HZ;
      double env = Math.exp(-((t * 4) % 1) * 3);
      double s = env * (0.3 * Math.sin(ph) + 0.1 * Math.sin(3 * ph)) + 0.05 * rnd.nextGaussian();
      stereo[2 * i] = (float) s;
      stereo[2 * i + 1] = (float) (0.8 * s + 0.02 * rnd.nextGaussian());
      mono[i] = (float) s;
    }
    Path wav = dir.resolve("clip.wav");
    writeWav16(wav, stereo, RATE_HZ, 2);
    writeWav16(dir.resolve("tiny.wav"), new float[2 * 441], RATE_HZ, 2);
    mp3 = dir.resolve("clip.mp3");
    ogg = dir.resolve("clip.ogg");
    tiny = dir.resolve("tiny.wav");
    run("lame", "--quiet", "-V", "2", wav.toString(), mp3.toString());
    run("oggenc", "-Q", "-q", "5", wav.toString(), "-o", ogg.toString());
  }

  /** Deletes the files. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    try (var s = Files.list(dir)) {
      for (Path p : s.toList()) {
        Files.deleteIfExists(p);
      }
    }
    Files.deleteIfExists(dir);
  }

  private static void run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    if (p.waitFor() != 0) {
      throw new IOException("Failed (is it on the PATH?): " + String.join(" ", cmd));
    }
  }

  private static void writeWav16(Path file, float[] x, int rate, int ch) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(44 + 2 * x.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .putInt(36 + 2 * x.length)
        .put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .putInt(16)
        .putShort((short) 1)
        .putShort((short) ch)
        .putInt(rate)
        .putInt(rate * ch * 2)
        .putShort((short) (ch * 2))
        .putShort((short) 16)
        .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .putInt(2 * x.length);
    for (float v : x) {
      b.putShort((short) Math.max(-32768, Math.min(32767, Math.round(v * 32768))));
    }
    Files.write(file, b.array());
  }

  private static double drain(AudioStream s) {
    try (s) {
      float[] buf = new float[4096 * s.info().channels()];
      double sum = 0;
      int n;
      while ((n = s.read(buf, 0, 4096)) > 0) {
        sum += buf[n - 1];
      }
      return sum;
    }
  }

  private static long ffmpeg(Path file) throws IOException, InterruptedException {
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
    long bytes;
    try (InputStream in = p.getInputStream()) {
      bytes = in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    p.waitFor();
    return bytes;
  }

  /** MP3 through {@link Mp3Decoder} (ours), whole file. */
  @Benchmark
  public double mp3Java() {
    return drain(mp3Decoder.open(mp3));
  }

  /** The same MP3 through {@code ffmpeg -threads 1 -f s16le}, process start included. */
  @Benchmark
  public long mp3Ffmpeg() throws IOException, InterruptedException {
    return ffmpeg(mp3);
  }

  /** Ogg Vorbis through {@link VorbisDecoder} (JOrbis), whole file. */
  @Benchmark
  public double oggJava() {
    return drain(vorbisDecoder.open(ogg));
  }

  /** The same Ogg through {@code ffmpeg -threads 1 -f s16le}, process start included. */
  @Benchmark
  public long oggFfmpeg() throws IOException, InterruptedException {
    return ffmpeg(ogg);
  }

  /** FFmpeg's process start on a 10 ms WAV file: subtracted from the FFmpeg figures. */
  @Benchmark
  public long ffmpegStartup() throws IOException, InterruptedException {
    return ffmpeg(tiny);
  }

  /** 60 s mono 44.1 kHz to 22.05 kHz. */
  @Benchmark
  public float[] resample44kTo22k() {
    return Resampler.resample(mono, RATE_HZ, 22050);
  }

  /** 60 s mono 44.1 kHz to 11.025 kHz (Chromaprint's rate). */
  @Benchmark
  public float[] resample44kTo11k() {
    return Resampler.resample(mono, RATE_HZ, 11025);
  }

  /** 60 s mono 44.1 kHz to 48 kHz (OpenL3's rate). */
  @Benchmark
  public float[] resample44kTo48k() {
    return Resampler.resample(mono, RATE_HZ, 48000);
  }

  /**
   * Prints multiples of real time per core measured in CPU time, robust on a shared, loaded
   * machine: the Java side by the benchmark thread's CPU time ({@code ThreadMXBean}), FFmpeg by its
   * own {@code -benchmark} report ({@code utime + stime}, single-threaded with {@code -threads 1}),
   * net of the same on a 10 ms file. Medians of {@code runs} runs after warm-up. Pass {@code --jmh}
   * to run the JMH wall-clock benchmarks instead.
   *
   * @param args {@code [runs]} (default 7) or {@code --jmh}
   * @throws Exception when a tool fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--jmh")) {
      new Runner(new OptionsBuilder().include(LossyDecodeBenchmark.class.getName() + ".*").build())
          .run();
      return;
    }
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    LossyDecodeBenchmark b = new LossyDecodeBenchmark();
    b.setUp();
    try {
      Map<String, Double> cpu = new java.util.LinkedHashMap<>();
      cpu.put("mp3Java", javaCpuSec(b::mp3Java, runs));
      cpu.put("oggJava", javaCpuSec(b::oggJava, runs));
      cpu.put("resample44kTo22k", javaCpuSec(b::resample44kTo22k, runs));
      cpu.put("resample44kTo11k", javaCpuSec(b::resample44kTo11k, runs));
      cpu.put("resample44kTo48k", javaCpuSec(b::resample44kTo48k, runs));
      double startup = ffmpegCpuSec(b.tiny, runs);
      cpu.put("mp3Ffmpeg", ffmpegCpuSec(b.mp3, runs) - startup);
      cpu.put("oggFfmpeg", ffmpegCpuSec(b.ogg, runs) - startup);
      System.out.printf(
          Locale.ROOT,
          "clip %.0f s; CPU seconds (median of %d): %s; ffmpeg start-up %.3f s%n",
          CLIP_SEC,
          runs,
          cpu,
          startup);
      for (String fmt : List.of("mp3", "ogg")) {
        double java = CLIP_SEC / cpu.get(fmt + "Java");
        double ff = CLIP_SEC / Math.max(1e-4, cpu.get(fmt + "Ffmpeg"));
        System.out.printf(
            Locale.ROOT,
            "%s: Java %.0fx realtime/core, ffmpeg %.0fx realtime/core, Java/ffmpeg %.2f%n",
            fmt,
            java,
            ff,
            java / ff);
      }
      for (String k : List.of("resample44kTo22k", "resample44kTo11k", "resample44kTo48k")) {
        System.out.printf(Locale.ROOT, "%s: %.0fx realtime/core%n", k, CLIP_SEC / cpu.get(k));
      }
    } finally {
      b.tearDown();
    }
  }

  /** A benchmark body that may throw. */
  private interface Body {
    Object run() throws Exception;
  }

  private static double median(double[] x) {
    double[] s = x.clone();
    java.util.Arrays.sort(s);
    return s[s.length / 2];
  }

  private static double javaCpuSec(Body body, int runs) throws Exception {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 3; i++) {
      body.run(); // warm-up
    }
    double[] t = new double[runs];
    for (int i = 0; i < runs; i++) {
      long c0 = mx.getCurrentThreadCpuTime();
      body.run();
      t[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
    }
    return median(t);
  }

  private static final java.util.regex.Pattern BENCH =
      java.util.regex.Pattern.compile("utime=([0-9.]+)s stime=([0-9.]+)s");

  private static double ffmpegCpuSec(Path file, int runs) throws IOException, InterruptedException {
    double[] t = new double[runs];
    for (int i = 0; i < runs; i++) {
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
                  "s16le",
                  "-y",
                  "/dev/null")
              .redirectErrorStream(true)
              .start();
      String out;
      try (InputStream in = p.getInputStream()) {
        out = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      }
      p.waitFor();
      java.util.regex.Matcher m = BENCH.matcher(out);
      if (!m.find()) {
        throw new IOException("No -benchmark line from ffmpeg: " + out);
      }
      t[i] = Double.parseDouble(m.group(1)) + Double.parseDouble(m.group(2));
    }
    return median(t);
  }
}
