package dev.selection.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selection.api.CancellationToken;
import dev.selection.api.Embedding;
import dev.selection.api.EmbeddingBudget;
import dev.selection.api.ErrorCode;
import dev.selection.api.Explanation;
import dev.selection.api.ExtractOptions;
import dev.selection.api.Label;
import dev.selection.api.ProgressListener;
import dev.selection.api.SelectionEngine;
import dev.selection.api.SelectionException;
import dev.selection.api.SimilarResult;
import dev.selection.api.SimilarSong;
import dev.selection.api.SongFeatures;
import dev.selection.api.Tag;
import dev.selection.api.TrainResult;
import dev.selection.api.TrainStatus;
import dev.selection.api.spi.AudioExcerpt;
import dev.selection.api.spi.Embedder;
import dev.selection.api.spi.TrackWindows;
import dev.selection.core.samples.DemoLibrary;
import dev.selection.core.samples.DemoStyle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several embedding kinds side by side, end to end on a real SQLite library: a whole-track host
 * embedder with tags (a deterministic stand-in for the built-in model, which lives in another
 * module) next to the descriptors of the core; its vectors are stored by kind with their version,
 * used by the ranker, by "more like these" and for tags.
 */
class EngineEmbeddingKindsTest {
  @TempDir Path root;
  @TempDir Path music;

  /**
   * A whole-track embedder: 10-s windows, a spectrum-shape vector per window (band energies, so the
   * demo styles differ) pooled by mean, and three "tags" derived from it.
   */
  static final class BandEmbedder implements Embedder {
    final AtomicInteger calls = new AtomicInteger();
    final List<Integer> windowsSeen = new ArrayList<>();

    @Override
    public String name() {
      return "band-test";
    }

    @Override
    public String kind() {
      return "bands";
    }

    @Override
    public List<String> tagNames() {
      return List.of("low", "mid", "high");
    }

    @Override
    public TrackWindows trackWindows() {
      return new TrackWindows(2.0, 4);
    }

    @Override
    public String version(EmbeddingBudget budget) {
      return "band-test-v1";
    }

    @Override
    public int dimension() {
      return 8;
    }

    @Override
    public int sampleRateHz() {
      return 16_000;
    }

    @Override
    public synchronized Embedding embed(
        List<AudioExcerpt> excerpts, EmbeddingBudget budget, CancellationToken cancel) {
      calls.incrementAndGet();
      windowsSeen.add(excerpts.size());
      double[] sum = new double[8];
      for (AudioExcerpt e : excerpts) {
        assertThat(e.sampleRateHz()).isEqualTo(16_000);
        float[] x = e.samples();
        // Crude band energies: differences of increasing lag act as high-pass filters.
        for (int b = 0; b < 8; b++) {
          int lag = 1 << b;
          double s = 0;
          for (int i = lag; i < x.length; i++) {
            double d = x[i] - x[i - lag];
            s += d * d;
          }
          sum[b] += Math.log1p(s / x.length * 1e4);
        }
      }
      float[] v = new float[8];
      for (int b = 0; b < 8; b++) {
        v[b] = (float) (sum[b] / excerpts.size());
      }
      double total = 0;
      for (float f : v) {
        total += f;
      }
      float[] tags = new float[3];
      for (int t = 0; t < 3; t++) {
        tags[t] = (float) Math.min(1, Math.max(0, v[t * 3] / Math.max(1e-9, total) * 3));
      }
      return new Embedding(v, excerpts.size(), "band-test-v1", tags);
    }

    @Override
    public void close() {}
  }

  @Test
  void hostKind_isStoredRankedSimilarAndTagged() throws Exception {
    List<DemoLibrary.Track> tracks = DemoLibrary.write(music, 8, 9, 22_050, 11);
    List<Path> files = new ArrayList<>();
    tracks.forEach(t -> files.add(t.path()));
    BandEmbedder bands = new BandEmbedder();
    try (SelectionEngine e =
        SelectionEngine.builder(root)
            .embedder(bands)
            .minPositives(5)
            .negativeRatio(1)
            .autoTrain(false, 20, Duration.ofSeconds(8))
            .build()) {
      assertThat(e.embeddingKinds()).containsExactly("bands");
      assertThat(
              e.extractFeatures(files, ExtractOptions.DEFAULTS, p -> {}, new CancellationToken())
                  .extracted())
          .isEqualTo(files.size());
      // 9-s tracks, 2-s windows, at most 4: four windows spread over each track.
      assertThat(bands.windowsSeen).hasSize(files.size()).containsOnly(4);
      for (Path f : files) {
        SongFeatures sf = e.getSongFeatures(e.songIdFor(f)).orElseThrow();
        assertThat(sf.embedding("bands"))
            .get()
            .satisfies(
                emb -> {
                  assertThat(emb.dimension()).isEqualTo(8);
                  assertThat(emb.modelVersion()).isEqualTo("band-test-v1");
                  assertThat(emb.tags()).hasSize(3);
                });
        assertThat(sf.extractorVersions()).containsEntry("bands", "band-test-v1");
      }
      // Current songs are skipped: the kind's version is stored.
      int before = bands.calls.get();
      assertThat(
              e.extractFeatures(files, ExtractOptions.DEFAULTS, p -> {}, new CancellationToken())
                  .skipped())
          .isEqualTo(files.size());
      assertThat(bands.calls.get()).isEqualTo(before);

      List<String> techno = new ArrayList<>();
      List<String> others = new ArrayList<>();
      for (DemoLibrary.Track t : tracks) {
        (t.style() == DemoStyle.TECHNO ? techno : others).add(e.songIdFor(t.path()));
      }
      // More like these: the other techno tracks lead, seeds never appear.
      List<String> seeds = techno.subList(0, 4);
      SimilarResult sim = e.similar(seeds, 4);
      assertThat(sim.descriptor()).isEqualTo("bands");
      assertThat(sim.items())
          .hasSize(4)
          .extracting(SimilarSong::songId)
          .doesNotContainAnyElementsOf(seeds);
      assertThat(sim.items())
          .extracting(SimilarSong::songId)
          .filteredOn(techno::contains)
          .hasSizeGreaterThanOrEqualTo(3);
      // Every score equals a naive reference: per-dimension standardisation with the library's
      // mean and (floored) standard deviation, unit length, cosine to the seeds' centroid.
      List<SimilarSong> full = e.similar(seeds, 0).items();
      assertThat(full).hasSize(files.size() - 4);
      Map<String, Double> want = naiveCentroidCosine(e, seeds);
      for (SimilarSong s : full) {
        assertThat(s.similarity())
            .as(s.songId())
            .isCloseTo(want.get(s.songId()), org.assertj.core.data.Offset.offset(1e-5));
      }
      for (int i = 1; i < full.size(); i++) {
        assertThat(full.get(i).similarity()).isLessThanOrEqualTo(full.get(i - 1).similarity());
        assertThat(full.get(i).rank()).isEqualTo(i + 1);
      }
      assertThat(e.similar(List.of("f".repeat(64)), 3).items()).isEmpty();
      assertThatThrownBy(() -> e.similar(seeds, -1)).isInstanceOf(IllegalArgumentException.class);

      // Tags: the strongest first, names from the embedder.
      List<Tag> tags = e.topTags(techno.get(0), 2);
      assertThat(tags).hasSize(2);
      assertThat(tags.get(0).probability()).isGreaterThanOrEqualTo(tags.get(1).probability());
      assertThat(Set.of("low", "mid", "high")).contains(tags.get(0).name());

      // The ranker uses the kind: its columns are in the model and carry weight.
      e.setSelectionLabels(techno.subList(0, 6), Label.LIKED);
      e.setSelectionLabels(others.subList(0, 24), Label.DISLIKED);
      TrainResult tr = e.train(ProgressListener.NONE, new CancellationToken());
      assertThat(tr.status()).isEqualTo(TrainStatus.TRAINED);
      assertThat(e.status().modelRevision()).isEqualTo(1);
      Explanation x = e.explain(techno.get(7)).orElseThrow();
      assertThat(x.nearestLiked())
          .isNotEmpty()
          .allSatisfy(n -> assertThat(n.descriptor()).isEqualTo("bands"));
      for (Explanation.SharedTag t : x.sharedTags()) {
        assertThat(t.probability()).isGreaterThanOrEqualTo(Explanation.SharedTag.MIN_PROBABILITY);
        assertThat(t.likedMean()).isGreaterThanOrEqualTo(Explanation.SharedTag.MIN_PROBABILITY);
      }
      Set<String> features = new HashSet<>();
      x.contributions().forEach(c -> features.add(c.feature()));
      assertThat(e.predictSelectionCandidates(List.of(techno.get(7), others.get(30)), 0).items())
          .first()
          .satisfies(s -> assertThat(s.songId()).isEqualTo(techno.get(7)));
    }
  }

  private static Map<String, Double> naiveCentroidCosine(SelectionEngine e, List<String> seeds) {
    List<String> ids = e.songIds();
    double[][] v = new double[ids.size()][];
    for (int i = 0; i < ids.size(); i++) {
      float[] f =
          e.getSongFeatures(ids.get(i)).orElseThrow().embedding("bands").orElseThrow().vector();
      v[i] = new double[f.length];
      for (int d = 0; d < f.length; d++) {
        v[i][d] = f[d];
      }
    }
    int dim = v[0].length;
    double[] mean = new double[dim];
    double[] sq = new double[dim];
    for (double[] x : v) {
      for (int d = 0; d < dim; d++) {
        mean[d] += x[d] / v.length;
        sq[d] += x[d] * x[d] / v.length;
      }
    }
    // The variance floor: 10 % of the mean variance is added to every dimension's variance.
    double meanVar = 0;
    for (int d = 0; d < dim; d++) {
      meanVar += (sq[d] - mean[d] * mean[d]) / dim;
    }
    double[][] u = new double[v.length][dim];
    for (int i = 0; i < v.length; i++) {
      double n = 0;
      for (int d = 0; d < dim; d++) {
        u[i][d] = (v[i][d] - mean[d]) / Math.sqrt(sq[d] - mean[d] * mean[d] + 0.1 * meanVar);
        n += u[i][d] * u[i][d];
      }
      for (int d = 0; d < dim; d++) {
        u[i][d] /= Math.sqrt(n);
      }
    }
    double[] c = new double[dim];
    for (String s : seeds) {
      double[] x = u[ids.indexOf(s)];
      for (int d = 0; d < dim; d++) {
        c[d] += x[d];
      }
    }
    double cn = 0;
    for (double x : c) {
      cn += x * x;
    }
    Map<String, Double> out = new java.util.HashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      double dot = 0;
      for (int d = 0; d < dim; d++) {
        dot += u[i][d] * c[d];
      }
      out.put(ids.get(i), dot / Math.sqrt(cn));
    }
    return out;
  }

  @Test
  void embeddingsOff_noEmbedderRuns_andExtractEmbeddingIsUnavailable() throws Exception {
    List<DemoLibrary.Track> tracks = DemoLibrary.write(music, 1, 6, 22_050, 12);
    BandEmbedder bands = new BandEmbedder();
    try (SelectionEngine e =
        SelectionEngine.builder(root)
            .embedder(bands)
            .embeddings(false)
            .autoTrain(false, 20, Duration.ofSeconds(8))
            .build()) {
      assertThat(e.embeddingKinds()).isEmpty();
      e.extractFeatures(
          List.of(tracks.get(0).path()), ExtractOptions.DEFAULTS, p -> {}, new CancellationToken());
      assertThat(bands.calls.get()).isZero();
      SongFeatures sf = e.getSongFeatures(e.songIdFor(tracks.get(0).path())).orElseThrow();
      assertThat(sf.embeddings()).isEmpty();
      assertThat(sf.timbre()).isNotNull();
      assertThatThrownBy(() -> e.extractEmbedding(tracks.get(0).path(), "bands"))
          .isInstanceOfSatisfying(
              SelectionException.class,
              x -> assertThat(x.code()).isEqualTo(ErrorCode.RUNTIME_UNAVAILABLE));
      // Without embeddings "more like these" falls back to the timbre descriptor.
      assertThat(e.similar(List.of(e.songIdFor(tracks.get(0).path())), 3).descriptor())
          .isEqualTo("timbre");
    }
  }

  @Test
  void twoEmbeddersOfOneKind_areRefused() {
    assertThatThrownBy(
            () ->
                SelectionEngine.builder(root)
                    .embedder(new BandEmbedder())
                    .embedder(new BandEmbedder()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void extractEmbedding_ofAHostKind_returnsTheVectorWithoutStoringIt() throws Exception {
    List<DemoLibrary.Track> tracks = DemoLibrary.write(music, 1, 5, 22_050, 13);
    try (SelectionEngine e =
        SelectionEngine.builder(root)
            .embedder(new BandEmbedder())
            .autoTrain(false, 20, Duration.ofSeconds(8))
            .build()) {
      Embedding emb = e.extractEmbedding(tracks.get(0).path(), "bands");
      assertThat(emb.dimension()).isEqualTo(8);
      assertThat(emb.windows()).isEqualTo(3); // 5 s in 2-s windows: ceil(5/2) = 3
      assertThat(e.songIds()).isEmpty();
      assertThat(Map.of("k", emb.modelVersion())).containsEntry("k", "band-test-v1");
    }
  }
}
