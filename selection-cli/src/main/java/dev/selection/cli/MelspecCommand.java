package dev.selection.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selection.api.SelectionException;
import dev.selection.onnx.OpenL3FrontEnd;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code selection melspec FILE --offset SEC --json}: the OpenL3 front end's 256 × 199 log-mel
 * image (dB) of the 1-s window starting at {@code SEC}, as {@code {path, offsetSec, padding, bands,
 * frames, values}} with {@code values[band][frame]}.
 */
@Command(
    name = "melspec",
    mixinStandardHelpOptions = true,
    description = "Print the OpenL3 log-mel front end output of one 1-s window.")
public final class MelspecCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "Audio file")
  Path file;

  @Option(
      names = "--offset",
      paramLabel = "SEC",
      description = "Window start in seconds (default: 0)")
  double offsetSec;

  @Option(
      names = "--padding",
      description =
          "ZEROS (librosa >= 0.9) or REFLECT (librosa <= 0.8) (default: ${DEFAULT-VALUE})")
  OpenL3FrontEnd.Padding padding = OpenL3FrontEnd.Padding.ZEROS;

  @Option(names = "--json", description = "Print JSON (the only output format for now)")
  boolean json;

  private final Mono48kLoader loader;
  private final PrintStream out;

  /** Creates the command with the SDK's decoders and resampler, printing to standard output. */
  public MelspecCommand() {
    this(new DecoderMono48kLoader(), System.out);
  }

  /** Creates the command with a loader and an output stream. */
  public MelspecCommand(Mono48kLoader loader, PrintStream out) {
    this.loader = Objects.requireNonNull(loader, "loader");
    this.out = Objects.requireNonNull(out, "out");
  }

  @Override
  public Integer call() {
    if (!(offsetSec >= 0) || !Double.isFinite(offsetSec)) {
      System.err.println("melspec: --offset must be >= 0");
      return 2;
    }
    float[] samples;
    try {
      samples = loader.load(file).samples();
    } catch (SelectionException e) {
      System.err.println("melspec failed [" + e.code().wireName() + "]: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      System.err.println("melspec failed [io_error]: " + e.getMessage());
      return 1;
    }
    long offset = Math.round(offsetSec * OpenL3FrontEnd.SAMPLE_RATE_HZ);
    if (offset >= samples.length) {
      System.err.println(
          "melspec: offset "
              + offsetSec
              + " s is past the end ("
              + samples.length / 48_000.0
              + " s)");
      return 1;
    }
    float[] mel = new float[OpenL3FrontEnd.VALUES_PER_WINDOW];
    new OpenL3FrontEnd(padding).compute(samples, (int) offset, mel, 0);
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("path", file.toString());
    root.put("offsetSec", offsetSec);
    root.put("padding", padding.name().toLowerCase(java.util.Locale.ROOT));
    root.put("bands", OpenL3FrontEnd.MEL_BANDS);
    root.put("frames", OpenL3FrontEnd.FRAMES);
    ArrayNode values = root.putArray("values");
    for (int m = 0; m < OpenL3FrontEnd.MEL_BANDS; m++) {
      ArrayNode band = values.addArray();
      for (int t = 0; t < OpenL3FrontEnd.FRAMES; t++) {
        band.add(mel[m * OpenL3FrontEnd.FRAMES + t]);
      }
    }
    out.println(root.toString());
    return 0;
  }
}
