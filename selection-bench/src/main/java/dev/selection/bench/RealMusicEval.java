package dev.selection.bench;

import dev.selection.api.CancellationToken;
import dev.selection.api.Explanation;
import dev.selection.api.ExtractOptions;
import dev.selection.api.ExtractionReport;
import dev.selection.api.Label;
import dev.selection.api.ProgressListener;
import dev.selection.api.RankingMetric;
import dev.selection.api.SelectionEngine;
import dev.selection.api.SongFeatures;
import dev.selection.api.SongMetadata;
import dev.selection.api.TrainResult;
import dev.selection.api.TrainStatus;
import dev.selection.api.TrainingMetrics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Quality on real recorded music: every group (album, composer, package) is liked in turn, all
 * other groups disliked, and the engine's cross-validated {@link SelectionEngine#evaluate} compares
 * the XGBoost model with the centroid-cosine baseline on the same folds. Two conditions run on one
 * scan: {@code tagged} (features as extracted, tags included) and {@code audio-only} (the same
 * stored features copied into a second library with metadata and bitrate removed, so that neither
 * tags nor the encoder's bitrate can separate the groups).
 *
 * <p>Usage: {@code RealMusicEval --root DIR [--max-per-group N] [--seed S] [--min-duration-sec D]
 * [--min-group N] [--explain] name=dir...}. Files: {@code .ogg .opus .mp3 .flac .wav}, found
 * recursively; a group with more than N files keeps a seeded random N. After the scan, songs
 * shorter than the minimum duration (stingers) and songs whose decoded PCM duplicates an earlier
 * one are dropped; groups with fewer than {@code --min-group} songs stay in the library as dislikes
 * only.
 */
public final class RealMusicEval {
  /** Metrics reported, in table order. */
  public static final List<String> METRICS =
      List.of(
          RankingMetric.NDCG_AT_10.metricName(),
          RankingMetric.NDCG_AT_20.metricName(),
          RankingMetric.PRECISION_AT_10.metricName(),
          RankingMetric.RECALL_AT_10.metricName(),
          RankingMetric.ROC_AUC.metricName());

  /**
   * Conditions, each on its own library holding copies of the scanned features: as extracted;
   * without metadata and bitrate; and also without duration (track length is a strong per-package
   * artefact of game soundtracks, not a property of the music's sound).
   */
  public static final List<String> CONDITIONS =
      List.of("tagged", "audio-only", "audio-only-no-duration");

  private RealMusicEval() {}

  /** One group's result under one condition. */
  public record GroupResult(
      String group,
      int liked,
      int disliked,
      Map<String, Double> model,
      Map<String, Double> baseline) {
    /** Copies the maps. */
    public GroupResult {
      model = Map.copyOf(model);
      baseline = Map.copyOf(baseline);
    }
  }

  /** Options of one run. */
  public record Options(
      Path root,
      int maxPerGroup,
      long seed,
      double minDurationSec,
      int minGroup,
      int minPositives,
      double negativeRatio,
      boolean explain) {
    /** Validates the values. */
    public Options {
      if (maxPerGroup < 1 || minGroup < 2 || minPositives < 1 || negativeRatio < 0) {
        throw new IllegalArgumentException("invalid options");
      }
    }
  }

  /** Result of one run: per condition, per group. */
  public record Result(
      Map<String, List<GroupResult>> byCondition,
      Map<String, Integer> groupSizes,
      Map<String, Map<String, Double>> importance,
      Duration scanTime,
      Duration evalTime,
      ExtractionReport scan) {}

  /**
   * Runs the evaluation.
   *
   * @param groups group name to folder
   * @param opt options
   * @param log progress lines
   * @return per-condition results
   */
  public static Result run(Map<String, Path> groups, Options opt, PrintStream log)
      throws IOException {
    Map<String, List<Path>> files = new LinkedHashMap<>();
    List<Path> all = new ArrayList<>();
    for (Map.Entry<String, Path> g : groups.entrySet()) {
      List<Path> list = listAudio(g.getValue());
      if (list.size() > opt.maxPerGroup()) {
        Collections.shuffle(list, new Random(opt.seed() ^ g.getKey().hashCode()));
        list = new ArrayList<>(list.subList(0, opt.maxPerGroup()));
        Collections.sort(list);
      }
      files.put(g.getKey(), list);
      all.addAll(list);
      log.printf(
          Locale.ROOT, "group %s: %d files from %s%n", g.getKey(), list.size(), g.getValue());
    }
    Files.createDirectories(opt.root());
    // A fixed clock gives every label the same time, so evaluate() cannot use a time split and runs
    // the stratified k-fold (the same folds for model and baseline).
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    long t0 = System.nanoTime();
    Map<String, List<String>> ids = new LinkedHashMap<>();
    Map<String, SongFeatures> feats = new LinkedHashMap<>();
    ExtractionReport report;
    try (SelectionEngine tagged = open(opt.root().resolve("tagged"), opt, clock)) {
      report =
          tagged.extractFeatures(
              all, new ExtractOptions(false, false, 16, false), p -> {}, new CancellationToken());
      log.printf(
          Locale.ROOT,
          "scan: %d files, %d extracted, %d skipped, %d failed, %.0f s audio, %s%n",
          report.total(),
          report.extracted(),
          report.skipped(),
          report.failed(),
          report.audioSeconds(),
          report.elapsed());
      report
          .failures()
          .forEach(f -> log.println("  failed: " + f.path() + ": " + f.code() + " " + f.message()));
      Set<String> seenPcm = new HashSet<>();
      for (Map.Entry<String, List<Path>> g : files.entrySet()) {
        List<String> keep = new ArrayList<>();
        for (Path f : g.getValue()) {
          String id = tagged.songIdFor(f);
          Optional<SongFeatures> sf = tagged.getSongFeatures(id);
          if (sf.isEmpty()) {
            continue;
          }
          SongFeatures s = sf.get();
          if (s.durationSec() == null || s.durationSec() < opt.minDurationSec()) {
            log.printf(
                Locale.ROOT, "  dropped (shorter than %.0f s): %s%n", opt.minDurationSec(), f);
            continue;
          }
          if (s.fileHash() != null && !seenPcm.add(s.fileHash())) {
            log.printf(Locale.ROOT, "  dropped (duplicate PCM): %s%n", f);
            continue;
          }
          keep.add(id);
          feats.put(id, s);
        }
        ids.put(g.getKey(), keep);
      }
    }
    Duration scanTime = Duration.ofNanos(System.nanoTime() - t0);
    Map<String, Integer> sizes = new LinkedHashMap<>();
    ids.forEach((k, v) -> sizes.put(k, v.size()));
    log.println("songs per group after filtering: " + sizes);

    long t1 = System.nanoTime();
    Map<String, List<GroupResult>> out = new LinkedHashMap<>();
    Map<String, Map<String, Double>> importance = new LinkedHashMap<>();
    for (String condition : CONDITIONS) {
      Path lib = opt.root().resolve("eval-" + condition);
      deleteTree(lib);
      try (SelectionEngine engine = open(lib, opt, clock)) {
        List<SongFeatures> copy = new ArrayList<>();
        for (SongFeatures s : feats.values()) {
          copy.add(
              switch (condition) {
                case "tagged" -> s;
                case "audio-only" -> s.toBuilder().metadata(null).bitrateKbps(null).build();
                default -> s.toBuilder().metadata(null).bitrateKbps(null).durationSec(null).build();
              });
        }
        engine.upsertSongFeatures(copy);
        if (!condition.equals("tagged")) {
          for (String id : feats.keySet()) {
            SongFeatures s = engine.getSongFeatures(id).orElseThrow();
            if (s.bitrateKbps() != null
                || (s.metadata() != null && !s.metadata().equals(SongMetadata.EMPTY))) {
              throw new IllegalStateException("metadata or bitrate survived for " + id);
            }
          }
        }
        List<GroupResult> results = new ArrayList<>();
        Map<String, Double> imp = new TreeMap<>();
        for (String g : ids.keySet()) {
          List<String> liked = ids.get(g);
          if (liked.size() < opt.minGroup()) {
            continue;
          }
          List<String> disliked = new ArrayList<>();
          ids.forEach(
              (k, v) -> {
                if (!k.equals(g)) {
                  disliked.addAll(v);
                }
              });
          engine.resetSelectionLabels();
          engine.setSelectionLabels(liked, Label.LIKED);
          engine.setSelectionLabels(disliked, Label.DISLIKED);
          TrainingMetrics m = engine.evaluate(ProgressListener.NONE, new CancellationToken());
          results.add(new GroupResult(g, m.positives(), m.negatives(), m.model(), m.baseline()));
          log.printf(
              Locale.ROOT,
              "%-10s %-12s model %s%n%-10s %-12s base  %s%n",
              condition,
              g,
              fmt(m.model()),
              "",
              "",
              fmt(m.baseline()));
          if (opt.explain()) {
            addImportance(engine, feats.keySet(), imp);
          }
        }
        out.put(condition, results);
        if (opt.explain()) {
          importance.put(condition, imp);
        }
      }
    }
    return new Result(
        out, sizes, importance, scanTime, Duration.ofNanos(System.nanoTime() - t1), report);
  }

  /**
   * Trains on the current labels and sums |contribution| per feature over every song's explanation.
   */
  private static void addImportance(
      SelectionEngine engine, Set<String> songIds, Map<String, Double> imp) {
    TrainResult r = engine.train(ProgressListener.NONE, new CancellationToken());
    if (r.status() != TrainStatus.TRAINED) {
      return;
    }
    for (String id : songIds) {
      Optional<Explanation> e = engine.explain(id);
      if (e.isPresent()) {
        for (Explanation.Contribution c : e.get().contributions()) {
          imp.merge(c.feature(), Math.abs(c.contribution()), Double::sum);
        }
      }
    }
  }

  private static SelectionEngine open(Path root, Options opt, Clock clock) throws IOException {
    Files.createDirectories(root);
    return SelectionEngine.builder(root)
        .clock(clock)
        .minPositives(opt.minPositives())
        .negativeRatio(opt.negativeRatio())
        .build();
  }

  /** Audio files under a folder, sorted, following symlinks. */
  static List<Path> listAudio(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
      return new ArrayList<>(
          s.filter(Files::isRegularFile)
              .filter(
                  p -> {
                    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                    return n.endsWith(".ogg")
                        || n.endsWith(".opus")
                        || n.endsWith(".mp3")
                        || n.endsWith(".flac")
                        || n.endsWith(".wav");
                  })
              .sorted()
              .toList());
    }
  }

  /** Mean of each metric over groups (NaN-free groups only). */
  public static Map<String, Double> mean(List<GroupResult> rs, boolean model) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (String k : METRICS) {
      double sum = 0;
      int n = 0;
      for (GroupResult r : rs) {
        Double v = (model ? r.model() : r.baseline()).get(k);
        if (v != null && !v.isNaN()) {
          sum += v;
          n++;
        }
      }
      m.put(k, n == 0 ? Double.NaN : sum / n);
    }
    return m;
  }

  private static String fmt(Map<String, Double> m) {
    StringBuilder b = new StringBuilder();
    for (String k : METRICS) {
      b.append(String.format(Locale.ROOT, "%s=%.3f ", k, m.getOrDefault(k, Double.NaN)));
    }
    return b.toString().trim();
  }

  /**
   * Renders one condition as a markdown table: per group, model / baseline per metric, and the
   * mean.
   */
  public static String markdown(List<GroupResult> rs) {
    StringBuilder b = new StringBuilder("| group | liked | disliked |");
    for (String k : METRICS) {
      b.append(' ').append(k).append(" model / base |");
    }
    b.append("\n|---|---:|---:|");
    b.append("---:|".repeat(METRICS.size())).append('\n');
    for (GroupResult r : rs) {
      b.append("| ")
          .append(r.group())
          .append(" | ")
          .append(r.liked())
          .append(" | ")
          .append(r.disliked())
          .append(" |");
      for (String k : METRICS) {
        b.append(
            String.format(
                Locale.ROOT,
                " %.3f / %.3f |",
                r.model().getOrDefault(k, Double.NaN),
                r.baseline().getOrDefault(k, Double.NaN)));
      }
      b.append('\n');
    }
    Map<String, Double> mm = mean(rs, true);
    Map<String, Double> mb = mean(rs, false);
    b.append("| **mean** | | |");
    for (String k : METRICS) {
      b.append(String.format(Locale.ROOT, " **%.3f / %.3f** |", mm.get(k), mb.get(k)));
    }
    return b.append('\n').toString();
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }

  /**
   * Command-line entry.
   *
   * @param args options and {@code name=dir} groups
   */
  public static void main(String[] args) throws IOException {
    Path root = null;
    int max = 30;
    long seed = 42;
    double minDur = 30;
    int minGroup = 10;
    boolean explain = false;
    Map<String, Path> groups = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--root" -> root = Path.of(args[++i]);
        case "--max-per-group" -> max = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--min-duration-sec" -> minDur = Double.parseDouble(args[++i]);
        case "--min-group" -> minGroup = Integer.parseInt(args[++i]);
        case "--explain" -> explain = true;
        default -> {
          int eq = args[i].indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException("expected name=dir: " + args[i]);
          }
          Path d = Path.of(args[i].substring(eq + 1));
          if (Files.isDirectory(d)) {
            groups.put(args[i].substring(0, eq), d);
          } else {
            System.err.println("skipping group " + args[i] + ": not a directory");
          }
        }
      }
    }
    if (root == null || groups.size() < 2) {
      System.err.println(
          "usage: RealMusicEval --root DIR [--max-per-group N] [--seed S] "
              + "[--min-duration-sec D] [--min-group N] [--explain] name=dir name=dir...");
      System.exit(2);
    }
    // Small groups: the product thresholds (20 liked, 4 x disliked) are lowered for the evaluation.
    Options opt = new Options(root, max, seed, minDur, minGroup, 5, 1.0, explain);
    Result r = run(groups, opt, System.out);
    System.out.printf(
        Locale.ROOT,
        "%nscan %.1f s, evaluation %.1f s%n",
        r.scanTime().toMillis() / 1000.0,
        r.evalTime().toMillis() / 1000.0);
    for (Map.Entry<String, List<GroupResult>> e : r.byCondition().entrySet()) {
      System.out.println("\n### " + e.getKey() + "\n");
      System.out.print(markdown(e.getValue()));
    }
    for (Map.Entry<String, Map<String, Double>> e : r.importance().entrySet()) {
      System.out.println(
          "\nsum |contribution| per feature, "
              + e.getKey()
              + " (explain on all songs,"
              + " one model per liked group):");
      e.getValue().entrySet().stream()
          .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
          .limit(15)
          .forEach(x -> System.out.printf(Locale.ROOT, "  %-24s %.2f%n", x.getKey(), x.getValue()));
    }
  }
}
