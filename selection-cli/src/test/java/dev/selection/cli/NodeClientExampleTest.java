package dev.selection.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selection.core.samples.DemoLibrary;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Node client of docs/examples against a real {@code selection serve --stdio} process: the
 * published example works. Skipped, with the reason printed, where Node is not installed.
 */
class NodeClientExampleTest {
  @TempDir Path library;
  @TempDir Path music;
  @TempDir Path work;

  static String node() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      for (String name : List.of("node", "nodejs")) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p.toString();
        }
      }
    }
    return null;
  }

  @Test
  void nodeClient_scansLabelsTrainsPredictsAndCancels() throws Exception {
    String node = node();
    if (node == null) {
      System.out.println(
          "NodeClientExampleTest skipped: no node on the PATH (apt-get install nodejs)");
    }
    Assumptions.assumeTrue(node != null, "no node on the PATH");
    Path script = Path.of("..", "docs", "examples", "selection-client.mjs").toAbsolutePath();
    assertThat(script).exists();
    DemoLibrary.write(music, 6, 6, 22_050, 9);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cmd =
        Json.mapper()
            .writeValueAsString(
                List.of(
                    java, "-cp", System.getProperty("java.class.path"), "dev.selection.cli.Main"));
    ProcessBuilder pb =
        new ProcessBuilder(
                node,
                script.toString(),
                "--library",
                library.toString(),
                "--music",
                music.toString(),
                "--like",
                "techno",
                "--",
                "--no-embeddings",
                "--min-positives",
                "5")
            .redirectError(work.resolve("stderr.txt").toFile())
            .redirectOutput(work.resolve("stdout.txt").toFile());
    pb.environment().put("SELECTION_CMD", cmd);
    Process p = pb.start();
    assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("the example finishes").isTrue();
    String out = Files.readString(work.resolve("stdout.txt"), StandardCharsets.UTF_8);
    String err = Files.readString(work.resolve("stderr.txt"), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out + err).isZero();
    JsonNode r = Json.mapper().readTree(out.strip());
    assertThat(r.get("extracted").asInt()).isEqualTo(30);
    assertThat(r.get("progressEvents").asInt()).isPositive();
    assertThat(r.get("training").asText()).isEqualTo("trained");
    assertThat(r.get("modelRevision").asInt()).isEqualTo(1);
    assertThat(r.get("top")).hasSize(5);
    assertThat(r.get("top").get(0).get("filePath").asText()).contains("techno");
    assertThat(r.get("error").get("code").asInt()).isEqualTo(-32000);
    assertThat(r.get("error").get("errorCode").asText()).isEqualTo("io_error");
    assertThat(r.get("runningDuringLongCall").asInt()).isEqualTo(2);
    assertThat(r.get("cancelled").asBoolean()).isTrue();
    assertThat(r.get("exitCode").asInt()).isZero();
  }
}
