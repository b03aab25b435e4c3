package dev.selection.bench;

import dev.selection.api.CancellationToken;
import dev.selection.api.EmbeddingBudget;
import dev.selection.api.ExtractOptions;
import dev.selection.api.ExtractionReport;
import dev.selection.api.SegmentPolicy;
import dev.selection.api.SelectionEngine;
import dev.selection.core.internal.audio.DecoderRegistry;
import dev.selection.core.internal.audio.TrackIdentifier;
import dev.selection.core.internal.extract.TrackAnalyzer;
import dev.selection.core.internal.extract.TrackAnalyzer.Group;
import dev.selection.core.samples.DemoLibrary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * End-to-end library scan through the engine (decode, PCM hash, every feature but OpenL3, SQLite
 * store) on generated tracks, next to baselines measured in the same run on the same files: a plain
 * read of the files' bytes and {@code ffmpeg -threads 1 -f s16le} decoding (when ffmpeg is on the
 * PATH). Each scan runs in a forked JVM so that its peak RSS ({@code VmHWM}) can be read; a small
 * and the full library are scanned to show that memory stays bounded. A per-stage profile times
 * {@link TrackAnalyzer} with one feature group at a time on a few tracks, single-threaded.
 *
 * <p>Run: {@code java -cp selection-bench/target/benchmarks.jar dev.selection.bench.ScanBenchmark
 * --tracks 200 --small 50 --seconds 180 --rate 22050}. The generated files are deleted afterwards
 * unless {@code --keep}; {@code --dir} reuses a folder (files already there are not rewritten).
 * Single-shot figures: the machine this runs on is usually shared, so report the load average.
 */
public final class ScanBenchmark {
  private ScanBenchmark() {}

  /**
   * Entry point.
   *
   * @param args {@code --tracks N --small N --seconds S --rate HZ --profile N --dir D --keep}, or
   *     {@code --child ROOT LISTFILE} for the forked scan
   * @throws Exception on any failure
   */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--child")) {
      child(Path.of(args[1]), Path.of(args[2]));
      return;
    }
    Map<String, String> opt = new LinkedHashMap<>();
    opt.put("--tracks", "200");
    opt.put("--small", "50");
    opt.put("--seconds", "180");
    opt.put("--rate", "22050");
    opt.put("--profile", "4");
    opt.put("--dir", "");
    opt.put("--keep", "false");
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--keep")) {
        opt.put("--keep", "true");
      } else if (opt.containsKey(args[i]) && i + 1 < args.length) {
        opt.put(args[i], args[++i]);
      } else {
        throw new IllegalArgumentException("Unknown option " + args[i]);
      }
    }
    int tracks = Integer.parseInt(opt.get("--tracks"));
    int small = Math.min(tracks, Integer.parseInt(opt.get("--small")));
    double seconds = Double.parseDouble(opt.get("--seconds"));
    int rateHz = Integer.parseInt(opt.get("--rate"));
    int profileTracks = Integer.parseInt(opt.get("--profile"));
    boolean keep = Boolean.parseBoolean(opt.get("--keep"));
    Path dir =
        opt.get("--dir").isEmpty()
            ? Files.createTempDirectory("scan-bench")
            : Path.of(opt.get("--dir"));
    Files.createDirectories(dir);

    System.out.printf(
        Locale.ROOT,
        "ScanBenchmark: %d tracks x %.0f s, %d Hz stereo 16-bit WAV in %s"
            + " (%d processors, load average %s)%n",
        tracks,
        seconds,
        rateHz,
        dir,
        Runtime.getRuntime().availableProcessors(),
        loadAverage());
    long t0 = System.nanoTime();
    List<Path> files = generate(dir.resolve("music"), tracks, seconds, rateHz);
    System.out.printf(
        Locale.ROOT, "generated in %.1f s, %.2f GB%n", secs(t0), totalBytes(files) / 1e9);
    double audioSec = tracks * seconds;
    try {
      // Baseline 1: reading the bytes (page cache warm: the files were just written or read).
      long r0 = System.nanoTime();
      long bytes = 0;
      byte[] buf = new byte[1 << 20];
      for (Path f : files) {
        try (InputStream in = Files.newInputStream(f)) {
          for (int n; (n = in.read(buf)) > 0; ) {
            bytes += n;
          }
        }
      }
      double readSec = secs(r0);
      System.out.printf(
          Locale.ROOT,
          "baseline read:   %.1f s, %.0f MB/s, %.0fx realtime%n",
          readSec,
          bytes / 1e6 / readSec,
          audioSec / readSec);

      // Baseline 2: ffmpeg decoding to s16le, one process per file, two at a time (as the engine).
      Double ffmpegX = ffmpegBaseline(files, Math.min(files.size(), 20), seconds);

      // The engine, in forked JVMs: the small library, then the whole one.
      ScanFigures smallRun = forkScan(dir.resolve("root-small"), files.subList(0, small));
      ScanFigures fullRun = forkScan(dir.resolve("root-full"), files);
      for (ScanFigures s : List.of(smallRun, fullRun)) {
        System.out.printf(
            Locale.ROOT,
            "engine scan %3d tracks: %.1f s, %.2f tracks/s, %.1fx realtime,"
                + " extracted %d, failed %d, peak RSS %d MB (heap max %d MB)%n",
            s.tracks,
            s.elapsedSec,
            s.tracks / s.elapsedSec,
            s.audioSec / s.elapsedSec,
            s.extracted,
            s.failed,
            s.vmHwmKb / 1024,
            s.maxHeapMb);
      }
      double engineX = fullRun.audioSec / fullRun.elapsedSec;
      System.out.printf(Locale.ROOT, "ratios: engine/read = %.3f", engineX / (audioSec / readSec));
      if (ffmpegX != null) {
        System.out.printf(Locale.ROOT, ", engine/ffmpeg-decode = %.3f", engineX / ffmpegX);
      }
      System.out.printf(
          Locale.ROOT,
          "; peak RSS %d vs %d tracks: %d vs %d MB%n",
          small,
          tracks,
          smallRun.vmHwmKb / 1024,
          fullRun.vmHwmKb / 1024);

      profile(files.subList(0, Math.min(profileTracks, files.size())));
      System.out.printf(Locale.ROOT, "load average at the end: %s%n", loadAverage());
    } finally {
      if (!keep) {
        deleteTree(dir);
      }
    }
  }

  private static List<Path> generate(Path music, int tracks, double seconds, int rateHz)
      throws Exception {
    // DemoLibrary writes perStyle tracks of each of its styles; two writers run in parallel on
    // disjoint folders with distinct seeds.
    int styles = dev.selection.core.samples.DemoStyle.values().length;
    int perStyle = (tracks + styles - 1) / styles;
    int half = (perStyle + 1) / 2;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<List<DemoLibrary.Track>> a =
          pool.submit(() -> DemoLibrary.write(music.resolve("a"), half, seconds, rateHz, 11));
      Future<List<DemoLibrary.Track>> b =
          perStyle - half < 1
              ? null
              : pool.submit(
                  () ->
                      DemoLibrary.write(music.resolve("b"), perStyle - half, seconds, rateHz, 12));
      List<Path> all = new ArrayList<>();
      a.get().forEach(t -> all.add(t.path()));
      if (b != null) {
        b.get().forEach(t -> all.add(t.path()));
      }
      // Interleave styles so that any prefix (the small library) is a mix.
      all.sort(
          Comparator.comparing((Path p) -> p.getFileName().toString())
              .thenComparing(Path::toString));
      return new ArrayList<>(all.subList(0, tracks));
    } finally {
      pool.shutdown();
    }
  }

  private static Double ffmpegBaseline(List<Path> files, int n, double seconds) throws Exception {
    if (!onPath("ffmpeg")) {
      System.out.println("baseline ffmpeg: skipped (ffmpeg not on PATH)");
      return null;
    }
    long f0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> jobs = new ArrayList<>();
      for (Path f : files.subList(0, n)) {
        jobs.add(
            pool.submit(
                () -> {
                  Process p =
                      new ProcessBuilder(
                              "ffmpeg",
                              "-nostdin",
                              "-v",
                              "error",
                              "-threads",
                              "1",
                              "-i",
                              f.toString(),
                              "-f",
                              "s16le",
                              "-ac",
                              "2",
                              "-")
                          .redirectErrorStream(false)
                          .redirectError(ProcessBuilder.Redirect.DISCARD)
                          .start();
                  try (InputStream in = p.getInputStream()) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                  }
                  return p.waitFor();
                }));
      }
      for (Future<Integer> j : jobs) {
        if (j.get() != 0) {
          throw new IOException("ffmpeg failed");
        }
      }
    } finally {
      pool.shutdown();
    }
    double s = secs(f0);
    double x = n * seconds / s;
    System.out.printf(
        Locale.ROOT,
        "baseline ffmpeg -f s16le (%d files, 2 at a time): %.1f s," + " %.0fx realtime%n",
        n,
        s,
        x);
    return x;
  }

  private record ScanFigures(
      int tracks,
      double elapsedSec,
      double audioSec,
      int extracted,
      int failed,
      long vmHwmKb,
      long maxHeapMb) {}

  /** Scans {@code files} into a fresh library at {@code root} in a forked JVM. */
  private static ScanFigures forkScan(Path root, List<Path> files) throws Exception {
    Files.createDirectories(root);
    Path list = root.resolve("files.txt");
    Files.write(list, files.stream().map(Path::toString).toList());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-Xmx1g",
                "-cp",
                System.getProperty("java.class.path"),
                ScanBenchmark.class.getName(),
                "--child",
                root.toString(),
                list.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    Map<String, String> kv = new LinkedHashMap<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        int eq = line.indexOf('=');
        if (line.startsWith("result.") && eq > 0) {
          kv.put(line.substring(7, eq), line.substring(eq + 1));
        } else {
          System.out.println("  child: " + line);
        }
      }
    }
    if (p.waitFor() != 0) {
      throw new IOException("forked scan failed with exit code " + p.exitValue());
    }
    return new ScanFigures(
        files.size(),
        Double.parseDouble(kv.get("elapsedSec")),
        Double.parseDouble(kv.get("audioSec")),
        Integer.parseInt(kv.get("extracted")),
        Integer.parseInt(kv.get("failed")),
        Long.parseLong(kv.get("vmHwmKb")),
        Long.parseLong(kv.get("maxHeapMb")));
  }

  /** The forked scan: open the library, extract every file without embeddings, report. */
  private static void child(Path root, Path list) throws Exception {
    List<Path> files = Files.readAllLines(list).stream().map(Path::of).toList();
    try (SelectionEngine engine =
        SelectionEngine.builder(root).autoTrain(false, 20, Duration.ofSeconds(8)).build()) {
      long t0 = System.nanoTime();
      ExtractionReport r =
          engine.extractFeatures(
              files, new ExtractOptions(false, false, 32, false), p -> {}, new CancellationToken());
      double elapsed = secs(t0);
      System.out.println("result.elapsedSec=" + elapsed);
      System.out.println("result.audioSec=" + r.audioSeconds());
      System.out.println("result.extracted=" + r.extracted());
      System.out.println("result.failed=" + r.failed());
      if (!r.failures().isEmpty()) {
        System.out.println("first failure: " + r.failures().get(0));
      }
    }
    System.out.println("result.maxHeapMb=" + Runtime.getRuntime().maxMemory() / (1 << 20));
    System.out.println("result.vmHwmKb=" + procStatusKb("VmHWM"));
  }

  /**
   * Times {@link TrackAnalyzer} on each file with the format group alone (decode, PCM hash, tags)
   * and with each further group added, single-threaded after one warm-up pass; a stage's cost is
   * the difference to the format-only time.
   */
  private static void profile(List<Path> files) {
    TrackIdentifier identifier = new TrackIdentifier(DecoderRegistry.discover(), Clock.systemUTC());
    TrackAnalyzer analyzer =
        new TrackAnalyzer(identifier, SegmentPolicy.DEFAULT, List.of(), EmbeddingBudget.DEFAULT);
    Map<String, Set<Group>> sets = new LinkedHashMap<>();
    sets.put("decode+hash+tags (format)", EnumSet.of(Group.FORMAT));
    sets.put("+ segments, RMS", EnumSet.of(Group.FORMAT, Group.RMS));
    sets.put("+ R128 loudness", EnumSet.of(Group.FORMAT, Group.LOUDNESS));
    sets.put("+ chromaprint", EnumSet.of(Group.FORMAT, Group.CHROMAPRINT));
    sets.put("+ segments, tempo", EnumSet.of(Group.FORMAT, Group.TEMPO));
    sets.put("+ segments, tonal", EnumSet.of(Group.FORMAT, Group.TONAL));
    sets.put("+ segments, timbre", EnumSet.of(Group.FORMAT, Group.TIMBRE));
    sets.put("all but embeddings", EnumSet.allOf(Group.class));
    CancellationToken none = new CancellationToken();
    for (Set<Group> g : sets.values()) {
      analyzer.analyze(files.get(0), new TrackAnalyzer.Work(g, Set.of()), none); // warm-up
    }
    double audio = 0;
    Map<String, Double> ms = new LinkedHashMap<>();
    for (Path f : files) {
      for (Map.Entry<String, Set<Group>> e : sets.entrySet()) {
        long t = System.nanoTime();
        TrackAnalyzer.Result r =
            analyzer.analyze(f, new TrackAnalyzer.Work(e.getValue(), Set.of()), none);
        ms.merge(e.getKey(), (System.nanoTime() - t) / 1e6, Double::sum);
        if (e.getKey().startsWith("decode")) {
          audio += r.audioSeconds();
        }
      }
    }
    double base = ms.get("decode+hash+tags (format)");
    System.out.printf(
        Locale.ROOT,
        "profile (%d tracks, %.0f s of audio, one thread; ms per track,"
            + " stage = minus format-only):%n",
        files.size(),
        audio);
    for (Map.Entry<String, Double> e : ms.entrySet()) {
      double per = e.getValue() / files.size();
      double stage = e.getKey().startsWith("decode") ? per : per - base / files.size();
      System.out.printf(
          Locale.ROOT,
          "  %-28s %8.1f ms/track  stage %8.1f ms  (%5.1f%%)  %.0fx" + " realtime%n",
          e.getKey(),
          per,
          stage,
          100 * stage / (ms.get("all but OpenL3") / files.size()),
          audio / (e.getValue() / 1e3));
    }
  }

  private static long procStatusKb(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(key + ":")) {
          return Long.parseLong(line.substring(key.length() + 1).replace("kB", "").trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux: no figure.
    }
    return -1;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "n/a";
    }
  }

  private static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String d : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, tool))) {
        return true;
      }
    }
    return false;
  }

  private static long totalBytes(List<Path> files) throws IOException {
    long n = 0;
    for (Path f : files) {
      n += Files.size(f);
    }
    return n;
  }

  private static double secs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
