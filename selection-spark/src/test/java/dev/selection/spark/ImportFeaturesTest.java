package dev.selection.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selection.api.CancellationToken;
import dev.selection.api.Embedding;
import dev.selection.api.ExtractOptions;
import dev.selection.api.ExtractionReport;
import dev.selection.api.Label;
import dev.selection.api.PredictResult;
import dev.selection.api.PredictStatus;
import dev.selection.api.ProgressListener;
import dev.selection.api.ScoredSong;
import dev.selection.api.SelectionEngine;
import dev.selection.api.SongFeatures;
import dev.selection.api.TrainStatus;
import dev.selection.core.samples.DemoLibrary;
import dev.selection.core.samples.DemoStyle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Import into a library: a library filled from the job ranks exactly like one scanned locally, a
 * later scan skips the imported files, an output of a newer SDK is refused and left untouched, and
 * the built-in embedding comes out of the job as a local scan stores it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportFeaturesTest {
  @TempDir static Path tmp;
  SparkSession spark;

  @BeforeAll
  void setUp() {
    SparkTests.assumeSparkRuns();
    spark = SparkTests.spark();
  }

  static int run(boolean analyze, StringBuilder stdout, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true);
    PrintStream e = new PrintStream(err, true);
    int code =
        analyze
            ? Analyze.run(args, SparkTests.spark(), o, e)
            : ImportFeatures.run(args, SparkTests.spark(), o, e);
    stdout
        .append(out.toString(StandardCharsets.UTF_8))
        .append(err.toString(StandardCharsets.UTF_8));
    return code;
  }

  static JsonNode json(StringBuilder s) throws IOException {
    return new ObjectMapper()
        .readTree(s.toString().strip().lines().reduce((a, b) -> b).orElseThrow());
  }

  static SelectionEngine open(Path root) throws IOException {
    return SelectionEngine.builder(Files.createDirectories(root))
        .minPositives(3)
        .autoTrain(false, 20, Duration.ofSeconds(8))
        .build();
  }

  @Test
  void importThenRank_givesTheScoresOfALocalScan_andALaterScanSkipsEveryFile() throws Exception {
    Path cluster = tmp.resolve("cluster");
    List<DemoLibrary.Track> tracks = DemoLibrary.write(cluster, 5, 6, 22050, 21);
    // The library sees the same files under another root (same bytes and mtimes).
    Path local = tmp.resolve("local");
    List<Path> files = new ArrayList<>();
    for (DemoLibrary.Track t : tracks) {
      Path to = local.resolve(cluster.relativize(t.path()));
      Files.createDirectories(to.getParent());
      files.add(Files.copy(t.path(), to, StandardCopyOption.COPY_ATTRIBUTES));
    }
    Path output = tmp.resolve("out-rank");
    StringBuilder s = new StringBuilder();
    assertThat(
            run(
                true,
                s,
                "--input",
                cluster.toString(),
                "--output",
                output.toString(),
                "--no-embeddings"))
        .as(s.toString())
        .isZero();

    s.setLength(0);
    String prefix = cluster.toRealPath() + "=" + local.toRealPath();
    Path libImported = tmp.resolve("lib-imported");
    assertThat(
            run(
                false,
                s,
                "--parquet",
                output.toString(),
                "--library",
                libImported.toString(),
                "--path-prefix",
                prefix))
        .as(s.toString())
        .isZero();
    JsonNode imported = json(s);
    assertThat(imported.get("imported").asInt()).isEqualTo(files.size());
    assertThat(imported.get("unmapped").asInt()).isZero();

    ExtractOptions noEmbeddings = new ExtractOptions(false, false, 32, false);
    Map<String, Double> scoresImported;
    Map<String, Double> scoresScanned;
    try (SelectionEngine a = open(libImported)) {
      ExtractionReport later =
          a.extractFeatures(files, noEmbeddings, p -> {}, new CancellationToken());
      assertThat(later.skipped()).isEqualTo(files.size());
      assertThat(later.extracted()).isZero();
      scoresImported = trainAndRank(a, tracks, files);
    }
    try (SelectionEngine b = open(tmp.resolve("lib-scanned"))) {
      ExtractionReport scan =
          b.extractFeatures(files, noEmbeddings, p -> {}, new CancellationToken());
      assertThat(scan.extracted()).isEqualTo(files.size());
      scoresScanned = trainAndRank(b, tracks, files);
    }
    assertThat(scoresImported).hasSize(files.size() - 15);
    assertThat(scoresImported).isEqualTo(scoresScanned);

    s.setLength(0);
    assertThat(
            run(
                false,
                s,
                "--parquet",
                output.toString(),
                "--library",
                libImported.toString(),
                "--path-prefix",
                prefix))
        .isZero();
    assertThat(json(s).get("skipped").asInt()).isEqualTo(files.size());
  }

  /** Likes 3 techno tracks, dislikes 3 of every other style, ranks the rest. */
  static Map<String, Double> trainAndRank(
      SelectionEngine e, List<DemoLibrary.Track> tracks, List<Path> files) {
    List<Path> liked = new ArrayList<>();
    List<Path> disliked = new ArrayList<>();
    List<Path> rest = new ArrayList<>();
    for (int i = 0; i < tracks.size(); i++) {
      DemoLibrary.Track t = tracks.get(i);
      if (t.index() <= 3) {
        (t.style() == DemoStyle.TECHNO ? liked : disliked).add(files.get(i));
      } else {
        rest.add(files.get(i));
      }
    }
    e.setLabelsForFilePaths(liked, Label.LIKED);
    e.setLabelsForFilePaths(disliked, Label.DISLIKED);
    assertThat(e.train(ProgressListener.NONE, new CancellationToken()).status())
        .isEqualTo(TrainStatus.TRAINED);
    PredictResult r = e.predictForFilePaths(rest, rest.size());
    assertThat(r.status()).isEqualTo(PredictStatus.OK);
    Map<String, Double> scores = new TreeMap<>();
    for (ScoredSong x : r.items()) {
      scores.put(x.songId(), x.score());
    }
    return scores;
  }

  @Test
  void anOutputOfANewerSdk_isRefusedByImportAndAnalyze_andLeftUntouched() throws Exception {
    Path output = Files.createDirectories(tmp.resolve("out-newer"));
    Files.writeString(
        output.resolve(OutputDirectory.MANIFEST),
        "{\"format\":\"selection-features\",\"formatVersion\":"
            + (FeatureSchema.FORMAT_VERSION + 1)
            + ",\"writtenBy\":\"selection-spark 9.0\"}");
    Files.write(output.resolve("part-future-00000.parquet"), new byte[] {1, 2, 3});
    Files.createDirectories(output.resolve(OutputDirectory.ATTEMPTS));
    Map<String, String> before = snapshot(output);
    Path library = tmp.resolve("lib-never");
    StringBuilder s = new StringBuilder();
    assertThat(run(false, s, "--parquet", output.toString(), "--library", library.toString()))
        .isEqualTo(1);
    assertThat(s.toString()).contains("newer SDK");
    assertThat(library).doesNotExist();
    s.setLength(0);
    Path music = Files.createDirectories(tmp.resolve("empty-music"));
    assertThat(run(true, s, "--input", music.toString(), "--output", output.toString()))
        .isEqualTo(1);
    assertThat(s.toString()).contains("newer SDK");
    assertThat(snapshot(output)).isEqualTo(before);
  }

  static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        m.put(
            dir.relativize(p).toString(),
            Files.isDirectory(p) ? "dir" : java.util.Arrays.toString(Files.readAllBytes(p)));
      }
    }
    return m;
  }

  @Test
  void theBuiltInEmbedding_comesOutAsALocalScanStoresIt() throws Exception {
    Path music = tmp.resolve("embed-music");
    List<Path> files = new ArrayList<>();
    for (DemoLibrary.Track t : DemoLibrary.write(music, 1, 10, 22050, 5).subList(0, 2)) {
      files.add(t.path());
    }
    Path list =
        Files.write(tmp.resolve("embed-list.txt"), files.stream().map(Path::toString).toList());
    Path output = tmp.resolve("out-embed");
    StringBuilder s = new StringBuilder();
    assertThat(run(true, s, "--input", list.toString(), "--output", output.toString()))
        .as(s.toString())
        .isZero();
    assertThat(json(s).get("extracted").asInt()).isEqualTo(2);
    List<String> parts =
        OutputDirectory.of(output.toString(), spark.sparkContext().hadoopConfiguration())
            .committedFiles();
    List<Row> rows =
        spark
            .read()
            .schema(FeatureSchema.SCHEMA)
            .parquet(parts.toArray(new String[0]))
            .collectAsList();
    try (SelectionEngine e = open(tmp.resolve("lib-embed"))) {
      e.extractFeatures(files, ExtractOptions.DEFAULTS, p -> {}, new CancellationToken());
      for (Row r : rows) {
        SongFeatures spark = FeatureSchema.features(r);
        SongFeatures local = e.getSongFeatures(spark.songId()).orElseThrow();
        Embedding a = spark.embedding(SongFeatures.EFFICIENTAT).orElseThrow();
        Embedding b = local.embedding(SongFeatures.EFFICIENTAT).orElseThrow();
        assertThat(a.dimension()).isEqualTo(768);
        assertThat(a.modelVersion()).isEqualTo(b.modelVersion());
        assertThat(spark.extractorVersions()).isEqualTo(local.extractorVersions());
        float[] va = a.vector();
        float[] vb = b.vector();
        for (int i = 0; i < va.length; i++) {
          assertThat((double) va[i]).isCloseTo(vb[i], within(1e-6));
        }
        float[] ta = a.tags();
        float[] tb = b.tags();
        assertThat(ta).hasSameSizeAs(tb);
        for (int i = 0; i < ta.length; i++) {
          assertThat((double) ta[i]).isCloseTo(tb[i], within(1e-6));
        }
        SongFeatures.Builder noEmbedding =
            spark.toBuilder().embedding(SongFeatures.EFFICIENTAT, null);
        assertThat(noEmbedding.build())
            .isEqualTo(
                local.toBuilder()
                    .updatedAt(null)
                    .embedding(SongFeatures.EFFICIENTAT, null)
                    .build());
      }
    }
  }
}
