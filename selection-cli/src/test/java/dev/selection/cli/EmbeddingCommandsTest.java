package dev.selection.cli;

import static dev.selection.cli.WorkflowCommandsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selection.core.samples.DemoLibrary;
import dev.selection.core.samples.DemoStyle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in embedding on the command line: embed, features, id tags, scan and similar. */
class EmbeddingCommandsTest {
  @TempDir Path root;
  @TempDir Path music;

  @Test
  void embed_withoutAModelDir_usesTheBuiltInModel() throws Exception {
    List<DemoLibrary.Track> tracks = DemoLibrary.write(music, 1, 12, 22_050, 31);
    Path junk = Files.write(music.resolve("junk.wav"), new byte[] {'R', 'I', 'F', 'F', 1, 2});
    WorkflowCommandsTest.Run r =
        run("embed", tracks.get(0).path().toString(), junk.toString(), "--json");
    assertThat(r.exit()).isEqualTo(1); // one file failed
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(2);
    JsonNode ok = Json.mapper().readTree(lines.get(0));
    assertThat(ok.get("path").asText()).isEqualTo(tracks.get(0).path().toString());
    assertThat(ok.get("model").asText()).isEqualTo("efficientat-mn04");
    assertThat(ok.get("dims").asInt()).isEqualTo(768);
    assertThat(ok.get("vector")).hasSize(768);
    assertThat(ok.get("windows").asInt()).isEqualTo(2); // 12 s in 10-s windows
    assertThat(ok.get("tags")).hasSize(5);
    assertThat(ok.get("songId").asText()).hasSize(64);
    JsonNode bad = Json.mapper().readTree(lines.get(1));
    assertThat(bad.get("error").asText()).isIn("corrupt_audio", "unsupported_format");
  }

  @Test
  void featuresAndId_showTheTopSoundTags() throws Exception {
    List<DemoLibrary.Track> tracks = DemoLibrary.write(music, 1, 12, 22_050, 32);
    String file = tracks.get(0).path().toString();
    WorkflowCommandsTest.Run f = run("features", file, "--json");
    assertThat(f.exit()).as(f.err()).isZero();
    JsonNode row = Json.mapper().readTree(f.out().lines().findFirst().orElseThrow());
    assertThat(row.get("tags")).hasSize(5);
    assertThat(row.get("tags").get(0).get("p").asDouble())
        .isGreaterThanOrEqualTo(row.get("tags").get(1).get("p").asDouble());
    assertThat(row.get("embedding")).hasSize(768);
    WorkflowCommandsTest.Run text = run("features", file);
    assertThat(text.out()).contains("tags: ");
    WorkflowCommandsTest.Run noEmb = run("features", file, "--json", "--no-embeddings");
    assertThat(Json.mapper().readTree(noEmb.out().lines().findFirst().orElseThrow()).has("tags"))
        .isFalse();
    WorkflowCommandsTest.Run id = run("id", file, "--audio-tags", "--json");
    assertThat(id.exit()).as(id.err()).isZero();
    JsonNode idRow = Json.mapper().readTree(id.out().lines().findFirst().orElseThrow());
    assertThat(idRow.get("audioTags")).hasSize(5);
    assertThat(idRow.get("songId").asText()).isEqualTo(row.get("songId").asText());
  }

  @Test
  void scanEmbedsByDefault_andSimilarListsTheSameStyleFirst() throws Exception {
    List<DemoLibrary.Track> tracks = DemoLibrary.write(music, 4, 10, 22_050, 33);
    String lib = root.toString();
    WorkflowCommandsTest.Run scan =
        run("--library", lib, "scan", music.toString(), "--json", "--no-progress");
    assertThat(scan.exit()).as(scan.err()).isZero();
    List<String> seeds = new ArrayList<>();
    for (DemoLibrary.Track t : tracks) {
      if (t.style() == DemoStyle.AMBIENT && seeds.size() < 2) {
        seeds.add(t.path().toString());
      }
    }
    List<String> args = new ArrayList<>(List.of("--library", lib, "similar"));
    args.addAll(seeds);
    args.addAll(List.of("--top", "2", "--json"));
    WorkflowCommandsTest.Run sim = run(args.toArray(String[]::new));
    assertThat(sim.exit()).as("out: %s err: %s", sim.out(), sim.err()).isZero();
    List<String> lines = sim.out().lines().toList();
    assertThat(lines).hasSize(2);
    for (String line : lines) {
      JsonNode n = Json.mapper().readTree(line);
      assertThat(n.get("descriptor").asText()).isEqualTo("efficientat");
      assertThat(n.get("path").asText()).contains("ambient").isNotIn(seeds);
    }
    // Without embeddings the same command falls back to the timbre descriptor.
    Path lib2 = Files.createDirectories(root.resolve("plain"));
    assertThat(
            run(
                    "--library",
                    lib2.toString(),
                    "scan",
                    music.toString(),
                    "--no-embeddings",
                    "--no-progress")
                .exit())
        .isZero();
    args.set(1, lib2.toString());
    WorkflowCommandsTest.Run plain = run(args.toArray(String[]::new));
    assertThat(plain.out().lines().findFirst().orElseThrow()).contains("\"descriptor\":\"timbre\"");
    // A seed that is not audio is reported, not fatal to the others.
    WorkflowCommandsTest.Run unknown = run("--library", lib, "similar", "f".repeat(64));
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).contains("No seed");
  }
}
