package dev.selection.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selection.api.CancellationToken;
import dev.selection.api.ExtractOptions;
import dev.selection.api.ExtractionReport;
import dev.selection.api.SelectionEngine;
import dev.selection.api.SongFeatures;
import dev.selection.core.samples.DemoLibrary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on a real {@code local[2]} session: rows equal the local engine's features, failures are
 * rows, a rerun skips everything, a moved file is found by its hash, a task whose first attempt
 * dies (before or after its commit) leaves no duplicate or half row.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyzeJobTest {
  @TempDir static Path tmp;
  Path music;
  Path listFile;
  List<Path> songs = new ArrayList<>();
  SparkSession spark;

  @BeforeAll
  void setUp() throws IOException {
    SparkTests.assumeSparkRuns();
    spark = SparkTests.spark();
    music = tmp.resolve("music");
    for (DemoLibrary.Track t : DemoLibrary.write(music, 3, 6, 22050, 7)) {
      songs.add(t.path());
    }
    byte[] noise = new byte[20_000];
    new Random(1).nextBytes(noise);
    Path bad = Files.createDirectories(tmp.resolve("bad"));
    Files.write(bad.resolve("corrupt.flac"), withHeader("fLaC", noise));
    Files.write(bad.resolve("text.mp3"), "not audio at all".getBytes(StandardCharsets.UTF_8));
    Files.createDirectories(bad.resolve("folder.wav"));
    listFile = tmp.resolve("bad-files.txt");
    Files.writeString(
        listFile,
        "# files named one per line\n"
            + bad.resolve("corrupt.flac")
            + "\n"
            + bad.resolve("text.mp3")
            + "\n"
            + bad.resolve("folder.wav")
            + "\n\n"
            + bad.resolve("vanished.wav")
            + "\n");
  }

  static byte[] withHeader(String magic, byte[] body) {
    byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[m.length + body.length];
    System.arraycopy(m, 0, out, 0, m.length);
    System.arraycopy(body, 0, out, m.length, body.length);
    return out;
  }

  JsonNode analyze(String... args) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Analyze.run(args, spark, new PrintStream(out, true), new PrintStream(err, true));
    assertThat(code).as(err.toString()).isZero();
    String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
    assertThat(lines).hasSize(1);
    return new ObjectMapper().readTree(lines[0]);
  }

  List<Row> rows(Path output) throws IOException {
    List<String> files =
        OutputDirectory.of(output.toString(), spark.sparkContext().hadoopConfiguration())
            .committedFiles();
    return spark
        .read()
        .schema(FeatureSchema.SCHEMA)
        .parquet(files.toArray(new String[0]))
        .collectAsList();
  }

  static Map<String, Row> byPath(List<Row> rows) {
    Map<String, Row> m = new HashMap<>();
    for (Row r : rows) {
      Row old = m.put(r.getString(FeatureSchema.col("path")), r);
      assertThat(old).as("one row per path: " + r.getString(1)).isNull();
    }
    return m;
  }

  static SongFeatures withoutTime(SongFeatures f) {
    return f.toBuilder().updatedAt(null).build();
  }

  @Test
  void analyze_rowsEqualALocalScan_failuresAreRows_andARerunSkipsEverything() throws Exception {
    Path output = tmp.resolve("out-main");
    JsonNode s =
        analyze(
            "--input",
            music.toUri().toString(),
            "--input",
            listFile.toString(),
            "--output",
            output.toString(),
            "--no-embeddings");
    int bad = 4;
    assertThat(s.get("total").asLong()).isEqualTo(songs.size() + bad);
    assertThat(s.get("extracted").asLong()).isEqualTo(songs.size());
    assertThat(s.get("failed").asLong()).isEqualTo(bad);
    assertThat(s.get("skipped").asLong()).isZero();

    Map<String, Row> rows = byPath(rows(output));
    assertThat(rows).hasSize(songs.size() + bad);
    Path bads = tmp.resolve("bad").toRealPath();
    assertThat(
            rows.get(bads.resolve("corrupt.flac").toString())
                .getString(FeatureSchema.col("errorCode")))
        .isIn("corrupt_audio", "unsupported_format");
    assertThat(
            rows.get(bads.resolve("text.mp3").toString()).getString(FeatureSchema.col("errorCode")))
        .isIn("unsupported_format", "corrupt_audio");
    Row dir = rows.get(bads.resolve("folder.wav").toString());
    assertThat(dir.getString(FeatureSchema.col("errorCode"))).isEqualTo("io_error");
    assertThat(dir.getString(FeatureSchema.col("errorMessage"))).contains("Not a regular file");
    Row gone = rows.get(bads.resolve("vanished.wav").toString());
    assertThat(gone.getString(FeatureSchema.col("errorCode"))).isEqualTo("io_error");
    assertThat(gone.getString(FeatureSchema.col("status"))).isEqualTo(FeatureSchema.FAILED);

    // The same files scanned by the local engine: the same features, value for value.
    try (SelectionEngine engine =
        SelectionEngine.builder(Files.createDirectories(tmp.resolve("lib-main")))
            .embeddings(false)
            .autoTrain(false, 20, Duration.ofSeconds(8))
            .build()) {
      ExtractionReport r =
          engine.extractFeatures(songs, ExtractOptions.DEFAULTS, p -> {}, new CancellationToken());
      assertThat(r.extracted()).isEqualTo(songs.size());
      for (Path song : songs) {
        Row row = rows.get(song.toRealPath().toString());
        assertThat(row).as(song.toString()).isNotNull();
        SongFeatures fromSpark = FeatureSchema.features(row);
        SongFeatures local =
            withoutTime(engine.getSongFeatures(engine.songIdFor(song)).orElseThrow());
        assertThat(fromSpark).isEqualTo(local);
        assertThat(row.getLong(FeatureSchema.col("sizeBytes"))).isEqualTo(Files.size(song));
        assertThat(row.getLong(FeatureSchema.col("mtimeMs")))
            .isEqualTo(Files.getLastModifiedTime(song).toMillis());
      }
    }

    long parts = countParts(output);
    JsonNode again =
        analyze(
            "--input",
            music.toString(),
            "--input",
            listFile.toString(),
            "--output",
            output.toString(),
            "--no-embeddings");
    assertThat(again.get("extracted").asLong()).isZero();
    assertThat(again.get("skipped").asLong()).isEqualTo(songs.size());
    assertThat(again.get("failed").asLong()).isEqualTo(bad);
    assertThat(countParts(output)).isEqualTo(parts);
    assertThat(rows(output)).hasSize(songs.size() + bad);
  }

  @Test
  void rerun_findsAMovedFileByItsHash_andCopiesItsRow() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("moving"));
    Path a = Files.copy(songs.get(0), dir.resolve("a.wav"));
    Files.copy(songs.get(1), dir.resolve("b.wav"));
    Path output = tmp.resolve("out-moved");
    analyze("--input", dir.toString(), "--output", output.toString(), "--no-embeddings");
    Path moved = Files.move(a, dir.resolve("renamed.wav"));
    Files.setLastModifiedTime(moved, java.nio.file.attribute.FileTime.fromMillis(1_000_000));
    JsonNode s =
        analyze("--input", dir.toString(), "--output", output.toString(), "--no-embeddings");
    assertThat(s.get("total").asLong()).isEqualTo(2);
    assertThat(s.get("extracted").asLong()).isZero();
    assertThat(s.get("skipped").asLong()).isEqualTo(2);
    Map<String, Row> rows = byPath(rows(output));
    Row copy = rows.get(moved.toRealPath().toString());
    Row original = rows.get(dir.toRealPath().resolve("a.wav").toString());
    assertThat(copy.getLong(FeatureSchema.col("mtimeMs"))).isEqualTo(1_000_000);
    assertThat(FeatureSchema.features(copy)).isEqualTo(FeatureSchema.features(original));
  }

  @Test
  void aTaskWhoseFirstAttemptDies_isRetried_withoutDuplicateOrHalfRows() throws Exception {
    Path output = tmp.resolve("out-retry");
    AnalyzeOptions o =
        new AnalyzeOptions(
            List.of(music.toString()),
            output.toString(),
            3,
            false,
            Map.of(0, AnalyzeTask.FailPoint.AFTER_COMMIT, 1, AnalyzeTask.FailPoint.MID_WRITE));
    AnalyzeSummary s = AnalyzeJob.run(spark, o);
    assertThat(s.extracted()).isEqualTo(songs.size());
    assertThat(s.failed()).isZero();
    List<Row> rows = rows(output);
    assertThat(byPath(rows)).hasSize(songs.size());
    assertThat(rows).allMatch(FeatureSchema::isAnalysed);
    assertThat(countParts(output)).isEqualTo(3);
    // The half-written attempt stays aside, invisible to readers, until the next run clears it.
    assertThat(Files.list(output.resolve(OutputDirectory.ATTEMPTS)).count()).isPositive();
    assertThat(spark.read().schema(FeatureSchema.SCHEMA).parquet(output.toString()).count())
        .isEqualTo(songs.size());
    JsonNode again =
        analyze("--input", music.toString(), "--output", output.toString(), "--no-embeddings");
    assertThat(again.get("skipped").asLong()).isEqualTo(songs.size());
    assertThat(output.resolve(OutputDirectory.ATTEMPTS)).doesNotExist();
  }

  @Test
  void aFileThatChangesDuringTheJob_isAFailureRow_retriedByTheNextRun() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("changing"));
    Path growing = Files.copy(songs.get(2), dir.resolve("growing.wav"));
    Path output = tmp.resolve("out-changing");
    Thread writer =
        new Thread(
            () -> {
              try {
                while (!Thread.currentThread().isInterrupted()) {
                  Files.write(growing, new byte[64], java.nio.file.StandardOpenOption.APPEND);
                  Thread.sleep(2);
                }
              } catch (IOException | InterruptedException e) {
                // stop
              }
            });
    writer.start();
    JsonNode s;
    try {
      s = analyze("--input", dir.toString(), "--output", output.toString(), "--no-embeddings");
    } finally {
      writer.interrupt();
      writer.join();
    }
    assertThat(s.get("failed").asLong()).isEqualTo(1);
    Row row = byPath(rows(output)).get(growing.toRealPath().toString());
    assertThat(row.getString(FeatureSchema.col("errorCode"))).isEqualTo("io_error");
    assertThat(row.getString(FeatureSchema.col("errorMessage"))).contains("changed");
    JsonNode again =
        analyze("--input", dir.toString(), "--output", output.toString(), "--no-embeddings");
    assertThat(again.get("extracted").asLong()).isEqualTo(1);
  }

  @Test
  void filesBehindAnotherFileSystem_areCopiedToTheExecutor_andNamedByUri() throws Exception {
    spark
        .sparkContext()
        .hadoopConfiguration()
        .set("fs.testfs.impl", SchemeFileSystem.class.getName());
    spark.sparkContext().hadoopConfiguration().setBoolean("fs.testfs.impl.disable.cache", true);
    Path dir = Files.createDirectories(tmp.resolve("remote"));
    Path song = Files.copy(songs.get(3), dir.resolve("remote song.wav"));
    Files.write(dir.resolve("broken.wav"), withHeader("RIFF", new byte[100]));
    Path output = tmp.resolve("out-remote");
    JsonNode s =
        analyze(
            "--input",
            "testfs://" + dir.toRealPath(),
            "--output",
            output.toString(),
            "--no-embeddings");
    assertThat(s.get("extracted").asLong()).isEqualTo(1);
    assertThat(s.get("failed").asLong()).isEqualTo(1);
    Map<String, Row> rows = byPath(rows(output));
    Row remote =
        rows.get(new org.apache.hadoop.fs.Path("testfs://" + song.toRealPath()).toString());
    assertThat(remote).as(rows.keySet().toString()).isNotNull();
    assertThat(remote.getLong(FeatureSchema.col("sizeBytes"))).isEqualTo(Files.size(song));
    assertThat(FeatureSchema.features(remote))
        .isEqualTo(
            ExecutorAnalyzers.get(false)
                .analyze(song, dev.selection.api.CancellationToken.none())
                .features());
    JsonNode again =
        analyze(
            "--input",
            "testfs://" + dir.toRealPath(),
            "--output",
            output.toString(),
            "--no-embeddings");
    assertThat(again.get("skipped").asLong()).isEqualTo(1);
    assertThat(again.get("failed").asLong()).isEqualTo(1);
    assertThat(again.get("extracted").asLong()).isZero();
  }

  @Test
  void anAudioFileGivenAsInput_isAnalysedItself() throws Exception {
    JsonNode s =
        analyze(
            "--input",
            songs.get(4).toString(),
            "--output",
            tmp.resolve("out-single").toString(),
            "--no-embeddings");
    assertThat(s.get("total").asLong()).isEqualTo(1);
    assertThat(s.get("extracted").asLong()).isEqualTo(1);
  }

  @Test
  void usageErrors_exitWith2() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(Analyze.run(new String[] {"--output"}, spark, System.out, new PrintStream(err)))
        .isEqualTo(2);
    assertThat(Analyze.run(new String[] {"--input", "x"}, spark, System.out, new PrintStream(err)))
        .isEqualTo(2);
    assertThat(err.toString()).contains("usage:");
  }

  static long countParts(Path output) throws IOException {
    try (Stream<Path> s = Files.list(output)) {
      return s.filter(p -> p.getFileName().toString().startsWith("part-")).count();
    }
  }
}
