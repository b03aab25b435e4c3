package dev.selection.core.internal.dsp.timbre;

import dev.selection.api.spi.AudioExcerpt;
import dev.selection.core.internal.dsp.tonal.WavFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Tool (not a test): measures the per-dimension mean and standard deviation of the raw timbre
 * vector over a reference corpus of 22050 Hz WAV files (made by {@code src/test/eval/tonal_eval.py
 * timbre-corpus}) and rewrites the {@code GENERATED} block of {@code TimbreNormalization.java}.
 *
 * <p>Usage: {@code TimbreNormalizationGenerator CORPUS_DIR path/to/TimbreNormalization.java}.
 */
public final class TimbreNormalizationGenerator {
  private TimbreNormalizationGenerator() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(Path.of(args[0]))) {
      files = s.filter(p -> p.toString().endsWith(".wav")).sorted().toList();
    }
    TimbreExtractor extractor = new TimbreExtractor();
    List<double[]> rows = new ArrayList<>();
    for (Path f : files) {
      WavFiles.Pcm pcm = WavFiles.read(f);
      extractor
          .rawFeatures(List.of(new AudioExcerpt(pcm.samples(), pcm.sampleRateHz(), 0)))
          .ifPresent(rows::add);
    }
    int d = TimbreExtractor.DIMENSION;
    double[] mean = new double[d];
    double[] std = new double[d];
    for (double[] r : rows) {
      for (int i = 0; i < d; i++) {
        mean[i] += r[i] / rows.size();
      }
    }
    for (double[] r : rows) {
      for (int i = 0; i < d; i++) {
        std[i] += (r[i] - mean[i]) * (r[i] - mean[i]) / rows.size();
      }
    }
    for (int i = 0; i < d; i++) {
      std[i] = Math.max(Math.sqrt(std[i]), 1e-9);
    }
    String block =
        "  // GENERATED-BEGIN by TimbreNormalizationGenerator from "
            + rows.size()
            + " corpus files\n  static final double[] MEAN = "
            + array(mean)
            + ";\n  static final double[] STD = "
            + array(std)
            + ";\n  // GENERATED-END";
    Path target = Path.of(args[1]);
    String src = Files.readString(target);
    int a = src.indexOf("  // GENERATED-BEGIN");
    int b = src.indexOf("// GENERATED-END") + "// GENERATED-END".length();
    Files.writeString(target, src.substring(0, a) + block + src.substring(b));
    System.out.println("files=" + rows.size() + " of " + files.size());
  }

  private static String array(double[] v) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < v.length; i++) {
      sb.append(i % 4 == 0 ? "\n    " : " ").append(String.format(Locale.ROOT, "%.6g", v[i]));
      if (i < v.length - 1) {
        sb.append(',');
      }
    }
    return sb.append("\n  }").toString();
  }
}
