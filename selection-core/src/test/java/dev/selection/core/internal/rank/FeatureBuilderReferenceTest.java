package dev.selection.core.internal.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.selection.api.SongFeatures;
import dev.selection.core.internal.dsp.tonal.Keys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The feature builder's fast paths (binary search, key table, bit masks, inverted index) against a
 * naive all-pairs reference written from the feature definitions, on random libraries.
 */
class FeatureBuilderReferenceTest {
  static Stream<Long> seeds() {
    return LongStream.range(0, 8).mapToObj(i -> 9000L + i);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void fastPaths_equalNaiveReference(long seed) {
    System.out.println("FeatureBuilderReferenceTest seed=" + seed);
    Random r = new Random(seed);
    SyntheticLibrary lib = new SyntheticLibrary(seed, 120, 512, 12);
    List<SongFeatures> songs = new ArrayList<>();
    for (SongFeatures f : lib.songs) {
      // Duplicate values on purpose, so that leave-one-out has to skip exactly one occurrence.
      SongFeatures.Builder b =
          f.toBuilder()
              .bpm(r.nextInt(4) == 0 ? null : 100.0 + r.nextInt(6) * 10)
              .durationSec(r.nextInt(5) == 0 ? null : 180.0 + r.nextInt(4) * 30)
              .chromaprintSimhash(r.nextInt(6) == 0 ? null : (long) r.nextInt(1 << 12));
      songs.add(b.build());
    }
    FeatureContext ctx = FeatureContext.fit(songs);
    List<PreparedSong> prepared = songs.stream().map(f -> PreparedSong.of(f, ctx)).toList();
    List<PreparedSong> liked = new ArrayList<>();
    for (PreparedSong p : prepared) {
      if (r.nextInt(3) == 0) {
        liked.add(p);
      }
    }
    ReferenceSet set = new ReferenceSet(liked);
    FeatureMatrix x =
        new FeatureBuilder(new SimilarityKernel(), 1).build(ctx.schema(), prepared, set);
    for (int i = 0; i < prepared.size(); i++) {
      PreparedSong c = prepared.get(i);
      Map<String, Double> want = reference(c, liked);
      for (Map.Entry<String, Double> e : want.entrySet()) {
        float got = x.get(i, e.getKey());
        String what = "seed " + seed + " row " + i + " " + e.getKey();
        if (e.getValue().isNaN()) {
          assertThat(got).as(what).isNaN();
        } else {
          assertThat((double) got).as(what).isCloseTo(e.getValue(), within(1e-5));
        }
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void scalarKernel_givesSameFeaturesAsBestKernel(long seed) {
    System.out.println("FeatureBuilderReferenceTest kernels seed=" + seed);
    SyntheticLibrary lib = new SyntheticLibrary(seed, 150, 512, 40);
    List<SongFeatures> songs = lib.withEfficientAt(seed, 384);
    FeatureContext ctx = FeatureContext.fit(songs);
    FeatureSchema schema = ctx.schema();
    List<PreparedSong> all = songs.stream().map(f -> PreparedSong.of(f, ctx)).toList();
    ReferenceSet liked =
        new ReferenceSet(all.stream().filter(p -> lib.liked.contains(p.id())).toList());
    FeatureMatrix best =
        new FeatureBuilder(new SimilarityKernel(DotKernels.best()), 2).build(schema, all, liked);
    FeatureMatrix scalar =
        new FeatureBuilder(new SimilarityKernel(DotKernels.scalar()), 1).build(schema, all, liked);
    for (int i = 0; i < best.values().length; i++) {
      float a = best.values()[i];
      float b = scalar.values()[i];
      String what = "seed " + seed + " " + schema.names().get(i % schema.columns());
      if (Float.isNaN(a)) {
        assertThat(b).as(what).isNaN();
      } else {
        assertThat((double) b).as(what).isCloseTo(a, within(1e-5));
      }
    }
  }

  private static Map<String, Double> reference(PreparedSong c, List<PreparedSong> liked) {
    double bpm = Double.NaN;
    double oct = Double.NaN;
    double dur = Double.NaN;
    double year = Double.NaN;
    double cam = Double.NaN;
    double semi = Double.NaN;
    double chroma = Double.NaN;
    double jac = Double.NaN;
    double text = Double.NaN;
    boolean anyArtist = false;
    boolean artistHit = false;
    boolean anyText = false;
    Map<Integer, Float> ct = new HashMap<>();
    for (int k = 0; k < c.textIds.length; k++) {
      ct.put(c.textIds[k], c.textWeights[k]);
    }
    for (PreparedSong l : liked) {
      if (l.id.equals(c.id)) {
        continue;
      }
      if (!Double.isNaN(c.bpm) && !Double.isNaN(l.bpm)) {
        bpm = min(bpm, Math.abs(c.bpm - l.bpm));
        oct =
            min(
                oct,
                Math.min(
                    Math.abs(c.bpm - l.bpm),
                    Math.min(Math.abs(c.bpm / 2 - l.bpm), Math.abs(c.bpm * 2 - l.bpm))));
      }
      if (!Double.isNaN(c.durationSec) && !Double.isNaN(l.durationSec)) {
        dur = min(dur, Math.abs(c.durationSec - l.durationSec));
      }
      if (!Double.isNaN(c.year) && !Double.isNaN(l.year)) {
        year = min(year, Math.abs(c.year - l.year));
      }
      if (c.key != null && l.key != null) {
        cam = min(cam, Keys.camelotDistance(c.key, l.key));
        semi = min(semi, Keys.semitoneDistance(c.key, l.key));
      }
      if (c.hasSimhash && l.hasSimhash) {
        chroma = max(chroma, 1 - Long.bitCount(c.simhash ^ l.simhash) / 64.0);
      }
      if (!c.genres.isEmpty() && !l.genres.isEmpty()) {
        Set<String> inter = new HashSet<>(c.genres);
        inter.retainAll(l.genres);
        Set<String> union = new HashSet<>(c.genres);
        union.addAll(l.genres);
        jac = max(jac, inter.size() / (double) union.size());
      }
      if (l.artist != null) {
        anyArtist = true;
        artistHit |= l.artist.equals(c.artist);
      }
      if (l.hasText) {
        anyText = true;
        double dot = 0;
        for (int k = 0; k < l.textIds.length; k++) {
          dot += ct.getOrDefault(l.textIds[k], 0f) * (double) l.textWeights[k];
        }
        text = max(text, dot);
      }
    }
    Map<String, Double> m = new HashMap<>();
    m.put("bpm_diff_min", bpm);
    m.put("bpm_diff_min_octave", oct);
    m.put("duration_diff_min", dur);
    m.put("year_diff_min", year);
    m.put("key_dist_min_camelot", cam);
    m.put("key_dist_min_semitone", semi);
    m.put("chromaprint_sim_max", chroma);
    m.put("genre_jaccard_max", jac);
    m.put(
        "artist_match_any", c.artist == null || !anyArtist ? Double.NaN : (artistHit ? 1.0 : 0.0));
    m.put("text_sim_max", !c.hasText || !anyText ? Double.NaN : Math.max(0, text));
    return m;
  }

  private static double min(double a, double b) {
    return Double.isNaN(a) ? b : Math.min(a, b);
  }

  private static double max(double a, double b) {
    return Double.isNaN(a) ? b : Math.max(a, b);
  }
}
