package dev.selection.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selection.api.testing.AudioFixtures;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DecodeCommandTest {
  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new DecodeCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** A 16-bit stereo WAV of a few tones. */
  private static short[] wav(Path file, int rate, int frames) throws Exception {
    short[] s = new short[frames * 2];
    for (int i = 0; i < frames; i++) {
      s[2 * i] = (short) Math.round(9000 * Math.sin(i * 0.031));
      s[2 * i + 1] = (short) Math.round(7000 * Math.sin(i * 0.017 + 1));
    }
    ByteBuffer b = ByteBuffer.allocate(44 + s.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(b.capacity() - 8).put("WAVE".getBytes());
    b.put("fmt ".getBytes())
        .putInt(16)
        .putShort((short) 1)
        .putShort((short) 2)
        .putInt(rate)
        .putInt(rate * 4)
        .putShort((short) 4)
        .putShort((short) 16);
    b.put("data".getBytes()).putInt(s.length * 2);
    for (short v : s) {
      b.putShort(v);
    }
    Files.write(file, b.array());
    return s;
  }

  private static byte[] exec(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] bytes = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    return bytes;
  }

  @Test
  void wav_f32leIsTheSamplesAndS16leHashesToTheSongId() throws Exception {
    Path wav = dir.resolve("a.wav");
    short[] s = wav(wav, 22050, 5000);
    Path f32 = dir.resolve("a.f32");
    Run r = run(wav.toString(), "--out", f32.toString(), "--json");
    assertThat(r.exit()).isZero();
    JsonNode row = new ObjectMapper().readTree(r.out().strip());
    List<String> keys = new ArrayList<>();
    row.fieldNames().forEachRemaining(keys::add);
    assertThat(keys)
        .containsExactly("path", "out", "format", "sampleRate", "channels", "frames", "decoder");
    assertThat(row.get("sampleRate").asInt()).isEqualTo(22050);
    assertThat(row.get("channels").asInt()).isEqualTo(2);
    assertThat(row.get("frames").asLong()).isEqualTo(5000);
    assertThat(row.get("decoder").asText()).isEqualTo("wav");
    ByteBuffer fb = ByteBuffer.wrap(Files.readAllBytes(f32)).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(fb.remaining()).isEqualTo(s.length * 4);
    for (short v : s) {
      assertThat(fb.getFloat()).isEqualTo(v / 32768f);
    }
    Path s16 = dir.resolve("a.s16");
    assertThat(run(wav.toString(), "--format", "s16le", "--out", s16.toString()).exit()).isZero();
    String sha =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(s16)));
    StringWriter idOut = new StringWriter();
    CommandLine id = new CommandLine(new IdCommand());
    id.setOut(new PrintWriter(idOut));
    id.execute("--json", wav.toString());
    assertThat(new ObjectMapper().readTree(idOut.toString().strip()).get("songId").asText())
        .isEqualTo(sha);
  }

  @Test
  void mp3_decodesWithOurDecoder_likeFfmpegToFullAccuracy() throws Exception {
    assumeTrue(AudioFixtures.onPath("lame"), "lame not on PATH");
    Path wav = dir.resolve("m.wav");
    wav(wav, 44100, 44100);
    Path mp3 = dir.resolve("m.mp3");
    exec("lame", "--quiet", "-V", "3", wav.toString(), mp3.toString());
    Path f32 = dir.resolve("m.f32");
    Run r = run(mp3.toString(), "--out", f32.toString(), "--json");
    assertThat(r.exit()).isZero();
    JsonNode row = new ObjectMapper().readTree(r.out().strip());
    assertThat(row.get("decoder").asText()).isEqualTo("mp3/2");
    assertThat(row.get("frames").asLong()).isEqualTo(44100);
    assumeTrue(AudioFixtures.onPath("ffmpeg"), "ffmpeg not on PATH");
    ByteBuffer ours = ByteBuffer.wrap(Files.readAllBytes(f32)).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer ref =
        ByteBuffer.wrap(
                exec("ffmpeg", "-nostdin", "-v", "error", "-i", mp3.toString(), "-f", "f32le", "-"))
            .order(ByteOrder.LITTLE_ENDIAN);
    assertThat(ours.remaining()).isEqualTo(ref.remaining());
    double sum = 0;
    int n = ours.remaining() / 4;
    for (int i = 0; i < n; i++) {
      double d = ours.getFloat() - ref.getFloat();
      sum += d * d;
    }
    assertThat(Math.sqrt(sum / n)).isLessThan(Math.pow(2, -15) / Math.sqrt(12));
  }

  @Test
  void badInputAndBadFormat_areReported() throws Exception {
    Path junk = Files.write(dir.resolve("junk.bin"), new byte[] {1, 2, 3});
    Run r = run(junk.toString(), "--out", dir.resolve("j.f32").toString(), "--json");
    assertThat(r.exit()).isEqualTo(1);
    JsonNode row = new ObjectMapper().readTree(r.out().strip());
    assertThat(row.get("error").asText()).isEqualTo("unsupported_format");
    Path wav = dir.resolve("b.wav");
    wav(wav, 8000, 100);
    assertThat(
            run(wav.toString(), "--format", "u8", "--out", dir.resolve("b.raw").toString()).exit())
        .isEqualTo(2);
    assertThat(run(wav.toString()).exit()).isEqualTo(2);
  }
}
