package dev.selection.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FeaturesCommandTest {
  @TempDir Path dir;

  /** 30 s of 16-bit mono clicks at 22 050 Hz: a 1 kHz burst every beat at {@code bpm}. */
  private static void clicks(Path file, double bpm) throws Exception {
    int rate = 22_050;
    int frames = rate * 30;
    ByteBuffer b = ByteBuffer.allocate(44 + frames * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(b.capacity() - 8).put("WAVE".getBytes());
    b.put("fmt ".getBytes())
        .putInt(16)
        .putShort((short) 1)
        .putShort((short) 1)
        .putInt(rate)
        .putInt(rate * 2)
        .putShort((short) 2)
        .putShort((short) 16);
    b.put("data".getBytes()).putInt(frames * 2);
    double period = 60 / bpm;
    for (int i = 0; i < frames; i++) {
      double t = (double) i / rate;
      double since = t % period;
      double v =
          since < 0.015 ? Math.sin(2 * Math.PI * 1000 * since) * Math.exp(-since / 0.004) : 0;
      b.putShort((short) Math.round(12000 * v));
    }
    Files.write(file, b.array());
  }

  @Test
  void json_listsBeatsDownbeatsAndTheCompactGrid() throws Exception {
    Path a = dir.resolve("clicks.wav");
    clicks(a, 120);
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new FeaturesCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(new StringWriter()));
    assertThat(cli.execute("--json", a.toString())).isEqualTo(0);
    JsonNode row = new ObjectMapper().readTree(out.toString().strip());
    assertThat(row.get("bpm").asDouble()).isCloseTo(120, within(0.5));
    JsonNode beats = row.get("beats");
    assertThat(beats.size()).isBetween(55, 61);
    for (int i = 1; i < beats.size(); i++) {
      assertThat(beats.get(i).asDouble() - beats.get(i - 1).asDouble())
          .isCloseTo(0.5, within(0.03));
    }
    // Every beat lies on a click (the grid is within 30 ms of each).
    for (JsonNode b : beats) {
      double phase = (b.asDouble() + 0.25) % 0.5 - 0.25;
      assertThat(Math.abs(phase)).isLessThan(0.03);
    }
    assertThat(row.get("downbeats").size()).isBetween(beats.size() / 4 - 1, beats.size() / 4 + 1);
    JsonNode grid = row.get("beatGrid");
    assertThat(grid.get("sections").size()).as("a steady track is one section").isEqualTo(1);
    assertThat(grid.get("sections").get(0).get("periodSec").asDouble())
        .isCloseTo(0.5, within(0.002));
    assertThat(grid.get("beatsPerBar").asInt()).isEqualTo(4);
  }
}
