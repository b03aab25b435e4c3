package dev.selection.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LabelStatusCommandTest {
  @TempDir Path root;

  static String id(int n) {
    return String.format("%064x", n);
  }

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
  void labelThenStatus_json_reportsCounts() throws Exception {
    Run like = run("--library", root.toString(), "label", "like", id(1), id(2), "--json");
    assertThat(like.exit()).isZero();
    JsonNode l = Json.mapper().readTree(like.out().strip());
    assertThat(l.get("total").asInt()).isEqualTo(2);
    assertThat(l.get("changed").asInt()).isEqualTo(2);
    assertThat(l.get("sampleChangeCount").asLong()).isEqualTo(2);
    assertThat(l.get("sampleChangeDelta").asInt()).isEqualTo(2);

    assertThat(run("label", "--library", root.toString(), "dislike", id(3)).exit()).isZero();
    assertThat(run("label", "--library", root.toString(), "clear", id(2)).exit()).isZero();

    Run status = run("status", "--library", root.toString(), "--json");
    assertThat(status.exit()).isZero();
    String[] lines = status.out().strip().split("\n");
    assertThat(lines).hasSize(1);
    JsonNode s = Json.mapper().readTree(lines[0]);
    assertThat(s.get("liked").asLong()).isEqualTo(1);
    assertThat(s.get("disliked").asLong()).isEqualTo(1);
    assertThat(s.get("sampleChangeCount").asLong()).isEqualTo(4);
    assertThat(s.get("modelRevision").asLong()).isZero();
    assertThat(s.get("featureRows").asLong()).isZero();
  }

  @Test
  void status_text_namesEveryField() {
    Run status = run("--library", root.toString(), "status");
    assertThat(status.exit()).isZero();
    assertThat(status.out())
        .contains(
            "liked: 0",
            "disliked: 0",
            "sampleChangeCount: 0",
            "modelRevision: 0",
            "featureRows: 0");
  }

  @Test
  void unknownLabelWord_isAUsageError_andWritesNothing() {
    Run bad = run("--library", root.toString(), "label", "love", id(1));
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("like, dislike or clear");
    assertThat(run("--library", root.toString(), "status").out()).contains("liked: 0");
  }

  @Test
  void newLibrary_isCreated_butALibraryUnderAFileIsADbError() throws Exception {
    Run r = run("--library", root.resolve("new/lib").toString(), "status");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(java.nio.file.Files.isDirectory(root.resolve("new/lib"))).isTrue();
    java.nio.file.Files.writeString(root.resolve("nope"), "a file");
    Run bad = run("--library", root.resolve("nope/lib").toString(), "status");
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err()).contains("db_error").contains("nope");
  }

  @Test
  void version_printsTheProjectVersion() {
    Run r = run("--version");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("selection ").doesNotContain("${");
  }
}
