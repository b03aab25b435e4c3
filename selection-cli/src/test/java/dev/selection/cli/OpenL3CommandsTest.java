package dev.selection.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selection.onnx.OpenL3FrontEnd;
import dev.selection.onnx.internal.KerasWeightsFile;
import dev.selection.onnx.internal.RandomOpenL3Weights;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class OpenL3CommandsTest {
  @TempDir Path dir;

  /** Writes a 48 kHz 16-bit stereo WAV of a sine (left) and half its amplitude (right). */
  private Path wav(String name, double seconds, int rate) throws Exception {
    int frames = (int) (seconds * rate);
    byte[] pcm = new byte[frames * 4];
    for (int i = 0; i < frames; i++) {
      short l =
          (short)
              Math.round(8000 * Math.sin(2 * Math.PI * 440 * i / rate) + 3000 * Math.sin(i * 0.37));
      short r = (short) (l / 2);
      pcm[4 * i] = (byte) l;
      pcm[4 * i + 1] = (byte) (l >> 8);
      pcm[4 * i + 2] = (byte) r;
      pcm[4 * i + 3] = (byte) (r >> 8);
    }
    AudioFormat f = new AudioFormat(rate, 16, 2, true, false);
    Path p = dir.resolve(name);
    AudioSystem.write(
        new AudioInputStream(new ByteArrayInputStream(pcm), f, frames),
        AudioFileFormat.Type.WAVE,
        p.toFile());
    return p;
  }

  @Test
  void melspec_printsFrontEndOfTheWindowAtOffset() throws Exception {
    Path file = wav("a.wav", 2.5, 48_000);
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int code =
        new CommandLine(new MelspecCommand(new WavMono48kLoader(), new PrintStream(buf, true)))
            .execute(file.toString(), "--offset", "0.5", "--json");
    assertThat(code).isEqualTo(0);
    JsonNode root = new ObjectMapper().readTree(buf.toString(StandardCharsets.UTF_8));
    assertThat(root.get("bands").asInt()).isEqualTo(256);
    assertThat(root.get("values")).hasSize(256);
    assertThat(root.get("values").get(0)).hasSize(199);

    float[] mono = new WavMono48kLoader().load(file).samples();
    assertThat(mono).hasSize(120_000);
    // Mean of left and right: 0.75 × left.
    double left =
        (short)
            Math.round(
                8000 * Math.sin(2 * Math.PI * 440 * 100 / 48_000.0) + 3000 * Math.sin(100 * 0.37));
    assertThat(mono[100])
        .isCloseTo(
            (float) ((left + (short) (left / 2)) / 2 / 32768),
            org.assertj.core.data.Offset.offset(1e-6f));
    float[] expected = new float[OpenL3FrontEnd.VALUES_PER_WINDOW];
    new OpenL3FrontEnd().compute(mono, 24_000, expected, 0);
    for (int m = 0; m < 256; m += 17) {
      for (int t = 0; t < 199; t += 13) {
        assertThat((float) root.get("values").get(m).get(t).asDouble())
            .isEqualTo(expected[m * 199 + t]);
      }
    }
  }

  @Test
  void convertThenEmbed_printsOneJsonLinePerFile() throws Exception {
    Path h5 = dir.resolve("w.h5");
    KerasWeightsFile.write(RandomOpenL3Weights.generate(new int[] {4, 8, 16, 32}, 3), h5);
    Path modelDir = dir.resolve("model");
    assertThat(
            new CommandLine(new OpenL3ConvertCommand())
                .execute("--h5", h5.toString(), "--out", modelDir.toString()))
        .isEqualTo(0);
    assertThat(modelDir.resolve("manifest.json")).exists();

    Path good = wav("good.wav", 3, 48_000);
    Path wrongRate = wav("rate.wav", 3, 44_100);
    Path notAudio = Files.writeString(dir.resolve("x.wav"), "hello");
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int code =
        new CommandLine(new EmbedCommand(new PrintStream(buf, true)))
            .execute(
                good.toString(),
                wrongRate.toString(),
                notAudio.toString(),
                "--model-dir",
                modelDir.toString(),
                "--json");
    assertThat(code).isEqualTo(1);
    String[] lines = buf.toString(StandardCharsets.UTF_8).trim().split("\n");
    assertThat(lines).hasSize(3);
    ObjectMapper mapper = new ObjectMapper();
    JsonNode first = mapper.readTree(lines[0]);
    assertThat(first.get("path").asText()).isEqualTo(good.toString());
    assertThat(first.get("dims").asInt()).isEqualTo(32);
    assertThat(first.get("model").asText()).isEqualTo("openl3-mel256-music-512");
    assertThat(first.get("windows").asInt()).isEqualTo(5);
    assertThat(first.has("songId")).isTrue();
    double norm = 0;
    for (JsonNode v : first.get("vector")) {
      norm += v.asDouble() * v.asDouble();
    }
    assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    // Any rate: the SDK's decoders and resampler bring it to the model's 48 kHz.
    JsonNode second = mapper.readTree(lines[1]);
    assertThat(second.get("path").asText()).isEqualTo(wrongRate.toString());
    assertThat(second.get("dims").asInt()).isEqualTo(32);
    assertThat(second.get("songId").asText()).isNotEqualTo(first.get("songId").asText());
    assertThat(mapper.readTree(lines[2]).get("error").asText()).isEqualTo("unsupported_format");
  }

  @Test
  void openl3Convert_badInput_exitsNonZero() throws Exception {
    Path bogus = Files.writeString(dir.resolve("b.h5"), "nope");
    assertThat(
            new CommandLine(new OpenL3ConvertCommand())
                .execute("--h5", bogus.toString(), "--out", dir.resolve("o").toString()))
        .isEqualTo(1);
  }
}
