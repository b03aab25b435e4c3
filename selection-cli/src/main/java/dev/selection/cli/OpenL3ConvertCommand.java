package dev.selection.cli;

import dev.selection.api.SelectionException;
import dev.selection.onnx.OpenL3Converter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code selection openl3-convert --h5 FILE --out DIR}: Keras OpenL3 weights to ONNX, without
 * Python.
 */
@Command(
    name = "openl3-convert",
    mixinStandardHelpOptions = true,
    description =
        "Convert OpenL3 mel256/music Keras weights (.h5) into an ONNX model and manifest.json.")
public final class OpenL3ConvertCommand implements Callable<Integer> {
  @Option(
      names = "--h5",
      required = true,
      paramLabel = "FILE",
      description = "Keras weights, e.g. openl3_audio_mel256_music.h5")
  Path h5;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Folder for the model and manifest.json, e.g. <library>/resources/ai/openl3")
  Path out;

  /** Creates the command. */
  public OpenL3ConvertCommand() {}

  @Override
  public Integer call() {
    try {
      OpenL3Converter.Result r = OpenL3Converter.convert(h5, out);
      System.out.printf(
          Locale.ROOT,
          "Wrote %s (%d parameters, %d-d, sha256 %s) and %s%n",
          r.modelFile(),
          r.parameters(),
          r.embeddingSize(),
          r.sha256(),
          r.manifestFile());
      return 0;
    } catch (SelectionException e) {
      System.err.println("openl3-convert failed [" + e.code().wireName() + "]: " + e.getMessage());
      return 1;
    }
  }
}
