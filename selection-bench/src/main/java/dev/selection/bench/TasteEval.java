package dev.selection.bench;

import dev.selection.api.CancellationToken;
import dev.selection.api.ExtractOptions;
import dev.selection.api.ExtractionReport;
import dev.selection.api.Label;
import dev.selection.api.PredictResult;
import dev.selection.api.PredictStatus;
import dev.selection.api.ProgressListener;
import dev.selection.api.RankingMetric;
import dev.selection.api.ScoredSong;
import dev.selection.api.SelectionEngine;
import dev.selection.api.SimilarResult;
import dev.selection.api.SimilarSong;
import dev.selection.api.SongFeatures;
import dev.selection.api.TrainResult;
import dev.selection.api.TrainStatus;
import dev.selection.core.internal.rank.RankingMetrics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Taste on real music, the way a user meets it: like 10–20 songs of one source, dislike songs of
 * the others, and rank songs the engine has never been told about. One scan, then for every seed
 * and every source G with at least {@code --min-group} songs:
 *
 * <ol>
 *   <li>every source is split at random (seeded) into a training part ({@code --train-fraction},
 *       with G's training part clamped to 10–20 liked songs where G is large enough) and a held-out
 *       part;
 *   <li>liked = G's training songs, disliked = every other source's training songs;
 *   <li>the rankers score the held-out songs of every source; G's are the relevant ones: ROC-AUC,
 *       NDCG@10, precision@10 and recall@10.
 * </ol>
 *
 * <p>Rankers, all on the same splits: {@code fs3} the engine's model on every feature (the built-in
 * embedding included); {@code fs2} the engine's model on a copy of the library without embeddings
 * (the feature set before the built-in embedding); {@code emb-centroid} the embedding alone: cosine
 * to the liked songs' centroid ({@link SelectionEngine#similar}, no model, no dislikes); {@code
 * timbre-centroid} the same on the timbre descriptor. By default the features are the sound alone:
 * metadata, bitrate and duration are removed before anything is ranked (the corpus should be
 * one-format, tag-stripped copies: {@code build_eval_corpus.sh}).
 *
 * <p>Usage: {@code TasteEval --root DIR [--max-per-group 30] [--seed 42] [--seeds 5]
 * [--min-duration-sec 30] [--min-group 10] [--train-fraction 0.6] [--keep-duration] name=dir...}
 */
public final class TasteEval {
  /** The rankers, in table order. */
  public static final List<String> RANKERS =
      List.of("fs3", "fs2", "emb-centroid", "timbre-centroid");

  /** The metrics, in table order. */
  public static final List<String> METRICS =
      List.of(
          RankingMetric.ROC_AUC.metricName(),
          RankingMetric.NDCG_AT_10.metricName(),
          RankingMetric.PRECISION_AT_10.metricName(),
          RankingMetric.RECALL_AT_10.metricName());

  private TasteEval() {}

  /**
   * Options of one run.
   *
   * @param root working folder (the scan library and the rankers' libraries go under it)
   * @param maxPerGroup most files per source (a seeded random subset)
   * @param seed seed of the subset
   * @param seeds how many random splits
   * @param minDurationSec songs shorter than this are dropped (stingers)
   * @param minGroup sources with fewer songs are never liked, only disliked
   * @param trainFraction fraction of every source used for training
   * @param keepDuration keep track duration as a feature (default: removed, a per-package artefact)
   */
  public record Options(
      Path root,
      int maxPerGroup,
      long seed,
      int seeds,
      double minDurationSec,
      int minGroup,
      double trainFraction,
      boolean keepDuration) {}

  /**
   * One source's result, averaged over seeds.
   *
   * @param group the source
   * @param songs its songs after filtering
   * @param liked liked songs per split (mean)
   * @param metrics ranker to metric to mean over seeds
   * @param perSeed ranker to metric to the value of each seed
   */
  public record GroupResult(
      String group,
      int songs,
      double liked,
      Map<String, Map<String, Double>> metrics,
      Map<String, Map<String, List<Double>>> perSeed) {}

  /**
   * The outcome of a run.
   *
   * @param groups per source
   * @param sizes songs per source after filtering
   * @param scan the scan's report
   */
  public record Result(
      List<GroupResult> groups, Map<String, Integer> sizes, ExtractionReport scan) {
    /** Macro mean over sources of a ranker's metric. */
    public double macro(String ranker, String metric) {
      return groups.stream()
          .mapToDouble(g -> g.metrics().get(ranker).get(metric))
          .average()
          .orElse(Double.NaN);
    }

    /** Standard deviation over seeds of the macro mean of a ranker's metric. */
    public double seedSpread(String ranker, String metric) {
      int seeds = groups.get(0).perSeed().get(ranker).get(metric).size();
      double[] perSeed = new double[seeds];
      for (GroupResult g : groups) {
        List<Double> v = g.perSeed().get(ranker).get(metric);
        for (int s = 0; s < seeds; s++) {
          perSeed[s] += v.get(s) / groups.size();
        }
      }
      double mean = 0;
      for (double v : perSeed) {
        mean += v / seeds;
      }
      double var = 0;
      for (double v : perSeed) {
        var += (v - mean) * (v - mean) / Math.max(1, seeds - 1);
      }
      return Math.sqrt(var);
    }
  }

  /** Runs the evaluation. */
  public static Result run(Map<String, Path> groups, Options opt, PrintStream log)
      throws IOException {
    Map<String, List<Path>> files = new LinkedHashMap<>();
    List<Path> all = new ArrayList<>();
    for (Map.Entry<String, Path> g : groups.entrySet()) {
      List<Path> list = RealMusicEval.listAudio(g.getValue());
      if (list.size() > opt.maxPerGroup()) {
        Collections.shuffle(list, new Random(opt.seed() ^ g.getKey().hashCode()));
        list = new ArrayList<>(list.subList(0, opt.maxPerGroup()));
        Collections.sort(list);
      }
      files.put(g.getKey(), list);
      all.addAll(list);
    }
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    Map<String, List<String>> ids = new LinkedHashMap<>();
    Map<String, SongFeatures> feats = new LinkedHashMap<>();
    ExtractionReport report;
    try (SelectionEngine scan = open(opt.root().resolve("scan"), clock)) {
      report =
          scan.extractFeatures(
              all, ExtractOptions.DEFAULTS, ProgressListener.NONE, new CancellationToken());
      log.printf(
          Locale.ROOT,
          "scan: %d files, %d extracted, %d skipped, %d failed, %.0f s audio, %s%n",
          report.total(),
          report.extracted(),
          report.skipped(),
          report.failed(),
          report.audioSeconds(),
          report.elapsed());
      report.failures().forEach(f -> log.println("  failed: " + f.path() + ": " + f.code()));
      Set<String> seen = new HashSet<>();
      for (Map.Entry<String, List<Path>> g : files.entrySet()) {
        List<String> keep = new ArrayList<>();
        for (Path f : g.getValue()) {
          String id;
          try {
            id = scan.songIdFor(f);
          } catch (dev.selection.api.SelectionException e) {
            continue;
          }
          Optional<SongFeatures> sf = scan.getSongFeatures(id);
          if (sf.isEmpty()
              || sf.get().durationSec() == null
              || sf.get().durationSec() < opt.minDurationSec()
              || !seen.add(id)) {
            continue;
          }
          keep.add(id);
          feats.put(id, sf.get());
        }
        ids.put(g.getKey(), keep);
      }
    }
    Map<String, Integer> sizes = new LinkedHashMap<>();
    ids.forEach((k, v) -> sizes.put(k, v.size()));
    log.println("songs per source after filtering: " + sizes);
    // The sources of the songs, for the ranker probe (RankerProbe) on the same libraries.
    List<String> tsv = new ArrayList<>();
    ids.forEach((g, list) -> list.forEach(id -> tsv.add(g + "\t" + id)));
    Files.write(opt.root().resolve("groups.tsv"), tsv);

    // The rankers' libraries: the sound alone; fs2 also without embeddings.
    List<SongFeatures> sound = new ArrayList<>();
    List<SongFeatures> noEmbeddings = new ArrayList<>();
    for (SongFeatures s : feats.values()) {
      SongFeatures.Builder b = s.toBuilder().metadata(null).bitrateKbps(null);
      if (!opt.keepDuration()) {
        b.durationSec(null);
      }
      SongFeatures x = b.build();
      sound.add(x);
      SongFeatures.Builder n = x.toBuilder();
      for (String kind : x.embeddings().keySet()) {
        n.embedding(kind, null);
      }
      noEmbeddings.add(n.build());
    }
    Map<String, Map<String, Map<String, List<Double>>>> acc = new LinkedHashMap<>();
    Map<String, Double> likedCount = new HashMap<>();
    try (SelectionEngine fs3 = fresh(opt.root().resolve("fs3"), clock, sound);
        SelectionEngine fs2 = fresh(opt.root().resolve("fs2"), clock, noEmbeddings)) {
      for (int s = 0; s < opt.seeds(); s++) {
        for (String g : ids.keySet()) {
          if (ids.get(g).size() < opt.minGroup()) {
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
            int train = (int) Math.round(opt.trainFraction() * n);
            if (e.getKey().equals(g)) {
              // 10–20 liked songs where the source is large enough; at least 5 held out.
              train = Math.max(Math.min(10, n - 5), Math.min(20, train));
              liked.addAll(songs.subList(0, train));
              relevant.addAll(songs.subList(train, n));
            } else {
              disliked.addAll(songs.subList(0, train));
            }
            test.addAll(songs.subList(train, n));
          }
          likedCount.merge(g, (double) liked.size() / opt.seeds(), Double::sum);
          Map<String, Map<String, List<Double>>> byRanker =
              acc.computeIfAbsent(g, k -> new LinkedHashMap<>());
          record("fs3", byRanker, model(fs3, liked, disliked, test), test, relevant);
          record("fs2", byRanker, model(fs2, liked, disliked, test), test, relevant);
          record("emb-centroid", byRanker, centroid(fs3, liked, test), test, relevant);
          record("timbre-centroid", byRanker, centroid(fs2, liked, test), test, relevant);
          log.printf(
              Locale.ROOT,
              "seed %d %-14s liked %2d: fs3 auc %.3f ndcg %.3f | fs2 %.3f %.3f"
                  + " | emb %.3f %.3f | timbre %.3f %.3f%n",
              s,
              g,
              liked.size(),
              last(byRanker, "fs3", RankingMetric.ROC_AUC.metricName()),
              last(byRanker, "fs3", RankingMetric.NDCG_AT_10.metricName()),
              last(byRanker, "fs2", RankingMetric.ROC_AUC.metricName()),
              last(byRanker, "fs2", RankingMetric.NDCG_AT_10.metricName()),
              last(byRanker, "emb-centroid", RankingMetric.ROC_AUC.metricName()),
              last(byRanker, "emb-centroid", RankingMetric.NDCG_AT_10.metricName()),
              last(byRanker, "timbre-centroid", RankingMetric.ROC_AUC.metricName()),
              last(byRanker, "timbre-centroid", RankingMetric.NDCG_AT_10.metricName()));
        }
      }
    }
    List<GroupResult> out = new ArrayList<>();
    for (Map.Entry<String, Map<String, Map<String, List<Double>>>> e : acc.entrySet()) {
      Map<String, Map<String, Double>> means = new LinkedHashMap<>();
      e.getValue()
          .forEach(
              (ranker, metrics) -> {
                Map<String, Double> m = new LinkedHashMap<>();
                metrics.forEach(
                    (k, v) ->
                        m.put(
                            k,
                            v.stream()
                                .mapToDouble(Double::doubleValue)
                                .average()
                                .orElse(Double.NaN)));
                means.put(ranker, m);
              });
      out.add(
          new GroupResult(
              e.getKey(), sizes.get(e.getKey()), likedCount.get(e.getKey()), means, e.getValue()));
    }
    return new Result(out, sizes, report);
  }

  private static double last(
      Map<String, Map<String, List<Double>>> m, String ranker, String metric) {
    List<Double> v = m.get(ranker).get(metric);
    return v.get(v.size() - 1);
  }

  private static void record(
      String ranker,
      Map<String, Map<String, List<Double>>> byRanker,
      Map<String, Double> scores,
      List<String> test,
      Set<String> relevant) {
    double[] s = new double[test.size()];
    boolean[] rel = new boolean[test.size()];
    for (int i = 0; i < s.length; i++) {
      // A held-out song the ranker could not score ranks last.
      s[i] = scores.getOrDefault(test.get(i), -10.0);
      rel[i] = relevant.contains(test.get(i));
    }
    Map<String, Double> m = RankingMetrics.all(s, rel);
    Map<String, List<Double>> r = byRanker.computeIfAbsent(ranker, k -> new LinkedHashMap<>());
    for (String k : METRICS) {
      r.computeIfAbsent(k, x -> new ArrayList<>()).add(m.get(k));
    }
  }

  /** Trains on the split's labels and scores the held-out songs. */
  private static Map<String, Double> model(
      SelectionEngine e, List<String> liked, List<String> disliked, List<String> test) {
    e.resetSelectionLabels();
    e.setSelectionLabels(liked, Label.LIKED);
    e.setSelectionLabels(disliked, Label.DISLIKED);
    TrainResult t = e.train(ProgressListener.NONE, new CancellationToken());
    if (t.status() != TrainStatus.TRAINED) {
      throw new IllegalStateException("training failed: " + t);
    }
    PredictResult r = e.predictSelectionCandidates(test, 0);
    if (r.status() != PredictStatus.OK) {
      throw new IllegalStateException("prediction failed: " + r);
    }
    Map<String, Double> out = new HashMap<>();
    for (ScoredSong s : r.items()) {
      out.put(s.songId(), s.score());
    }
    return out;
  }

  /** The liked songs' centroid cosine, from the engine's "more like these". */
  private static Map<String, Double> centroid(
      SelectionEngine e, List<String> liked, List<String> test) {
    SimilarResult r = e.similar(liked, 0);
    Map<String, Double> out = new HashMap<>();
    Set<String> wanted = new HashSet<>(test);
    for (SimilarSong s : r.items()) {
      if (wanted.contains(s.songId())) {
        out.put(s.songId(), s.similarity());
      }
    }
    return out;
  }

  private static SelectionEngine open(Path root, Clock clock) throws IOException {
    Files.createDirectories(root);
    // Small sources: the product thresholds (20 liked, 4 x disliked) are lowered for evaluation.
    return SelectionEngine.builder(root)
        .clock(clock)
        .minPositives(5)
        .negativeRatio(1.0)
        .autoTrain(false, 20, java.time.Duration.ofSeconds(8))
        .build();
  }

  private static SelectionEngine fresh(Path root, Clock clock, List<SongFeatures> songs)
      throws IOException {
    RealMusicEval.deleteTree(root);
    SelectionEngine e = open(root, clock);
    e.upsertSongFeatures(songs);
    return e;
  }

  /** Renders the per-source table of one metric: every ranker's mean over seeds. */
  public static String markdown(Result r, String metric) {
    StringBuilder b = new StringBuilder("| source | songs | liked |");
    for (String k : RANKERS) {
      b.append(' ').append(k).append(" |");
    }
    b.append("\n|---|---:|---:|").append("---:|".repeat(RANKERS.size())).append('\n');
    for (GroupResult g : r.groups()) {
      b.append(String.format(Locale.ROOT, "| %s | %d | %.0f |", g.group(), g.songs(), g.liked()));
      for (String k : RANKERS) {
        b.append(String.format(Locale.ROOT, " %.3f |", g.metrics().get(k).get(metric)));
      }
      b.append('\n');
    }
    b.append("| **macro mean** | | |");
    for (String k : RANKERS) {
      b.append(
          String.format(
              Locale.ROOT, " **%.3f** ± %.3f |", r.macro(k, metric), r.seedSpread(k, metric)));
    }
    return b.append('\n').toString();
  }

  /** Command-line entry. */
  public static void main(String[] args) throws IOException {
    Path root = null;
    int max = 30;
    long seed = 42;
    int seeds = 5;
    double minDur = 30;
    int minGroup = 10;
    double fraction = 0.6;
    boolean keepDuration = false;
    Map<String, Path> groups = new TreeMap<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--root" -> root = Path.of(args[++i]);
        case "--max-per-group" -> max = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--seeds" -> seeds = Integer.parseInt(args[++i]);
        case "--min-duration-sec" -> minDur = Double.parseDouble(args[++i]);
        case "--min-group" -> minGroup = Integer.parseInt(args[++i]);
        case "--train-fraction" -> fraction = Double.parseDouble(args[++i]);
        case "--keep-duration" -> keepDuration = true;
        default -> {
          int eq = args[i].indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException("expected name=dir: " + args[i]);
          }
          Path d = Path.of(args[i].substring(eq + 1));
          if (Files.isDirectory(d)) {
            groups.put(args[i].substring(0, eq), d);
          } else {
            System.err.println("skipping source " + args[i] + ": not a directory");
          }
        }
      }
    }
    if (root == null || groups.size() < 2) {
      System.err.println(
          "usage: TasteEval --root DIR [--max-per-group N] [--seed S] [--seeds N]"
              + " [--min-duration-sec D] [--min-group N] [--train-fraction F] [--keep-duration]"
              + " name=dir name=dir...");
      System.exit(2);
    }
    long t0 = System.nanoTime();
    Result r =
        run(
            groups,
            new Options(root, max, seed, seeds, minDur, minGroup, fraction, keepDuration),
            System.out);
    System.out.printf(Locale.ROOT, "%nwall time %.0f s%n", (System.nanoTime() - t0) / 1e9);
    for (String metric : METRICS) {
      System.out.println(
          "\n### "
              + metric
              + " (mean over "
              + seeds
              + " seeds; macro mean ± std"
              + " over seeds)\n");
      System.out.print(markdown(r, metric));
    }
  }
}
