package dev.selection.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selection.api.AnalysisConfig;
import dev.selection.api.AudioAnalyzer;
import dev.selection.api.CanonicalPcm;
import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.AudioInfo;
import dev.selection.api.spi.AudioStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code selection decode FILE [--format f32le|s16le] --out PATH [--json]}: writes the decoded
 * audio as raw interleaved PCM at the file's native rate and channel count, for checking a decoder
 * against others (e.g. {@code ffmpeg -i FILE -f f32le}). {@code f32le} is the decoder's float
 * output as is; {@code s16le} is the canonical 16-bit PCM of the songId ({@link
 * CanonicalPcm#toCanonical16}), so {@code sha256sum} of it is the file's songId. {@code --out -}
 * writes to standard output. With {@code --json}, a JSON object describes the result: {@code path,
 * out, format, sampleRate, channels, frames, decoder} or {@code path, error, message}. Exit code 0,
 * or 1 when the file could not be decoded (what was decoded before the damage has been written).
 */
@Command(
    name = "decode",
    mixinStandardHelpOptions = true,
    description = "Decode an audio file to raw interleaved PCM at its native rate and channels.")
public final class DecodeCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BLOCK_FRAMES = 4096;

  @Parameters(index = "0", paramLabel = "FILE", description = "The audio file.")
  Path file;

  @Option(
      names = "--format",
      defaultValue = "f32le",
      paramLabel = "f32le|s16le",
      description =
          "f32le (the decoder's floats) or s16le (the songId's canonical PCM); default "
              + "${DEFAULT-VALUE}.")
  String format;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "PATH",
      description = "Where to write the PCM; - for standard output.")
  String out;

  @Option(names = "--json", description = "Describe the result as one JSON object.")
  boolean json;

  @Spec CommandSpec spec;

  private final AnalysisConfig config;

  /** Uses the built-in decoders and, when present, ffmpeg. */
  public DecodeCommand() {
    this(AnalysisConfig.builder().embeddings(false).build());
  }

  /**
   * Uses the decoders of {@code config} (tests, embedding: e.g. a host decoder first).
   *
   * @param config chooses the decoder of the file
   */
  public DecodeCommand(AnalysisConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  public Integer call() throws IOException {
    boolean f32 = format.equals("f32le");
    if (!f32 && !format.equals("s16le")) {
      throw new ParameterException(
          spec.commandLine(), "--format must be f32le or s16le: " + format);
    }
    PrintWriter report =
        json && out.equals("-") ? spec.commandLine().getErr() : spec.commandLine().getOut();
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("path", file.toString());
    int status = 0;
    try (OutputStream sink =
            out.equals("-")
                ? new NonClosing(System.out)
                : new BufferedOutputStream(Files.newOutputStream(Path.of(out)), 1 << 16);
        AudioAnalyzer analyzer = AudioAnalyzer.create(config);
        AudioStream stream = analyzer.open(file)) {
      AudioInfo info = stream.info();
      row.put("out", out);
      row.put("format", format);
      row.put("sampleRate", info.sampleRateHz());
      row.put("channels", info.channels());
      long frames = 0;
      int channels = info.channels();
      float[] block = new float[BLOCK_FRAMES * channels];
      int width = f32 ? 4 : 2;
      ByteBuffer bytes = ByteBuffer.allocate(block.length * width).order(ByteOrder.LITTLE_ENDIAN);
      try {
        int n;
        while ((n = stream.read(block, 0, BLOCK_FRAMES)) > 0) {
          bytes.clear();
          for (int i = 0; i < n * channels; i++) {
            if (f32) {
              bytes.putFloat(block[i]);
            } else {
              bytes.putShort(CanonicalPcm.toCanonical16(block[i]));
            }
          }
          sink.write(bytes.array(), 0, bytes.position());
          frames += n;
        }
      } catch (SelectionException e) {
        row.put("frames", frames);
        throw e;
      }
      row.put("frames", frames);
      row.put("decoder", info.decoder());
    } catch (SelectionException e) {
      status = 1;
      row.put("error", e.code().wireName());
      row.put("message", e.getMessage());
    } catch (IOException e) {
      status = 1;
      row.put("error", ErrorCode.IO_ERROR.wireName());
      row.put("message", "Cannot write " + out + ": " + e.getMessage());
    }
    if (json) {
      report.println(JSON.writeValueAsString(row));
    } else if (row.containsKey("error")) {
      spec.commandLine()
          .getErr()
          .println(file + ": " + row.get("error") + ": " + row.get("message"));
    } else {
      String line =
          String.format(
              Locale.ROOT,
              "%s: %s Hz, %s channels, %s frames, %s, decoder %s",
              file,
              row.get("sampleRate"),
              row.get("channels"),
              row.get("frames"),
              format,
              row.get("decoder"));
      (out.equals("-") ? spec.commandLine().getErr() : report).println(line);
    }
    report.flush();
    spec.commandLine().getErr().flush();
    return status;
  }

  /** Standard output must stay open after the command. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
