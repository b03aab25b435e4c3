package dev.selection.bench;

import dev.selection.api.CancellationToken;
import dev.selection.api.PredictResult;
import dev.selection.api.ProgressListener;
import dev.selection.api.RankingMetric;
import dev.selection.api.ScoredSong;
import dev.selection.api.SongFeatures;
import dev.selection.api.TrainResult;
import dev.selection.api.TrainStatus;
import dev.selection.api.spi.GbdtParams;
import dev.selection.core.internal.rank.FeatureSource;
import dev.selection.core.internal.rank.FileModelStore;
import dev.selection.core.internal.rank.RankerConfig;
import dev.selection.core.internal.rank.RankingMetrics;
import dev.selection.core.internal.rank.SelectionPredictor;
import dev.selection.core.internal.rank.SelectionTrainer;
import dev.selection.core.internal.rank.SimilarityKernel;
import dev.selection.sqlite.SqliteFeatureStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Ranker design probe (docs/efficientat.md): TasteEval's splits on a library TasteEval left behind
 * ({@code ROOT/fs3}), with the trainer and predictor called directly (no engine, no internal
 * evaluation), so that GBDT parameters and feature subsets can be compared quickly on the same
 * splits.
 *
 * <p>Usage: {@code RankerProbe TASTE_ROOT [--seeds 5]}; the variants are listed in {@link #main}.
 */
public final class RankerProbe {
  private RankerProbe() {}

  /** A ranker variant: its GBDT parameters and a transform of the stored features. */
  record Variant(
      String name, GbdtParams params, UnaryOperator<SongFeatures> features, int contrast) {
    Variant(String name, GbdtParams params, UnaryOperator<SongFeatures> features) {
      this(name, params, features, RankerConfig.DEFAULTS.contrastSize());
    }
  }

  /** Command-line entry. */
  public static void main(String[] args) throws IOException {
    Path root = Path.of(args[0]);
    int seeds = args.length > 2 && args[1].equals("--seeds") ? Integer.parseInt(args[2]) : 5;
    Map<String, SongFeatures> all = new LinkedHashMap<>();
    Map<String, String> groupOf = new LinkedHashMap<>();
    try (SqliteFeatureStore store = SqliteFeatureStore.open(root.resolve("fs3"))) {
      store.forEach(f -> all.put(f.songId(), f));
    }
    // The sources come from the tsv TasteEval writes next to its libraries.
    for (String line : Files.readAllLines(root.resolve("groups.tsv"))) {
      String[] p = line.split("\t");
      groupOf.put(p[1], p[0]);
    }
    // In TasteEval's order (groups.tsv), so that the splits are TasteEval's.
    Map<String, List<String>> ids = new TreeMap<>();
    groupOf.forEach(
        (id, g) -> {
          if (all.containsKey(id)) {
            ids.computeIfAbsent(g, k -> new ArrayList<>()).add(id);
          }
        });
    GbdtParams d = GbdtParams.DEFAULTS;
    List<Variant> variants = new ArrayList<>();
    String only = System.getProperty("variants", "");
    variants.add(new Variant("default", d, f -> f));
    variants.add(new Variant("unconstrained", d.unconstrained().withPrior(false), f -> f));
    variants.add(new Variant("monotone-only", d.withPrior(false), f -> f));
    variants.add(
        new Variant("fs2-before", d.unconstrained().withPrior(false), RankerProbe::noEmbeddings));
    variants.add(new Variant("fs2", d, RankerProbe::noEmbeddings));
    variants.add(new Variant("mono", d.with(6, 0.05, 1, 1, true), f -> f));
    variants.add(new Variant("mono-d4", d.with(4, 0.05, 1, 1, true), f -> f));
    variants.add(new Variant("mono-mcw0.5", d.with(6, 0.05, 0.5, 1, true), f -> f));
    variants.add(new Variant("mono-eta0.1", d.with(6, 0.1, 1, 1, true), f -> f));
    variants.add(new Variant("mono-lambda5", d.with(6, 0.05, 1, 5, true), f -> f));
    variants.add(
        new Variant(
            "mono-col0.5",
            new GbdtParams(6, 0.05, 0.8, 0.5, 1, 1, 400, 30, true, d.seed()),
            f -> f));
    variants.add(new Variant("mono-sound", d.with(6, 0.05, 1, 1, true), RankerProbe::soundCore));
    variants.add(new Variant("prior", d.withPrior(true), f -> f));
    variants.add(new Variant("prior-unconstrained", d.withPrior(true).unconstrained(), f -> f));
    variants.add(
        new Variant("prior-fixed50", d.withPrior(true).fixed(50, "binary:logistic"), f -> f));
    variants.add(new Variant("prior-contrast256", d.withPrior(true), f -> f, 256));
    variants.add(new Variant("fixed50", d.fixed(50, "binary:logistic"), f -> f));
    variants.add(new Variant("fixed150", d.fixed(150, "binary:logistic"), f -> f));
    variants.add(new Variant("fixed300", d.fixed(300, "binary:logistic"), f -> f));
    variants.add(new Variant("pairwise100", d.fixed(100, "rank:pairwise"), f -> f));
    variants.add(new Variant("pairwise300", d.fixed(300, "rank:pairwise"), f -> f));
    variants.add(new Variant("mono-contrast256", d.with(6, 0.05, 1, 1, true), f -> f, 256));
    variants.add(new Variant("mono-contrast512", d.with(6, 0.05, 1, 1, true), f -> f, 512));
    variants.add(new Variant("mono-nocontrast", d.with(6, 0.05, 1, 1, true), f -> f, 0));
    if (!only.isEmpty()) {
      List<String> keep = List.of(only.split(","));
      variants.removeIf(v -> !keep.contains(v.name));
    }
    Map<String, double[]> sum = new LinkedHashMap<>();
    int runs = 0;
    for (int s = 0; s < seeds; s++) {
      for (String g : ids.keySet()) {
        if (ids.get(g).size() < 10) {
          continue;
        }
        Random rnd = new Random(1000L * (s + 1) + g.hashCode());
        List<String> liked = new ArrayList<>();
        List<String> disliked = new ArrayList<>();
        List<String> test = new ArrayList<>();
        Set<String> relevant = new HashSet<>();
        for (Map.Entry<String, List<String>> e : ids.entrySet()) {
          List<String> songs = new ArrayList<>(e.getValue());
          Collections.shuffle(songs, rnd);
          int n = songs.size();
          int train = (int) Math.round(0.6 * n);
          if (e.getKey().equals(g)) {
            train = Math.max(Math.min(10, n - 5), Math.min(20, train));
            liked.addAll(songs.subList(0, train));
            relevant.addAll(songs.subList(train, n));
          } else {
            disliked.addAll(songs.subList(0, train));
          }
          test.addAll(songs.subList(train, n));
        }
        runs++;
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "seed %d %-13s", s, g));
        double[] base = baseline(all, liked, test, relevant);
        double[] bacc = sum.computeIfAbsent("emb-centroid", k -> new double[2]);
        bacc[0] += base[0];
        bacc[1] += base[1];
        line.append(String.format(Locale.ROOT, " emb-centroid %.3f/%.3f", base[0], base[1]));
        for (String column : COLUMNS) {
          double[] c = column(all, liked, disliked, test, relevant, column);
          double[] cacc = sum.computeIfAbsent(column, k -> new double[2]);
          cacc[0] += c[0];
          cacc[1] += c[1];
        }
        for (Variant v : variants) {
          Map<String, SongFeatures> view = new HashMap<>();
          all.forEach((k, f) -> view.put(k, v.features.apply(f)));
          double[] m = score(view, liked, disliked, test, relevant, v.params, v.contrast);
          double[] acc = sum.computeIfAbsent(v.name, k -> new double[2]);
          acc[0] += m[0];
          acc[1] += m[1];
          line.append(String.format(Locale.ROOT, " %s %.3f/%.3f", v.name, m[0], m[1]));
        }
        System.out.println(line);
      }
    }
    System.out.println();
    for (Map.Entry<String, double[]> e : sum.entrySet()) {
      System.out.printf(
          Locale.ROOT,
          "%-18s macro ROC-AUC %.3f  NDCG@10 %.3f%n",
          e.getKey(),
          e.getValue()[0] / runs,
          e.getValue()[1] / runs);
    }
  }

  /** Single feature columns scored as rankers on the same splits. */
  static final List<String> COLUMNS =
      List.of(
          "efficientat_sim_centroid",
          "efficientat_sim_top5_mean",
          "efficientat_margin_top5_mean",
          "efficientat_margin_max",
          "efficientat_margin_centroid");

  private static double[] column(
      Map<String, SongFeatures> all,
      List<String> liked,
      List<String> disliked,
      List<String> test,
      Set<String> relevant,
      String column) {
    dev.selection.core.internal.rank.FeatureContext ctx =
        dev.selection.core.internal.rank.FeatureContext.fit(all.values());
    List<dev.selection.core.internal.rank.PreparedSong> likedSongs = new ArrayList<>();
    List<dev.selection.core.internal.rank.PreparedSong> train = new ArrayList<>();
    List<Boolean> y = new ArrayList<>();
    for (String id : liked) {
      likedSongs.add(dev.selection.core.internal.rank.PreparedSong.of(all.get(id), ctx));
      train.add(likedSongs.get(likedSongs.size() - 1));
      y.add(true);
    }
    for (String id : disliked) {
      train.add(dev.selection.core.internal.rank.PreparedSong.of(all.get(id), ctx));
      y.add(false);
    }
    boolean[] yy = new boolean[y.size()];
    for (int i = 0; i < yy.length; i++) {
      yy[i] = y.get(i);
    }
    List<dev.selection.core.internal.rank.PreparedSong> testSongs = new ArrayList<>();
    for (String id : test) {
      testSongs.add(dev.selection.core.internal.rank.PreparedSong.of(all.get(id), ctx));
    }
    dev.selection.core.internal.rank.FeatureMatrix x =
        new dev.selection.core.internal.rank.FeatureBuilder(new SimilarityKernel(), 1)
            .build(
                ctx.schema(),
                testSongs,
                new dev.selection.core.internal.rank.ReferenceSet(likedSongs),
                SelectionTrainer.contrast(train, yy, RankerConfig.DEFAULTS.contrastSize()));
    double[] sc = new double[test.size()];
    boolean[] rel = new boolean[test.size()];
    for (int i = 0; i < sc.length; i++) {
      float v = x.get(i, column);
      sc[i] = Float.isNaN(v) ? -9 : v;
      rel[i] = relevant.contains(test.get(i));
    }
    Map<String, Double> m = RankingMetrics.all(sc, rel);
    return new double[] {
      m.get(RankingMetric.ROC_AUC.metricName()), m.get(RankingMetric.NDCG_AT_10.metricName())
    };
  }

  /** The embedding's centroid cosine ("more like these") on the same split. */
  private static double[] baseline(
      Map<String, SongFeatures> all, List<String> liked, List<String> test, Set<String> relevant) {
    dev.selection.api.SimilarResult r =
        dev.selection.core.internal.rank.SimilarSongs.rank(
            liked,
            0,
            c -> all.values().forEach(c),
            dev.selection.core.internal.rank.SimilarSongs.Scorer.CENTROID);
    Map<String, Double> scores = new HashMap<>();
    r.items().forEach(x -> scores.put(x.songId(), x.similarity()));
    double[] sc = new double[test.size()];
    boolean[] rel = new boolean[test.size()];
    for (int i = 0; i < sc.length; i++) {
      sc[i] = scores.getOrDefault(test.get(i), -2.0);
      rel[i] = relevant.contains(test.get(i));
    }
    Map<String, Double> m = RankingMetrics.all(sc, rel);
    return new double[] {
      m.get(RankingMetric.ROC_AUC.metricName()), m.get(RankingMetric.NDCG_AT_10.metricName())
    };
  }

  /** The embeddings, timbre and loudness only: no tonal, tempo or fingerprint columns. */
  private static SongFeatures soundCore(SongFeatures f) {
    SongFeatures.Builder b =
        SongFeatures.builder(f.songId()).timbre(f.timbre()).rmsMean(f.rmsMean());
    f.embeddings().forEach(b::embedding);
    return b.build();
  }

  private static SongFeatures noEmbeddings(SongFeatures f) {
    SongFeatures.Builder b = f.toBuilder();
    for (String kind : f.embeddings().keySet()) {
      b.embedding(kind, null);
    }
    return b.build();
  }

  private static SongFeatures embeddingOnly(SongFeatures f) {
    SongFeatures.Builder b = SongFeatures.builder(f.songId());
    f.embeddings().forEach(b::embedding);
    return b.build();
  }

  private static double[] score(
      Map<String, SongFeatures> features,
      List<String> liked,
      List<String> disliked,
      List<String> test,
      Set<String> relevant,
      GbdtParams params,
      int contrast)
      throws IOException {
    Path dir = Files.createTempDirectory("ranker-probe");
    try {
      FileModelStore store = new FileModelStore(dir);
      RankerConfig cfg =
          RankerConfig.DEFAULTS
              .withThresholds(5, 1.0)
              .withFolds(0)
              .withGbdt(params)
              .withContrastSize(contrast);
      FeatureSource source =
          ids -> {
            Map<String, SongFeatures> out = new HashMap<>();
            for (String id : ids) {
              SongFeatures f = features.get(id);
              if (f != null) {
                out.put(id, f);
              }
            }
            return out;
          };
      TrainResult t =
          new SelectionTrainer(store, cfg, new SimilarityKernel(), Clock.systemUTC())
              .train(
                  liked,
                  disliked,
                  source,
                  features.values(),
                  null,
                  ProgressListener.NONE,
                  new CancellationToken());
      if (t.status() != TrainStatus.TRAINED) {
        throw new IllegalStateException(t.toString());
      }
      Map<String, Double> scores = new HashMap<>();
      try (SelectionPredictor p = new SelectionPredictor(store, cfg)) {
        PredictResult r =
            p.predict(test, 0, source, ProgressListener.NONE, new CancellationToken());
        for (ScoredSong s : r.items()) {
          scores.put(s.songId(), s.score());
        }
      }
      double[] sc = new double[test.size()];
      boolean[] rel = new boolean[test.size()];
      for (int i = 0; i < sc.length; i++) {
        sc[i] = scores.getOrDefault(test.get(i), -1.0);
        rel[i] = relevant.contains(test.get(i));
      }
      Map<String, Double> m = RankingMetrics.all(sc, rel);
      return new double[] {
        m.get(RankingMetric.ROC_AUC.metricName()), m.get(RankingMetric.NDCG_AT_10.metricName())
      };
    } finally {
      RealMusicEval.deleteTree(dir);
    }
  }
}
