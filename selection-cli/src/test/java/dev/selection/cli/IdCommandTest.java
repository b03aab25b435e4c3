package dev.selection.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class IdCommandTest {
  @TempDir Path dir;

  /** Writes a 16-bit mono WAV with an INFO title and returns the SHA-256 of its PCM. */
  private String wav(Path file, int frames) throws Exception {
    ByteBuffer pcm = ByteBuffer.allocate(frames * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < frames; i++) {
      pcm.putShort((short) Math.round(8000 * Math.sin(i * 0.05)));
    }
    byte[] title = "INFOINAM\6\0\0\0Hello\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    ByteBuffer b =
        ByteBuffer.allocate(44 + 8 + title.length + frames * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(b.capacity() - 8).put("WAVE".getBytes());
    b.put("fmt ".getBytes())
        .putInt(16)
        .putShort((short) 1)
        .putShort((short) 1)
        .putInt(8000)
        .putInt(16000)
        .putShort((short) 2)
        .putShort((short) 16);
    b.put("LIST".getBytes()).putInt(title.length).put(title);
    b.put("data".getBytes()).putInt(frames * 2).put(pcm.array());
    Files.write(file, b.array());
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pcm.array()));
  }

  @Test
  void json_printsOneObjectPerFile_withExactlyTheDocumentedKeys() throws Exception {
    Path a = dir.resolve("a.wav");
    String songId = wav(a, 8000);
    Path missing = dir.resolve("missing.flac");
    Path junk = Files.write(dir.resolve("junk.bin"), new byte[] {1, 2, 3, 4, 5});
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new IdCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute("--json", a.toString(), missing.toString(), junk.toString());
    assertThat(exit).isEqualTo(1);
    List<JsonNode> rows = new ArrayList<>();
    for (String line : out.toString().strip().split("\\R")) {
      rows.add(new ObjectMapper().readTree(line));
    }
    assertThat(rows).hasSize(3);
    JsonNode ok = rows.get(0);
    List<String> keys = new ArrayList<>();
    ok.fieldNames().forEachRemaining(keys::add);
    assertThat(keys)
        .containsExactly(
            "path",
            "songId",
            "format",
            "sampleRate",
            "channels",
            "durationSec",
            "bitrateKbps",
            "decoder",
            "title",
            "artist",
            "album",
            "genre",
            "year");
    assertThat(ok.get("songId").asText()).isEqualTo(songId);
    assertThat(ok.get("format").asText()).isEqualTo("wav");
    assertThat(ok.get("sampleRate").asInt()).isEqualTo(8000);
    assertThat(ok.get("channels").asInt()).isEqualTo(1);
    assertThat(ok.get("durationSec").asDouble()).isEqualTo(1.0);
    assertThat(ok.get("bitrateKbps").asDouble()).isEqualTo(128.0);
    assertThat(ok.get("decoder").asText()).isEqualTo("wav");
    assertThat(ok.get("title").asText()).isEqualTo("Hello");
    assertThat(ok.get("artist").isNull()).isTrue();
    assertThat(rows.get(1).get("error").asText()).isEqualTo("io_error");
    assertThat(rows.get(1).get("path").asText()).isEqualTo(missing.toString());
    assertThat(rows.get(1).get("message").asText()).contains("No such file");
    assertThat(rows.get(2).get("error").asText()).isEqualTo("unsupported_format");
    List<String> errKeys = new ArrayList<>();
    rows.get(2).fieldNames().forEachRemaining(errKeys::add);
    assertThat(errKeys).containsExactly("path", "error", "message");
  }

  @Test
  void text_printsOneLinePerFile_andExitsZeroWhenAllSucceed() throws Exception {
    Path a = dir.resolve("a.wav");
    String songId = wav(a, 4000);
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new IdCommand());
    cli.setOut(new PrintWriter(out));
    assertThat(cli.execute(a.toString())).isZero();
    assertThat(out.toString())
        .startsWith(a.toString())
        .contains("songId=" + songId)
        .contains("title=Hello")
        .contains("decoder=wav");
  }
}
