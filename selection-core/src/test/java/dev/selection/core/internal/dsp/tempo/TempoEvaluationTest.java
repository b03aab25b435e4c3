package dev.selection.core.internal.dsp.tempo;

import dev.selection.api.SegmentPolicy;
import dev.selection.api.spi.AudioExcerpt;
import dev.selection.core.internal.dsp.segment.SegmentCollector;
import dev.selection.core.internal.dsp.testutil.WavFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The tempo evaluation on the regenerable set of {@code src/test/eval/make_tempo_set.py}: prints
 * accuracy 1 and 2 of our estimator next to aubio and bpm-tools. Runs only when the set is named:
 *
 * <pre>
 * python3 selection-core/src/test/eval/make_tempo_set.py selection-core/target/tempo-eval
 * mvn -q -B -pl selection-core -am verify -Dtest=TempoEvaluationTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -DargLine=-Dtempo.eval.dir=$PWD/selection-core/target/tempo-eval
 * </pre>
 */
@EnabledIfSystemProperty(named = "tempo.eval.dir", matches = ".+")
class TempoEvaluationTest {

  @Test
  void printAccuracyTable() throws Exception {
    Path dir = Path.of(System.getProperty("tempo.eval.dir"));
    Map<String, String[]> reference = new LinkedHashMap<>();
    List<String> referenceLines = Files.readAllLines(dir.resolve("reference.csv"));
    for (String line : referenceLines.subList(1, referenceLines.size())) {
      String[] f = line.split(",", -1);
      reference.put(f[0], f);
    }
    TempoEstimator estimator = new TempoEstimator();
    // kind -> n, then acc1 and acc2 of: ours, aubio tempo, bpm-tools, aubio beat
    Map<String, int[]> perKind = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(dir.resolve("truth.csv"));
    System.out.println(
        "| track | truth | ours | conf | ½× / 2× salience | aubio tempo | bpm-tools"
            + " | aubio beat |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      String name = f[0];
      double truth = Double.parseDouble(f[1]);
      WavFiles.Pcm pcm = WavFiles.read(dir.resolve(name + ".11k.wav"));
      SegmentCollector collector = new SegmentCollector(SegmentPolicy.DEFAULT);
      collector.begin(pcm.sampleRateHz(), 1, -1);
      float[] mono = pcm.mono();
      collector.accept(mono, 0, mono.length);
      collector.end();
      List<AudioExcerpt> excerpts = collector.excerpts();
      TempoEstimate est = estimator.estimate(excerpts);
      double ours = est == null ? Double.NaN : est.bpm();
      double aubio = parse(reference.get(name)[1]);
      double bpm = parse(reference.get(name)[2]);
      double aubioBeat = parse(reference.get(name).length > 3 ? reference.get(name)[3] : "");
      StringBuilder alt = new StringBuilder();
      if (est != null) {
        for (TempoEstimate.Candidate c : est.candidates().subList(1, est.candidates().size())) {
          alt.append(alt.length() == 0 ? "" : " / ").append(String.format("%.2f", c.salience()));
        }
      }
      System.out.printf("| %s | %.0f | %.2f | %.2f | %s | %.2f | %.2f | %.2f |%n", name, truth,
          ours, est == null ? 0 : est.confidence(), alt, aubio, bpm, aubioBeat);
      for (String kind : new String[] {f[2], "all"}) {
        int[] c = perKind.computeIfAbsent(kind, k -> new int[9]);
        c[0]++;
        double[] values = {ours, aubio, bpm, aubioBeat};
        for (int i = 0; i < values.length; i++) {
          c[1 + 2 * i] += TempoAccuracy.acc1(values[i], truth) ? 1 : 0;
          c[2 + 2 * i] += TempoAccuracy.acc2(values[i], truth) ? 1 : 0;
        }
      }
    }
    System.out.println();
    System.out.println("| set | n | ours acc1 | ours acc2 | aubio tempo acc1 | aubio tempo acc2"
        + " | bpm-tools acc1 | bpm-tools acc2 | aubio beat acc1 | aubio beat acc2 |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Map.Entry<String, int[]> e : perKind.entrySet()) {
      int[] c = e.getValue();
      List<String> cells = new ArrayList<>();
      for (int i = 1; i < c.length; i++) {
        cells.add(String.format("%.0f %%", 100.0 * c[i] / c[0]));
      }
      System.out.printf("| %s | %d | %s |%n", e.getKey(), c[0], String.join(" | ", cells));
    }
  }

  private static double parse(String s) {
    return s == null || s.isBlank() ? Double.NaN : Double.parseDouble(s.trim());
  }
}
