package dev.selection.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selection.cli.LabelStatusCommandTest.Run;
import dev.selection.core.samples.DemoLibrary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code selection scan} over a folder tree with symbolic-link loops, links out of the tree,
 * non-audio files and broken audio: the walk ends, every loop is reported once as a warning, each
 * broken file is a per-item failure, and the good tracks are all analysed.
 */
class ScanCommandBadInputTest {
  @TempDir Path root;
  @TempDir Path music;
  @TempDir Path elsewhere;

  @Test
  void scan_survivesLinkLoopsAndJunk_andAnalysesEveryGoodTrack() throws Exception {
    List<DemoLibrary.Track> tracks = DemoLibrary.write(music.resolve("albums"), 1, 4, 22050, 8);
    Path outside = DemoLibrary.write(elsewhere, 1, 4, 22050, 9).get(0).path();
    // A folder that links back to its ancestor, and one that links to itself.
    Files.createSymbolicLink(music.resolve("albums").resolve("again"), music);
    Files.createSymbolicLink(music.resolve("self"), music.resolve("self"));
    // A link to a folder outside the tree is followed.
    Files.createSymbolicLink(music.resolve("linked"), outside.getParent());
    Files.writeString(music.resolve("readme.txt"), "not audio");
    Files.write(music.resolve("cover.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});
    Files.write(music.resolve("broken.wav"), "RIFF\0\0\0\0WAVEjunk".getBytes());
    Files.createDirectories(music.resolve(".hidden"));
    Files.write(music.resolve(".hidden").resolve("x.wav"), new byte[] {1, 2, 3});

    Run r =
        LabelStatusCommandTest.run(
            "--library", root.toString(), "scan", "--json", "--no-progress", music.toString());

    // broken.wav failed: exit 1 (0 only when every file succeeded).
    assertThat(r.exit()).as("stderr: %s", r.err()).isEqualTo(1);
    assertThat(r.err()).contains("symbolic link loop");
    List<JsonNode> lines = new ArrayList<>();
    for (String line : r.out().strip().split("\n")) {
      lines.add(Json.mapper().readTree(line));
    }
    JsonNode summary = lines.get(lines.size() - 1);
    // The tracks, the linked track, broken.wav, and "self": a link that cannot be resolved is not
    // dropped silently but reported as an io_error entry.
    int entries = tracks.size() + 3;
    assertThat(summary.get("total").asInt()).isEqualTo(entries);
    assertThat(summary.get("extracted").asInt()).isEqualTo(tracks.size() + 1);
    assertThat(summary.get("failed").asInt()).isEqualTo(2);
    Map<String, String> errors = new HashMap<>();
    for (JsonNode failure : lines.subList(0, lines.size() - 1)) {
      Path p = Path.of(failure.get("path").asText());
      errors.put(p.getFileName().toString(), failure.get("error").asText());
    }
    assertThat(errors)
        .containsOnly(entry("broken.wav", "corrupt_audio"), entry("self", "io_error"));

    Run status = LabelStatusCommandTest.run("status", "--library", root.toString(), "--json");
    assertThat(Json.mapper().readTree(status.out().strip()).get("featureRows").asInt())
        .isEqualTo(tracks.size() + 1);
  }
}
