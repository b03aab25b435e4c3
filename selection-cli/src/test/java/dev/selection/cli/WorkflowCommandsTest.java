package dev.selection.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selection.core.samples.DemoLibrary;
import dev.selection.core.samples.DemoStyle;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** demo, scan, label, train, eval, rank and explain through the command line. */
class WorkflowCommandsTest {
  @TempDir Path root;
  @TempDir Path music;

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void demo_ranksTheLikedStyleFirst() {
    Run r =
        run(
            "demo",
            "--library",
            root.toString(),
            "--per-style",
            "6",
            "--held-out",
            "2",
            "--seconds",
            "6");
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("Trained model revision 1", "Top 10 of the 10 held-out tracks");
    String firstRanked =
        r.out().lines().filter(l -> l.startsWith(" 1. ")).findFirst().orElseThrow();
    assertThat(firstRanked).contains("[Techno]");
    assertThat(r.out()).contains("nearest liked:", "top features:");
  }

  @Test
  void scanLabelTrainRankExplain_onALibraryFolder() throws Exception {
    List<DemoLibrary.Track> tracks = DemoLibrary.write(music, 6, 6, 22_050, 9);
    Files.write(music.resolve("cover.jpg"), new byte[] {1, 2, 3});
    Files.write(music.resolve("notes.bin"), new byte[] {1, 2, 3});
    String lib = root.toString();

    Run scan = run("--library", lib, "scan", music.toString(), "--json");
    assertThat(scan.exit()).as(scan.err()).isEqualTo(1); // notes.bin failed
    List<String> lines = scan.out().lines().toList();
    JsonNode summary = Json.mapper().readTree(lines.get(lines.size() - 1));
    assertThat(summary.get("extracted").asInt()).isEqualTo(tracks.size());
    assertThat(summary.get("failed").asInt()).isEqualTo(1); // notes.bin; cover.jpg is skipped
    assertThat(lines.get(0)).contains("notes.bin", "unsupported_format");

    List<String> liked = new ArrayList<>();
    List<String> disliked = new ArrayList<>();
    for (DemoLibrary.Track t : tracks) {
      if (t.index() <= 5) {
        (t.style() == DemoStyle.TECHNO ? liked : disliked).add(t.path().toString());
      }
    }
    List<String> args = new ArrayList<>(List.of("--library", lib, "label", "like"));
    args.addAll(liked);
    assertThat(run(args.toArray(String[]::new)).exit()).isZero();
    args = new ArrayList<>(List.of("--library", lib, "label", "dislike"));
    args.addAll(disliked);
    assertThat(run(args.toArray(String[]::new)).exit()).isZero();

    Run refused = run("--library", lib, "train", "--json");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.out()).contains("\"status\":\"insufficient_samples\"");

    Run train = run("--library", lib, "train", "--min-positives", "5", "--json");
    assertThat(train.exit()).as(train.out() + train.err()).isZero();
    JsonNode t = Json.mapper().readTree(train.out().strip());
    assertThat(t.get("status").asText()).isEqualTo("trained");
    assertThat(t.get("modelRevision").asLong()).isEqualTo(1);
    assertThat(t.get("metrics").has("roc_auc")).isTrue();
    assertThat(t.get("baseline").has("roc_auc")).isTrue();

    Run eval = run("--library", lib, "eval", "--min-positives", "5");
    assertThat(eval.exit()).as(eval.err()).isZero();
    assertThat(eval.out()).contains("roc_auc", "ndcg@10", "held out: ");

    Run rank = run("--library", lib, "rank", "--top", "3", "--json");
    assertThat(rank.exit()).as(rank.err()).isZero();
    List<JsonNode> rows = new ArrayList<>();
    for (String l : rank.out().strip().split("\n")) {
      rows.add(Json.mapper().readTree(l));
    }
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).get("rank").asInt()).isEqualTo(1);
    assertThat(rows.get(0).get("path").asText()).contains("techno");
    assertThat(rows.get(0).get("score").asDouble())
        .isGreaterThanOrEqualTo(rows.get(1).get("score").asDouble());

    Run explain = run("--library", lib, "explain", rows.get(0).get("path").asText());
    assertThat(explain.exit()).as(explain.err()).isZero();
    assertThat(explain.out())
        .contains("nearest liked songs:", "nearest disliked songs", "top feature contributions");

    Run status = run("--library", lib, "status", "--json");
    JsonNode s = Json.mapper().readTree(status.out().strip());
    assertThat(s.get("modelRevision").asLong()).isEqualTo(1);
    assertThat(s.get("featureRows").asLong()).isEqualTo(tracks.size());
    assertThat(s.get("failures").asLong()).isEqualTo(1);
  }
}
