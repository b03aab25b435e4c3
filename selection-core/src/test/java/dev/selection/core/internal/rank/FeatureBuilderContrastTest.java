package dev.selection.core.internal.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.selection.api.SongFeatures;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contrast columns ({@code *_dsim_*}: max, top-5 mean and centroid cosine against the disliked
 * snapshot; {@code *_margin_*} = liked minus disliked) against a naive all-pairs reference written
 * from their definitions, with leave-one-out on both sides, on random libraries with missing
 * vectors.
 */
class FeatureBuilderContrastTest {
  static Stream<Long> seeds() {
    return LongStream.range(0, 6).mapToObj(i -> 4100L + i);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void contrastColumns_equalNaiveReference(long seed) {
    System.out.println("FeatureBuilderContrastTest seed=" + seed);
    Random r = new Random(seed);
    SyntheticLibrary lib = new SyntheticLibrary(seed, 150, 512, 24);
    List<SongFeatures> songs = new ArrayList<>();
    for (SongFeatures f : lib.withEfficientAt(seed, 64)) {
      SongFeatures.Builder b = f.toBuilder();
      if (r.nextInt(6) == 0) {
        b.openl3Vector(null);
      }
      if (r.nextInt(7) == 0) {
        b.timbre(null);
      }
      songs.add(b.build());
    }
    FeatureContext ctx = FeatureContext.fit(songs);
    List<PreparedSong> prepared = songs.stream().map(f -> PreparedSong.of(f, ctx)).toList();
    List<PreparedSong> liked = new ArrayList<>();
    List<PreparedSong> disliked = new ArrayList<>();
    for (PreparedSong p : prepared) {
      int u = r.nextInt(4);
      if (u == 0) {
        liked.add(p);
      } else if (u == 1) {
        disliked.add(p);
      }
    }
    FeatureMatrix x =
        new FeatureBuilder(new SimilarityKernel(), 2)
            .build(ctx.schema(), prepared, new ReferenceSet(liked), new ReferenceSet(disliked));
    assertThat(x.schema().kinds()).containsExactly("efficientat", "openl3");
    for (int i = 0; i < prepared.size(); i++) {
      PreparedSong c = prepared.get(i);
      for (String kind : List.of("efficientat", "openl3", "timbre")) {
        int k = x.schema().kinds().indexOf(kind);
        Function<PreparedSong, float[]> get = k < 0 ? s -> s.timbre : s -> s.embeddings[k];
        double[] like = stats(c, liked, get);
        double[] dis = stats(c, disliked, get);
        String what = "seed " + seed + " row " + i + " ";
        check(x, i, kind + "_dsim_max", dis[0], what);
        check(x, i, kind + "_dsim_top5_mean", dis[1], what);
        check(x, i, kind + "_dsim_centroid", dis[3], what);
        check(x, i, kind + "_margin_max", like[0] - dis[0], what);
        check(x, i, kind + "_margin_top5_mean", like[1] - dis[1], what);
        check(x, i, kind + "_margin_centroid", like[3] - dis[3], what);
        // The liked-side columns are untouched by the contrast set.
        check(x, i, kind + "_sim_max", like[0], what);
        check(x, i, kind + "_sim_centroid", like[3], what);
      }
    }
  }

  @Test
  void withoutDislikedSnapshot_contrastColumnsAreMissing() {
    SyntheticLibrary lib = new SyntheticLibrary(5, 80, 512, 12);
    FeatureContext ctx = FeatureContext.fit(lib.songs);
    List<PreparedSong> all = lib.songs.stream().map(f -> PreparedSong.of(f, ctx)).toList();
    ReferenceSet liked =
        new ReferenceSet(all.stream().filter(p -> lib.liked.contains(p.id())).toList());
    FeatureBuilder builder = new FeatureBuilder(new SimilarityKernel(), 1);
    FeatureSchema schema = ctx.schema();
    for (FeatureMatrix x :
        List.of(
            builder.build(schema, all, liked),
            builder.build(schema, all, liked, null),
            builder.build(schema, all, liked, new ReferenceSet(List.of())))) {
      for (int i = 0; i < x.rows(); i++) {
        for (String name : schema.names()) {
          if (name.contains("_dsim_") || name.contains("_margin_")) {
            assertThat(x.get(i, name)).as(name).isNaN();
          }
        }
        assertThat(x.get(i, "timbre_sim_max")).isNotNaN();
      }
    }
  }

  /** max, top-5 mean, top-20 mean, centroid cosine; NaN when nothing to compare with. */
  private static double[] stats(
      PreparedSong c, List<PreparedSong> set, Function<PreparedSong, float[]> get) {
    float[] v = get.apply(c);
    List<Double> sims = new ArrayList<>();
    double[] sum = null;
    for (PreparedSong l : set) {
      float[] w = get.apply(l);
      if (w == null || l.id.equals(c.id)) {
        continue;
      }
      if (sum == null) {
        sum = new double[w.length];
      }
      for (int d = 0; d < w.length; d++) {
        sum[d] += w[d];
      }
      if (v != null) {
        double dot = 0;
        for (int d = 0; d < w.length; d++) {
          dot += (double) v[d] * w[d];
        }
        sims.add(dot);
      }
    }
    if (v == null || sims.isEmpty()) {
      return new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
    }
    sims.sort(Comparator.reverseOrder());
    double dot = 0;
    double norm = 0;
    for (int d = 0; d < sum.length; d++) {
      dot += v[d] * sum[d];
      norm += sum[d] * sum[d];
    }
    return new double[] {sims.get(0), mean(sims, 5), mean(sims, 20), dot / Math.sqrt(norm)};
  }

  private static double mean(List<Double> sorted, int k) {
    int n = Math.min(k, sorted.size());
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += sorted.get(i);
    }
    return s / n;
  }

  private static void check(FeatureMatrix x, int row, String name, double want, String what) {
    float got = x.get(row, name);
    if (Double.isNaN(want)) {
      assertThat(got).as(what + name).isNaN();
    } else {
      assertThat((double) got).as(what + name).isCloseTo(want, within(2e-5));
    }
  }
}
