package dev.selection.core.internal.rank;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selection.api.CancellationToken;
import dev.selection.api.FeatureGroup;
import dev.selection.api.PredictResult;
import dev.selection.api.ProgressListener;
import dev.selection.api.SongFeatures;
import dev.selection.api.TrainResult;
import dev.selection.api.TrainStatus;
import dev.selection.api.spi.ModelManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feature groups a host leaves out (issue 12 item 13): on a library whose bitrate gives the labels
 * away (every liked file 320 kbps, every other 192), a model that leaves {@code bitrate} out never
 * splits on it and scores a song the same at either bitrate; the exclusion is stored with the model
 * and a model with other exclusions is to be retrained.
 */
class FeatureGroupExclusionTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
  private static SyntheticLibrary lib;
  private static Map<String, SongFeatures> leaky;

  @TempDir Path root;

  @BeforeAll
  static void library() {
    lib = new SyntheticLibrary(11, 600, 32, 24);
    Set<String> liked = new HashSet<>(lib.liked);
    leaky = new HashMap<>();
    for (SongFeatures f : lib.songs) {
      leaky.put(
          f.songId(),
          f.toBuilder().bitrateKbps(liked.contains(f.songId()) ? 320.0 : 192.0).build());
    }
  }

  private static FeatureSource source(String songId, double bitrate) {
    return ids -> {
      Map<String, SongFeatures> out = new HashMap<>();
      for (String id : ids) {
        SongFeatures f = leaky.get(id);
        if (f != null) {
          out.put(id, id.equals(songId) ? f.toBuilder().bitrateKbps(bitrate).build() : f);
        }
      }
      return out;
    };
  }

  private ModelManifest train(Path dir, Set<FeatureGroup> excluded) {
    FileModelStore store = new FileModelStore(dir);
    RankerConfig cfg = RankerConfig.DEFAULTS.withFolds(0).withExcludedGroups(excluded);
    TrainResult r =
        new SelectionTrainer(store, cfg, new SimilarityKernel(), CLOCK)
            .train(
                lib.liked.subList(0, 25),
                lib.disliked.subList(0, 100),
                source("", 0),
                null,
                null,
                ProgressListener.NONE,
                CancellationToken.none());
    assertThat(r.status()).as(r.message()).isEqualTo(TrainStatus.TRAINED);
    return new FileModelStore(dir).manifest().orElseThrow();
  }

  private static Set<String> splitFeatures(Path dir, ModelManifest m) throws Exception {
    Booster b = XGBoost.loadModel(new FileModelStore(dir).readModel(m));
    try {
      // Keys are the column names given (a null array crashes XGBoost4J's JNI).
      Set<String> used =
          new HashSet<>(b.getFeatureScore(m.featureNames().toArray(String[]::new)).keySet());
      return used;
    } finally {
      b.dispose();
    }
  }

  private static double score(Path dir, String songId, double bitrate) {
    try (SelectionPredictor p =
        new SelectionPredictor(new FileModelStore(dir), RankerConfig.DEFAULTS)) {
      PredictResult r =
          p.predict(
              List.of(songId),
              1,
              source(songId, bitrate),
              ProgressListener.NONE,
              CancellationToken.none());
      return r.items().get(0).score();
    }
  }

  @Test
  void excludedBitrate_isNeverSplitOn_storedWithTheModel_andIgnoredInPrediction() throws Exception {
    Path all = Files.createDirectories(root.resolve("all"));
    Path sound = Files.createDirectories(root.resolve("sound"));
    ModelManifest leakyModel = train(all, Set.of());
    ModelManifest soundModel = train(sound, Set.of(FeatureGroup.BITRATE, FeatureGroup.METADATA));

    // The bad case: left in, the leaking column is used; left out, it never is.
    assertThat(splitFeatures(all, leakyModel)).contains("bitrate_kbps");
    assertThat(splitFeatures(sound, soundModel))
        .doesNotContain("bitrate_kbps", "has_bitrate", "artist_match_any", "text_sim_max");
    assertThat(leakyModel.excludedFeatureGroups()).isEmpty();
    assertThat(soundModel.excludedFeatureGroups()).containsExactly("bitrate", "metadata");
    assertThat(
            Files.readString(
                new FileModelStore(sound).directory().resolve(FileModelStore.MANIFEST)))
        .contains("\"excludedFeatureGroups\"");

    // Prediction uses the model's own exclusions: bitrate changes nothing.
    String song = lib.neutral.get(0);
    assertThat(score(sound, song, 320)).isEqualTo(score(sound, song, 192));
    assertThat(score(all, song, 320)).isNotEqualTo(score(all, song, 192));

    // A model whose exclusions differ from the engine's is retrained, like other parameters.
    Set<FeatureGroup> same = Set.of(FeatureGroup.METADATA, FeatureGroup.BITRATE);
    assertThat(ModelProvenance.retrainReason(soundModel, soundModel.gbdtParams(), same)).isEmpty();
    assertThat(ModelProvenance.retrainReason(soundModel, soundModel.gbdtParams(), Set.of()))
        .hasValueSatisfying(why -> assertThat(why).contains("leaves out feature groups"));
    assertThat(
            ModelProvenance.retrainReason(
                leakyModel, leakyModel.gbdtParams(), Set.of(FeatureGroup.BITRATE)))
        .isPresent();
  }

  @Test
  void featureGroups_haveStableNames_andAnUnknownNameListsTheKnownOnes() {
    for (FeatureGroup g : FeatureGroup.values()) {
      assertThat(FeatureGroup.fromWireName(g.wireName())).isEqualTo(g);
      assertThat(FeatureSchema.columnsOf(g)).isNotEmpty();
    }
    assertThat(FeatureGroup.fromWireName("Bitrate")).isEqualTo(FeatureGroup.BITRATE);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> FeatureGroup.fromWireName("codec"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bitrate, duration, metadata");
  }
}
