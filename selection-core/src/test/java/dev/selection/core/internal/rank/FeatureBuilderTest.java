package dev.selection.core.internal.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.selection.api.SongFeatures;
import dev.selection.api.SongMetadata;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureBuilderTest {
  static final float[] HPCP = {1, 0, 0.2f, 0, 0.5f, 0.1f, 0, 0.8f, 0, 0.3f, 0, 0.1f};
  static final SongFeatures L1 =
      SongFeatures.builder(SyntheticLibrary.id(1, 1))
          .bpm(120.0)
          .key("A minor")
          .durationSec(200.0)
          .chromaprintSimhash(0L)
          .hpcp(HPCP)
          .metadata(
              new SongMetadata("Night Dream", "Foo", "Bar", List.of("Techno", "House"), 2000, null))
          .build();
  static final SongFeatures L2 =
      SongFeatures.builder(SyntheticLibrary.id(1, 2))
          .bpm(100.0)
          .key("C major")
          .durationSec(300.0)
          .chromaprintSimhash(-1L)
          .metadata(new SongMetadata("Blue", "Baz", null, List.of("Jazz"), 1990, null))
          .build();
  static final SongFeatures C =
      SongFeatures.builder(SyntheticLibrary.id(1, 3))
          .bpm(61.0)
          .key("E minor")
          .durationSec(210.0)
          .chromaprintSimhash(0xFL)
          .hpcp(HPCP)
          .bitrateKbps(320.0)
          .rmsMean(0.1)
          .metadata(new SongMetadata("Night Sky", "FOO", "Other", List.of("techno"), 1995, null))
          .build();

  private static float f(FeatureMatrix x, int row, String name) {
    return x.get(row, name);
  }

  @Test
  void scalarFeatures_handComputed() {
    FeatureContext ctx = FeatureContext.fit(List.of(L1, L2, C));
    ReferenceSet liked =
        new ReferenceSet(List.of(PreparedSong.of(L1, ctx), PreparedSong.of(L2, ctx)));
    FeatureMatrix x =
        new FeatureBuilder(new SimilarityKernel(), 1)
            .build(ctx.schema(), List.of(PreparedSong.of(C, ctx)), liked);
    assertThat(f(x, 0, "bpm_diff_min")).isEqualTo(39f); // |61 - 100|
    assertThat(f(x, 0, "bpm_diff_min_octave")).isEqualTo(2f); // 61 x 2 = 122 vs 120
    assertThat(f(x, 0, "key_dist_min_camelot")).isEqualTo(1f); // 9A vs 8A
    assertThat(f(x, 0, "key_dist_min_semitone")).isEqualTo(5f); // E-A 5; E minor-C major 4+1
    assertThat(f(x, 0, "duration_diff_min")).isEqualTo(10f);
    assertThat(f(x, 0, "year_diff_min")).isEqualTo(5f);
    assertThat(f(x, 0, "artist_match_any")).isEqualTo(1f); // case-insensitive
    assertThat(f(x, 0, "album_match_any")).isEqualTo(0f);
    assertThat(f(x, 0, "genre_jaccard_max")).isEqualTo(0.5f); // {techno} vs {techno, house}
    assertThat(f(x, 0, "chromaprint_sim_max")).isEqualTo(1f - 4f / 64); // 4 differing bits
    assertThat((double) f(x, 0, "hpcp_corr_max")).isCloseTo(1.0, within(1e-6));
    assertThat(f(x, 0, "bitrate_kbps")).isEqualTo(320f);
    assertThat(f(x, 0, "rms_mean")).isEqualTo(0.1f);
    assertThat(f(x, 0, "text_sim_max")).isBetween(0.05f, 0.99f); // shares "night" with L1
    // No song has an embedding: the schema has no embedding columns at all.
    assertThat(x.schema().kinds()).isEmpty();
    assertThat(f(x, 0, "timbre_sim_top5_mean")).isNaN();
    assertThat(f(x, 0, "has_bpm")).isEqualTo(1f);
    assertThat(f(x, 0, "has_hpcp")).isEqualTo(1f);
    assertThat(x.values().length).isEqualTo(FeatureSchema.FIXED.size());
  }

  @Test
  void likedSample_leavesItselfOut() {
    FeatureContext ctx = FeatureContext.fit(List.of(L1, L2));
    ReferenceSet liked =
        new ReferenceSet(List.of(PreparedSong.of(L1, ctx), PreparedSong.of(L2, ctx)));
    FeatureMatrix x =
        new FeatureBuilder(new SimilarityKernel(), 1)
            .build(ctx.schema(), List.of(PreparedSong.of(L1, ctx)), liked);
    assertThat(f(x, 0, "bpm_diff_min")).isEqualTo(20f); // only L2 left
    assertThat(f(x, 0, "artist_match_any")).isEqualTo(0f); // its own artist does not count
    assertThat(f(x, 0, "chromaprint_sim_max")).isEqualTo(0f); // 0 vs all ones
    assertThat(f(x, 0, "hpcp_corr_max")).isNaN(); // L2 has no HPCP
    assertThat(f(x, 0, "text_sim_max")).isEqualTo(0f);
  }

  @Test
  void hpcp36_foldsToTwelveBins() {
    float[] h36 = new float[36];
    for (int i = 0; i < 12; i++) {
      h36[3 * i] = HPCP[i];
    }
    SongFeatures c36 = C.toBuilder().hpcp(h36).build();
    FeatureContext ctx = FeatureContext.fit(List.of(L1, C));
    ReferenceSet liked = new ReferenceSet(List.of(PreparedSong.of(L1, ctx)));
    FeatureMatrix x =
        new FeatureBuilder(new SimilarityKernel(), 1)
            .build(ctx.schema(), List.of(PreparedSong.of(c36, ctx)), liked);
    assertThat((double) f(x, 0, "hpcp_corr_max")).isCloseTo(1.0, within(1e-6));
  }

  @Test
  void featureContext_roundTripsThroughJson() {
    FeatureContext ctx = FeatureContext.fit(new SyntheticLibrary(3, 50, 512, 8).songs);
    FeatureContext back = FeatureContext.fromJson(ctx.toJson());
    assertThat(back.toJson()).isEqualTo(ctx.toJson());
    assertThat(back.timbreDim()).isEqualTo(8);
    assertThat(back.schema()).isEqualTo(ctx.schema());
    assertThat(back.schema().kinds()).containsExactly("openl3");
  }
}
