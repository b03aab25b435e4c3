package dev.selection.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selection.api.TrainingMetrics;
import dev.selection.cli.LabelStatusCommandTest.Run;
import dev.selection.core.samples.DemoLibrary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line behaves as the README states it (issue 12 item 12), bad cases included. */
class CliBehaviourTest {
  @TempDir Path root;
  @TempDir Path music;

  private static Run run(String... args) {
    return LabelStatusCommandTest.run(args);
  }

  private static List<JsonNode> jsonLines(String out) throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.strip().split("\n")) {
      lines.add(Json.mapper().readTree(line));
    }
    return lines;
  }

  @Test
  void bareSelection_isAUsageError() {
    Run r = run();
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("Missing required command").contains("Usage: selection");
  }

  @Test
  void scan_withoutAFolder_orWithAMissingOne_isAUsageError_andScansNothing() throws Exception {
    assertThat(run("--library", root.toString(), "scan").exit()).isEqualTo(2);
    Path good = DemoLibrary.write(music, 1, 4, 22_050, 3).get(0).path();
    Run r =
        run(
            "--library",
            root.toString(),
            "scan",
            "--no-progress",
            "--no-embeddings",
            good.toString(),
            music.resolve("no-such-folder").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("No such file or folder").contains("no-such-folder");
    Run status = run("status", "--library", root.toString(), "--json");
    assertThat(Json.mapper().readTree(status.out().strip()).get("featureRows").asInt()).isZero();
  }

  @Test
  void scan_exitsOneWhenAFileFailed_zeroWhenAllSucceeded_andFailuresListsThem() throws Exception {
    List<DemoLibrary.Track> tracks = DemoLibrary.write(music.resolve("ok"), 1, 4, 22_050, 4);
    Run ok =
        run(
            "--library",
            root.toString(),
            "scan",
            "--no-progress",
            "--no-embeddings",
            music.resolve("ok").toString());
    assertThat(ok.exit()).as(ok.err()).isZero();

    Path broken =
        Files.write(
            music.resolve("broken.wav"),
            "RIFF\0\0\0\0WAVEjunk".getBytes(StandardCharsets.US_ASCII));
    Run failed =
        run(
            "--library",
            root.toString(),
            "scan",
            "--no-progress",
            "--no-embeddings",
            music.toString());
    assertThat(failed.exit()).as(failed.err()).isEqualTo(1);
    assertThat(failed.out()).contains(tracks.size() + 1 + " files:").contains("1 failed");

    Run list = run("failures", "--library", root.toString(), "--json");
    assertThat(list.exit()).isZero();
    List<JsonNode> lines = jsonLines(list.out());
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).get("path").asText()).endsWith("broken.wav");
    assertThat(lines.get(0).get("error").asText()).isEqualTo("corrupt_audio");
    assertThat(lines.get(0).get("message").asText()).isNotEmpty();
    assertThat(lines.get(0).get("at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    Run text = run("failures", "--library", root.toString());
    assertThat(text.out()).contains(broken.getFileName().toString(), "1 failed file(s)");
  }

  @Test
  void noHelpText_triggersAPicocliWarning() {
    PrintStream saved = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    List<String> helps = new ArrayList<>();
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      CommandLine cl = Main.commandLine();
      helps.add(cl.getUsageMessage());
      for (CommandLine sub : cl.getSubcommands().values()) {
        helps.add(sub.getUsageMessage());
      }
    } finally {
      System.setErr(saved);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
    assertThat(String.join("\n", helps))
        .contains("latest 20% of labels held out")
        .doesNotContain("%n");
  }

  @Test
  void fingerprint_json_printsOneObjectPerFile_andErrorsAsObjects() throws Exception {
    Path good = DemoLibrary.write(music, 1, 6, 22_050, 5).get(0).path();
    Path garbage = Files.write(music.resolve("garbage.wav"), new byte[] {1, 2, 3, 4, 5});
    Run r = run("fingerprint", "--json", good.toString(), garbage.toString());
    assertThat(r.exit()).isEqualTo(2);
    List<JsonNode> lines = jsonLines(r.out());
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).get("path").asText()).isEqualTo(good.toString());
    assertThat(lines.get(0).get("duration").asDouble()).isBetween(5.9, 6.1);
    assertThat(lines.get(0).get("fingerprint").asText()).startsWith("AQAA");
    assertThat(lines.get(1).get("error").asText()).isNotEmpty();
    Run raw = run("fingerprint", "--json", "--raw", good.toString());
    assertThat(jsonLines(raw.out()).get(0).get("fingerprint").isArray()).isTrue();
  }

  @Test
  void metricTable_isSortedByCutoffNumerically_andNamesTheSplit() {
    Map<String, Double> m = new LinkedHashMap<>();
    for (String n : new String[] {"ndcg@100", "ndcg@50", "ndcg@10", "ndcg@20", "roc_auc"}) {
      m.put(n, 0.5);
    }
    StringWriter s = new StringWriter();
    EvalCommand.printTable(
        new PrintWriter(s, true), new TrainingMetrics(20, 80, 9, m, m, "stratified 5-fold"));
    String table = s.toString();
    assertThat(table).contains("held out: stratified 5-fold");
    assertThat(table.indexOf("ndcg@10 ")).isLessThan(table.indexOf("ndcg@20 "));
    assertThat(table.indexOf("ndcg@20 ")).isLessThan(table.indexOf("ndcg@50 "));
    assertThat(table.indexOf("ndcg@50 ")).isLessThan(table.indexOf("ndcg@100 "));
  }

  @Test
  void json_hasNoFloatNoise() throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("widened", (double) 0.9f);
    m.put("sum", 0.1 + 0.2);
    m.put("nested", Map.of("x", (double) 0.3f));
    m.put("vector", new float[] {0.1f});
    String line = Json.line(m);
    assertThat(line)
        .isEqualTo("{\"widened\":0.9,\"sum\":0.3,\"nested\":{\"x\":0.3},\"vector\":[0.1]}");
    JsonNode tree = Json.mapper().createObjectNode().put("score", (double) 0.7f);
    assertThat(Json.mapper().writeValueAsString(tree)).isEqualTo("{\"score\":0.7}");
  }

  @Test
  void label_ofAFileNotInTheLibrary_saysSo() throws Exception {
    Path track = DemoLibrary.write(music, 1, 4, 22_050, 6).get(0).path();
    Run r = run("--library", root.toString(), "label", "like", track.toString());
    assertThat(r.exit()).isZero();
    assertThat(r.err()).contains("is not in the library");
    Run j = run("--library", root.toString(), "label", "like", track.toString(), "--json");
    assertThat(jsonLines(j.out()).get(0).get("notInLibrary").get(0).asText())
        .isEqualTo(track.toString());

    run("--library", root.toString(), "scan", "--no-progress", "--no-embeddings", music.toString());
    Run scanned = run("--library", root.toString(), "label", "dislike", track.toString());
    assertThat(scanned.err()).doesNotContain("not in the library");
  }

  @Test
  void libraryNamedLikeACommand_parsesAsAFolder() {
    CommandLine cl = Main.commandLine();
    CommandLine.ParseResult p = cl.parseArgs("--library", "demo", "status");
    assertThat(((Main) cl.getCommand()).library).isEqualTo(Path.of("demo"));
    assertThat(p.subcommand().commandSpec().name()).isEqualTo("status");
  }

  @Test
  void eval_withTooFewLabels_reportsInsufficientSamplesWithTheCountsNeeded() throws Exception {
    run("--library", root.toString(), "label", "like", LabelStatusCommandTest.id(1));
    Run r = run("--library", root.toString(), "eval", "--json");
    assertThat(r.exit()).isEqualTo(1);
    JsonNode j = Json.mapper().readTree(r.out().strip());
    assertThat(j.get("status").asText()).isEqualTo("insufficient_samples");
    assertThat(j.get("liked").asInt()).isEqualTo(1);
    assertThat(j.get("minPositives").asInt()).isEqualTo(20);
    assertThat(j.get("negativeRatio").asDouble()).isEqualTo(4.0);
    assertThat(j.get("message").asText()).contains("need >= 20 liked");
    Run text = run("--library", root.toString(), "eval");
    assertThat(text.out()).startsWith("insufficient_samples: ").contains("need >= 20 liked");
  }

  @Test
  void excludeFeatures_parsesGroupNames_andAnUnknownOneIsAUsageError() {
    CommandLine cl = Main.commandLine();
    CommandLine.ParseResult p =
        cl.parseArgs("train", "--library", "x", "--exclude-features", "bitrate,metadata");
    TrainCommand train = (TrainCommand) p.subcommand().commandSpec().userObject();
    assertThat(train.training.excluded)
        .containsExactly(
            dev.selection.api.FeatureGroup.BITRATE, dev.selection.api.FeatureGroup.METADATA);
    Run r = run("--library", root.toString(), "train", "--exclude-features", "codec");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("Unknown feature group: codec", "bitrate, duration, metadata");
  }
}
