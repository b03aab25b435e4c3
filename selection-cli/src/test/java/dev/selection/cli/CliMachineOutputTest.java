package dev.selection.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selection.api.testing.AudioFixtures;
import dev.selection.api.testing.SmallDisk;
import dev.selection.core.samples.DemoLibrary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as a host's script sees it, in a forked JVM with the real stdout and stderr and the CLI's
 * whole class path (which holds a dependency's {@code simplelogger.properties} that says {@code
 * System.out}): with {@code --json} every stdout line is one JSON object, and logs (WARN, stack
 * traces) go to stderr, for a failing file, a FIFO and a dangling link, a damaged model manifest, a
 * full disk and a scan stopped by SIGTERM or SIGINT.
 */
class CliMachineOutputTest {
  @TempDir Path work;

  record Forked(int exit, List<JsonNode> lines, String out, String err) {}

  /** Runs {@code selection args...} in a new JVM and parses every stdout line as JSON. */
  private Forked fork(String... args) throws Exception {
    Process p = start(args);
    assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("selection %s ends", List.of(args)).isTrue();
    return finish(p);
  }

  private int runs;
  private boolean json;

  private Process start(String... args) throws IOException {
    runs++;
    json = List.of(args).contains("--json");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (Runtime.version().feature() >= 22) {
      // What the CLI jar's manifest grants (Enable-Native-Access): without it Java 22+ prints
      // native-access warnings for sqlite-jdbc on stderr, which `java -jar selection.jar` does not.
      cmd.add("--enable-native-access=ALL-UNNAMED");
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("dev.selection.cli.Main");
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd)
        .redirectOutput(work.resolve("out" + runs + ".txt").toFile())
        .redirectError(work.resolve("err" + runs + ".txt").toFile())
        .start();
  }

  /** The arguments of {@code selection --library LIB scan --json} over {@code music}, quietly. */
  private static String[] scanArgs(Path lib, Path music) {
    return new String[] {
      "--library",
      lib.toString(),
      "scan",
      "--json",
      "--no-progress",
      "--no-embeddings",
      music.toString()
    };
  }

  private Forked scanJson(Path lib, Path music) throws Exception {
    return fork(scanArgs(lib, music));
  }

  private Forked finish(Process p) throws Exception {
    String out = Files.readString(work.resolve("out" + runs + ".txt"), StandardCharsets.UTF_8);
    String err = Files.readString(work.resolve("err" + runs + ".txt"), StandardCharsets.UTF_8);
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.split("\n", -1)) {
      if (line.isEmpty() || !json) {
        continue;
      }
      JsonNode n;
      try {
        n = Json.mapper().readTree(line);
      } catch (IOException e) {
        throw new AssertionError("stdout line is not JSON: " + line + "\nstderr: " + err, e);
      }
      assertThat(n.isObject()).as("stdout line is a JSON object: %s", line).isTrue();
      lines.add(n);
    }
    return new Forked(p.exitValue(), lines, out, err);
  }

  @Test
  void scanJson_failingFileFifoAndDanglingLink_areJsonFailures_andLogsStayOffStdout()
      throws Exception {
    Path music = work.resolve("music");
    List<DemoLibrary.Track> tracks = DemoLibrary.write(music, 1, 4, 22050, 3);
    Files.write(
        music.resolve("broken.wav"), "RIFF\0\0\0\0WAVEjunk".getBytes(StandardCharsets.UTF_8));
    Files.createSymbolicLink(music.resolve("gone.flac"), music.resolve("no-such-target.flac"));
    Path fifo = music.resolve("pipe.wav");
    boolean haveFifo = AudioFixtures.tryRun("mkfifo", fifo.toString());
    if (!haveFifo) {
      System.out.println("CliMachineOutputTest: no mkfifo, the FIFO case is left out");
    }
    Path lib = work.resolve("lib");

    Forked scan = scanJson(lib, music);

    assertThat(scan.exit()).as(scan.err()).isEqualTo(1);
    JsonNode summary = scan.lines().get(scan.lines().size() - 1);
    int bad = haveFifo ? 3 : 2;
    assertThat(summary.get("total").asInt()).isEqualTo(tracks.size() + bad);
    assertThat(summary.get("extracted").asInt()).isEqualTo(tracks.size());
    assertThat(summary.get("failed").asInt()).isEqualTo(bad);
    assertThat(summary.get("cancelled").asBoolean()).isFalse();
    List<JsonNode> failures = scan.lines().subList(0, scan.lines().size() - 1);
    assertThat(failures).hasSize(bad);
    for (JsonNode f : failures) {
      String path = f.get("path").asText();
      String error = f.get("error").asText();
      if (path.endsWith("broken.wav")) {
        assertThat(error).isEqualTo("corrupt_audio");
      } else if (path.endsWith("gone.flac")) {
        assertThat(error).isEqualTo("io_error");
        assertThat(f.get("message").asText()).contains("Dangling symbolic link");
      } else {
        assertThat(path).endsWith("pipe.wav");
        assertThat(error).isEqualTo("io_error");
        assertThat(f.get("message").asText()).contains("FIFO");
      }
    }
  }

  @Test
  void trainStatusRankJson_withADamagedManifest_logOnStderr_andStdoutIsOnlyJson() throws Exception {
    Path music = work.resolve("music");
    List<DemoLibrary.Track> tracks = DemoLibrary.write(music, 1, 3, 22050, 4);
    Path lib = work.resolve("lib");
    Forked scan = scanJson(lib, music);
    assertThat(scan.exit()).as(scan.err()).isZero();
    // A damaged model manifest: the trainer logs a WARN about it, on stderr.
    Path manifest =
        Files.createDirectories(lib.resolve("models").resolve("selection"))
            .resolve("manifest.json");
    Files.writeString(manifest, "{\"garbage");
    Forked train = fork("--library", lib.toString(), "train", "--json");
    assertThat(train.lines()).as(train.out()).isNotEmpty();
    assertThat(train.err()).contains("manifest");
    Forked status = fork("--library", lib.toString(), "status", "--json");
    assertThat(status.exit()).as("a damaged model is a failure").isEqualTo(1);
    assertThat(status.lines()).hasSize(1);
    assertThat(status.lines().get(0).get("model").asText()).isEqualTo("damaged");
    assertThat(status.lines().get(0).get("modelProblem").asText()).contains("manifest");
    assertThat(status.lines().get(0).get("featureRows").asInt()).isEqualTo(tracks.size());
    Forked rank = fork("--library", lib.toString(), "rank", "--json");
    assertThat(rank.exit()).isEqualTo(1);
    assertThat(rank.err()).contains("model_load_failed");
  }

  @Test
  void demoJson_printsOnlyJsonRows_andStatusReportsReadyThenAMissingModelFile() throws Exception {
    Path lib = work.resolve("lib");
    Forked fresh = fork("--library", lib.toString(), "status", "--json");
    assertThat(fresh.exit()).isZero();
    assertThat(fresh.lines().get(0).get("model").asText()).isEqualTo("not_trained");
    assertThat(fresh.lines().get(0).has("modelProblem")).isFalse();

    Forked demo =
        fork(
            "demo",
            "--library",
            lib.toString(),
            "--json",
            "--per-style",
            "6",
            "--held-out",
            "2",
            "--seconds",
            "6");
    assertThat(demo.exit()).as(demo.err()).isZero();
    assertThat(demo.lines()).as("the ranked rows").hasSizeGreaterThanOrEqualTo(10);
    assertThat(demo.err()).contains("Analysed");
    Forked ready = fork("--library", lib.toString(), "status", "--json");
    assertThat(ready.exit()).isZero();
    assertThat(ready.lines().get(0).get("model").asText()).isEqualTo("ready");

    // The model file the manifest names is gone (deleted, or a copy that missed it).
    Path dir = lib.resolve("models").resolve("selection");
    try (var files = Files.list(dir)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".ubj")).toList()) {
        Files.delete(f);
      }
    }
    Forked missing = fork("--library", lib.toString(), "status");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.out()).contains("model: damaged").contains("missing");
  }

  @Test
  void scanJson_onAFullDisk_saysDiskFull_inJsonLines_andExits1() throws Exception {
    SmallDisk disk = SmallDisk.mountOrSkip(work.resolve("tmpfs"), "16m", "CliMachineOutputTest");
    Path lib = disk.root();
    try {
      Path music = work.resolve("music");
      DemoLibrary.write(music, 1, 4, 22050, 5);
      assertThat(fork("--library", lib.toString(), "status", "--json").exit()).isZero();
      SmallDisk.fill(lib.resolve("filler"));
      Forked scan = scanJson(lib, music);
      assertThat(scan.exit()).as(scan.err()).isEqualTo(1);
      if (scan.lines().isEmpty()) {
        // SQLite could not even map the WAL's shared memory: the engine did not open.
        assertThat(scan.err()).startsWith("error: db_error: ").contains("disk full");
      } else {
        JsonNode summary = scan.lines().get(scan.lines().size() - 1);
        assertThat(summary.get("failed").asInt()).isPositive();
        assertThat(scan.lines().get(0).get("error").asText()).isEqualTo("db_error");
        assertThat(scan.lines().get(0).get("message").asText()).startsWith("Disk full");
        assertThat(scan.err()).contains("Disk full");
      }
      Files.delete(lib.resolve("filler"));
      Forked again = scanJson(lib, music);
      assertThat(again.exit()).as(again.err()).isZero();
      assertThat(again.lines()).hasSize(1);
      assertThat(again.lines().get(0).get("failed").asInt()).isZero();
      assertThat(again.lines().get(0).get("extracted").asInt()).isEqualTo(5);
    } finally {
      disk.close();
    }
  }

  @Test
  void sigtermAndSigint_duringScanJson_stillPrintTheSummary_withCancelled() throws Exception {
    Path music = work.resolve("music");
    DemoLibrary.write(music, 8, 30, 22050, 7); // 40 tracks of 30 s: a scan of several seconds
    for (String signal : List.of("TERM", "INT")) {
      // A library per signal: its features.db appears once the hook is in place and the scan runs.
      Path lib = work.resolve("lib-" + signal);
      Process p = start(scanArgs(lib, music));
      Path db = lib.resolve("features.db");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      // Well into the scan: its first commit (every 2 s at most) is in features.db.
      while (committedSongs(db) == 0 && p.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(p.isAlive()).as("the scan still runs when SIG%s is sent", signal).isTrue();
      assertThat(AudioFixtures.tryRun("kill", "-" + signal, Long.toString(p.pid()))).isTrue();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("SIG%s ends the scan", signal).isTrue();
      Forked r = finish(p);
      assertThat(r.exit()).as(r.err()).isEqualTo(signal.equals("INT") ? 130 : 143);
      assertThat(r.lines()).as("SIG%s: stdout %s stderr %s", signal, r.out(), r.err()).isNotEmpty();
      JsonNode summary = r.lines().get(r.lines().size() - 1);
      assertThat(summary.get("cancelled").asBoolean()).as(r.out()).isTrue();
      assertThat(summary.get("total").asInt()).isEqualTo(40);
      assertThat(summary.get("extracted").asInt() + summary.get("skipped").asInt()).isLessThan(40);
    }
  }

  /** Songs committed to {@code db} so far, read as another process would (0 before it exists). */
  private static long committedSongs(Path db) {
    if (!Files.exists(db)) {
      return 0;
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM song_features")) {
      return rs.next() ? rs.getLong(1) : 0;
    } catch (SQLException e) {
      return 0; // the schema is still being created
    }
  }
}
