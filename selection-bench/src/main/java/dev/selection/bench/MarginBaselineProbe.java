package dev.selection.bench;

import dev.selection.api.RankingMetric;
import dev.selection.api.SelectionEngine;
import dev.selection.api.SongFeatures;
import dev.selection.core.internal.rank.FeatureBuilder;
import dev.selection.core.internal.rank.FeatureContext;
import dev.selection.core.internal.rank.FeatureMatrix;
import dev.selection.core.internal.rank.Folds;
import dev.selection.core.internal.rank.Gbdt;
import dev.selection.core.internal.rank.PreparedSong;
import dev.selection.core.internal.rank.RankerConfig;
import dev.selection.core.internal.rank.RankingMetrics;
import dev.selection.core.internal.rank.ReferenceSet;
import dev.selection.core.internal.rank.SelectionTrainer;
import dev.selection.core.internal.rank.SimilarityKernel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Diagnostic for docs/quality.md: how far single feature columns get on their own, on exactly the
 * folds of the engine's evaluation (same samples, same order, same seed), so that the model's lead
 * over the centroid baseline can be split into "the contrast features" and "the booster". Reads a
 * library that {@link RealMusicEval} left behind (one condition's {@code eval-*} folder) and, for
 * the group of each song, the path index of its {@code tagged} folder. Each column is used as a
 * score as it is (larger = more liked); the {@code timbre_sim_centroid} row reproduces the engine's
 * baseline.
 *
 * <p>Usage: {@code MarginBaselineProbe EVAL_LIBRARY TAGGED_LIBRARY name=dir...} (the same groups as
 * the evaluation).
 */
public final class MarginBaselineProbe {
  private static final List<String> COLUMNS =
      List.of(
          "timbre_sim_centroid",
          "timbre_sim_max",
          "timbre_sim_top5_mean",
          "timbre_margin_max",
          "timbre_margin_top5_mean",
          "timbre_margin_centroid");

  private MarginBaselineProbe() {}

  /** Runs the probe and prints per-group and mean ROC-AUC / NDCG@10 per column. */
  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: MarginBaselineProbe EVAL_LIBRARY TAGGED_LIBRARY name=dir...");
      System.exit(2);
    }
    Map<String, String> dirs = new LinkedHashMap<>();
    for (int i = 2; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      dirs.put(kv[0], Path.of(kv[1]).toAbsolutePath().normalize().toString());
    }
    Map<String, SongFeatures> feats = new TreeMap<>();
    Map<String, String> group = new HashMap<>();
    try (SelectionEngine eval = open(Path.of(args[0]));
        SelectionEngine tagged = open(Path.of(args[1]))) {
      for (String id : eval.songIds()) {
        feats.put(id, eval.getSongFeatures(id).orElseThrow());
        String p = tagged.pathOf(id).map(Path::toString).orElse("");
        dirs.forEach(
            (g, d) -> {
              if (p.startsWith(d + "/")) {
                group.put(id, g);
              }
            });
      }
    }
    FeatureContext ctx = FeatureContext.fit(feats.values());
    Map<String, PreparedSong> prepared = new HashMap<>();
    feats.forEach((id, f) -> prepared.put(id, PreparedSong.of(f, ctx)));
    FeatureBuilder builder = new FeatureBuilder(new SimilarityKernel(), 1);
    Map<String, double[]> mean = new LinkedHashMap<>();
    int groups = 0;
    for (String g : dirs.keySet()) {
      // As the trainer: sorted liked ids, then sorted disliked ids; stratified folds with its seed.
      List<String> samples = new ArrayList<>();
      int liked = 0;
      for (String id : feats.keySet()) {
        if (g.equals(group.get(id))) {
          samples.add(liked++, id);
        } else {
          samples.add(id);
        }
      }
      if (liked < 10) {
        continue;
      }
      groups++;
      boolean[] y = new boolean[samples.size()];
      java.util.Arrays.fill(y, 0, liked, true);
      int k = Math.min(5, Math.min(liked, samples.size() - liked));
      int[] fold = Folds.stratified(y, k, Gbdt.SEED);
      Map<String, double[]> perGroup = new LinkedHashMap<>();
      for (int f = 0; f < k; f++) {
        int[] train = Folds.members(fold, f, true);
        int[] test = Folds.members(fold, f, false);
        List<PreparedSong> trainSongs = new ArrayList<>();
        List<PreparedSong> likedSongs = new ArrayList<>();
        boolean[] yTrain = new boolean[train.length];
        for (int i = 0; i < train.length; i++) {
          trainSongs.add(prepared.get(samples.get(train[i])));
          yTrain[i] = y[train[i]];
          if (yTrain[i]) {
            likedSongs.add(trainSongs.get(i));
          }
        }
        List<PreparedSong> testSongs = new ArrayList<>();
        boolean[] yTest = new boolean[test.length];
        for (int i = 0; i < test.length; i++) {
          testSongs.add(prepared.get(samples.get(test[i])));
          yTest[i] = y[test[i]];
        }
        FeatureMatrix x =
            builder.build(
                ctx.schema(),
                testSongs,
                new ReferenceSet(likedSongs),
                SelectionTrainer.contrast(
                    trainSongs, yTrain, RankerConfig.DEFAULTS.contrastSize()));
        for (String c : COLUMNS) {
          int col = x.schema().indexOf(c);
          double[] s = new double[test.length];
          for (int i = 0; i < s.length; i++) {
            float v = x.get(i, col);
            s[i] = Float.isNaN(v) ? -9 : v;
          }
          Map<String, Double> m = RankingMetrics.all(s, yTest);
          double[] acc = perGroup.computeIfAbsent(c, z -> new double[2]);
          acc[0] += m.get(RankingMetric.ROC_AUC.metricName()) / k;
          acc[1] += m.get(RankingMetric.NDCG_AT_10.metricName()) / k;
        }
      }
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-12s", g));
      for (String c : COLUMNS) {
        double[] acc = perGroup.get(c);
        line.append(String.format(Locale.ROOT, "  %s %.3f/%.3f", c, acc[0], acc[1]));
        double[] m = mean.computeIfAbsent(c, z -> new double[2]);
        m[0] += acc[0];
        m[1] += acc[1];
      }
      System.out.println(line);
    }
    System.out.println("mean over " + groups + " groups, ROC-AUC / NDCG@10:");
    for (Map.Entry<String, double[]> e : mean.entrySet()) {
      System.out.printf(
          Locale.ROOT,
          "  %-26s %.3f / %.3f%n",
          e.getKey(),
          e.getValue()[0] / groups,
          e.getValue()[1] / groups);
    }
  }

  private static SelectionEngine open(Path root) {
    return SelectionEngine.builder(root).autoTrain(false, 20, Duration.ofSeconds(8)).build();
  }
}
