package dev.selection.core.internal.dsp.tempo;

import dev.selection.api.BeatGrid;
import dev.selection.core.internal.dsp.testutil.WavFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tempo and beat evaluation on a folder made by the scripts in {@code src/test/eval} ({@code
 * make_tempo_set.py}, {@code make_real_tempo_set.py}, then {@code tempo_reference.py}):
 *
 * <ul>
 *   <li>{@code truth.csv}: {@code name,bpm,kind}; audio in {@code <name>.wav} (any rate, any
 *       channels);
 *   <li>{@code beats/<name>.txt} and {@code beats/<name>.down.txt}: true beat and downbeat times,
 *       one a line (optional);
 *   <li>{@code reference.csv}: {@code name} then one BPM column per established analyser; {@code
 *       ref/<analyser>/<name>.txt}: its beat times (optional).
 * </ul>
 *
 * Prints a per-track table and, per kind, accuracy 1 (within 4 %) and accuracy 2 (within 4 % of ×1,
 * ×2, ×½, ×3, ×⅓) of ours and of each analyser, beat F-measure (±70 ms, MIREX) mean and the share
 * of files with F ≥ 0.85, and our downbeat F-measure. Run by {@code RhythmEvaluationTest}.
 */
final class RhythmEvaluation {
  static final double BEAT_WINDOW_SEC = 0.07;

  private RhythmEvaluation() {}

  /** Runs the evaluation on {@code dir} and returns the printed report. */
  static String run(Path dir, TempoEstimator estimator) throws IOException {
    StringBuilder out = new StringBuilder();
    List<String> truthLines = Files.readAllLines(dir.resolve("truth.csv"));
    Map<String, String[]> reference = new LinkedHashMap<>();
    List<String> tools = new ArrayList<>();
    Path refFile = dir.resolve("reference.csv");
    if (Files.exists(refFile)) {
      List<String> lines = Files.readAllLines(refFile);
      String[] header = lines.get(0).split(",", -1);
      for (int i = 1; i < header.length; i++) {
        tools.add(header[i]);
      }
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.split(",", -1);
        reference.put(f[0], f);
      }
    }
    // kind -> counters: n, ours acc1, acc2, per tool acc1, acc2
    Map<String, double[]> perKind = new LinkedHashMap<>();
    Map<String, List<Double>> beatF = new LinkedHashMap<>();
    Map<String, List<Double>> downF = new LinkedHashMap<>();
    out.append("| track | truth | ours | conf | sections | beat F | downbeat F");
    for (String t : tools) {
      out.append(" | ").append(t);
    }
    out.append(" |\n|---|---:|---:|---:|---:|---:|---:");
    out.append("|---:".repeat(tools.size())).append("|\n");
    StringBuilder ours = new StringBuilder("name,bpm,confidence,sections\n");
    for (String line : truthLines.subList(1, truthLines.size())) {
      String[] f = line.split(",", -1);
      String name = f[0];
      double truth = Double.parseDouble(f[1]);
      String kind = f.length > 2 ? f[2] : "all";
      WavFiles.Pcm pcm = WavFiles.read(dir.resolve(name + ".wav"));
      float[] mono = mono(pcm);
      Rhythm r = estimator.analyze(OnsetEnvelope.of(mono, pcm.sampleRateHz()));
      double bpm = r == null ? Double.NaN : r.tempo().bpm();
      ours.append(
          String.format(
              Locale.ROOT,
              "%s,%.3f,%.3f,%d%n",
              name,
              bpm,
              r == null ? 0 : r.tempo().confidence(),
              r == null || r.grid() == null ? 0 : r.grid().sections().size()));
      double[] trueBeats = readTimes(dir.resolve("beats").resolve(name + ".txt"));
      double[] trueDown = readTimes(dir.resolve("beats").resolve(name + ".down.txt"));
      BeatGrid g = r == null ? null : r.grid();
      double fBeat = Double.NaN;
      double fDown = Double.NaN;
      if (trueBeats != null) {
        fBeat = fMeasure(g == null ? new double[0] : g.beatsSec(), trueBeats);
        beatF.computeIfAbsent(kind, k -> new ArrayList<>()).add(fBeat);
        beatF.computeIfAbsent("all", k -> new ArrayList<>()).add(fBeat);
      }
      if (trueDown != null) {
        fDown = fMeasure(g == null ? new double[0] : g.downbeatsSec(), trueDown);
        downF.computeIfAbsent(kind, k -> new ArrayList<>()).add(fDown);
        downF.computeIfAbsent("all", k -> new ArrayList<>()).add(fDown);
      }
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f | %.2f | %.2f | %d | %.2f | %.2f",
              name,
              truth,
              bpm,
              r == null ? 0 : r.tempo().confidence(),
              g == null ? 0 : g.sections().size(),
              fBeat,
              fDown));
      String[] ref = reference.get(name);
      double[] values = new double[1 + tools.size()];
      values[0] = bpm;
      for (int i = 0; i < tools.size(); i++) {
        values[1 + i] = ref == null || ref.length <= i + 1 ? Double.NaN : parse(ref[i + 1]);
        out.append(String.format(Locale.ROOT, " | %.2f", values[1 + i]));
        double[] toolBeats =
            readTimes(dir.resolve("ref").resolve(tools.get(i)).resolve(name + ".txt"));
        if (trueBeats != null && toolBeats != null) {
          double ft = fMeasure(toolBeats, trueBeats);
          beatF.computeIfAbsent(kind + "|" + tools.get(i), k -> new ArrayList<>()).add(ft);
          beatF.computeIfAbsent("all|" + tools.get(i), k -> new ArrayList<>()).add(ft);
        }
      }
      out.append(" |\n");
      for (String k : new String[] {kind, "all"}) {
        double[] c = perKind.computeIfAbsent(k, x -> new double[1 + 2 * values.length]);
        c[0]++;
        for (int i = 0; i < values.length; i++) {
          c[1 + 2 * i] += TempoAccuracy.acc1(values[i], truth) ? 1 : 0;
          c[2 + 2 * i] += TempoAccuracy.acc2(values[i], truth) ? 1 : 0;
        }
      }
    }
    Files.writeString(dir.resolve("ours.csv"), ours);
    out.append("\n| set | n | ours acc1 | ours acc2");
    for (String t : tools) {
      out.append(" | ").append(t).append(" acc1 | ").append(t).append(" acc2");
    }
    out.append(" |\n|---|---:|---:|---:").append("|---:|---:".repeat(tools.size())).append("|\n");
    for (Map.Entry<String, double[]> e : perKind.entrySet()) {
      double[] c = e.getValue();
      out.append("| ").append(e.getKey()).append(" | ").append((int) c[0]);
      for (int i = 1; i < c.length; i++) {
        out.append(String.format(Locale.ROOT, " | %.0f %%", 100 * c[i] / c[0]));
      }
      out.append(" |\n");
    }
    if (!beatF.isEmpty()) {
      out.append("\n| beats: set (tracker) | n | mean F (±70 ms) | files with F ≥ 0.85 |\n");
      out.append("|---|---:|---:|---:|\n");
      for (Map.Entry<String, List<Double>> e : beatF.entrySet()) {
        appendF(
            out,
            e.getKey().contains("|") ? e.getKey().replace("|", " (") + ")" : e.getKey() + " (ours)",
            e.getValue());
      }
      for (Map.Entry<String, List<Double>> e : downF.entrySet()) {
        appendF(out, e.getKey() + " (ours, downbeats)", e.getValue());
      }
    }
    return out.toString();
  }

  private static void appendF(StringBuilder out, String label, List<Double> values) {
    double sum = 0;
    int good = 0;
    for (double v : values) {
      sum += v;
      good += v >= 0.85 ? 1 : 0;
    }
    out.append(
        String.format(
            Locale.ROOT,
            "| %s | %d | %.3f | %.0f %% |%n",
            label,
            values.size(),
            sum / values.size(),
            100.0 * good / values.size()));
  }

  static float[] mono(WavFiles.Pcm pcm) {
    int ch = pcm.channels();
    float[] x = pcm.interleaved();
    if (ch == 1) {
      return x;
    }
    float[] m = new float[x.length / ch];
    for (int i = 0; i < m.length; i++) {
      float s = 0;
      for (int c = 0; c < ch; c++) {
        s += x[i * ch + c];
      }
      m[i] = s / ch;
    }
    return m;
  }

  /**
   * The MIREX beat F-measure: each true beat matches at most one estimate within ±70 ms; F = 2PR /
   * (P + R). Both empty: 1; one empty: 0.
   */
  static double fMeasure(double[] estimated, double[] truth) {
    if (estimated.length == 0 && truth.length == 0) {
      return 1;
    }
    if (estimated.length == 0 || truth.length == 0) {
      return 0;
    }
    boolean[] used = new boolean[estimated.length];
    int hits = 0;
    int j = 0;
    for (double t : truth) {
      while (j < estimated.length && estimated[j] < t - BEAT_WINDOW_SEC) {
        j++;
      }
      int best = -1;
      for (int k = j; k < estimated.length && estimated[k] <= t + BEAT_WINDOW_SEC; k++) {
        if (!used[k] && (best < 0 || Math.abs(estimated[k] - t) < Math.abs(estimated[best] - t))) {
          best = k;
        }
      }
      if (best >= 0) {
        used[best] = true;
        hits++;
      }
    }
    double p = (double) hits / estimated.length;
    double r = (double) hits / truth.length;
    return hits == 0 ? 0 : 2 * p * r / (p + r);
  }

  static double[] readTimes(Path file) throws IOException {
    if (!Files.exists(file)) {
      return null;
    }
    List<Double> v = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      String s = line.trim();
      if (!s.isEmpty() && !s.startsWith("#")) {
        v.add(Double.parseDouble(s.split("[\\s,]+")[0]));
      }
    }
    double[] out = new double[v.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = v.get(i);
    }
    return out;
  }

  private static double parse(String s) {
    try {
      return s == null || s.isBlank() ? Double.NaN : Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** Command line: {@code RhythmEvaluation DIR [minBpm maxBpm]}. */
  public static void main(String[] args) throws IOException {
    TempoEstimator est =
        args.length >= 3
            ? new TempoEstimator(Double.parseDouble(args[1]), Double.parseDouble(args[2]))
            : new TempoEstimator();
    System.out.print(run(Path.of(args[0]), est));
  }
}
