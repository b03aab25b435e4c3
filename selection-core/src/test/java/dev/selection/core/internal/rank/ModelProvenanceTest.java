package dev.selection.core.internal.rank;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selection.api.spi.GbdtParams;
import dev.selection.api.spi.ModelManifest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When a stored model is retrained: older feature set, other or unrecorded hyper-parameters. */
class ModelProvenanceTest {
  private static ModelManifest manifest(String featureSet, GbdtParams params) {
    return new ModelManifest(
        7,
        featureSet,
        List.of("timbre_sim_max"),
        Map.of(),
        "selection_gbdt_v7.ubj",
        "0".repeat(64),
        Instant.parse("2026-12-01T00:00:00Z"),
        20,
        80,
        Map.of(),
        Map.of(),
        List.of("a".repeat(64)),
        List.of(),
        params,
        "0.1.0",
        "3.4.0");
  }

  @Test
  void retrainReason_emptyForTheSameFeatureSetAndParameters() {
    assertThat(
            ModelProvenance.retrainReason(
                manifest(FeatureSchema.FEATURE_SET_VERSION, GbdtParams.DEFAULTS),
                GbdtParams.DEFAULTS))
        .isEmpty();
  }

  @Test
  void retrainReason_namesTheParametersThatDiffer() {
    GbdtParams other = GbdtParams.DEFAULTS.with(6, 0.1, 1.0, 1.0, false);
    assertThat(
            ModelProvenance.retrainReason(
                manifest(FeatureSchema.FEATURE_SET_VERSION, other), GbdtParams.DEFAULTS))
        .hasValue(
            "model revision 7 was trained with other hyper-parameters"
                + " (eta 0.1, this SDK 0.05; monotone false, this SDK true)");
    GbdtParams otherSeed =
        new GbdtParams(
            6, 0.05, 0.8, 0.8, 1.0, 1.0, 400, 30, true, 1L, true, "binary:logistic", true);
    assertThat(
            ModelProvenance.retrainReason(
                manifest(FeatureSchema.FEATURE_SET_VERSION, otherSeed), GbdtParams.DEFAULTS))
        .hasValueSatisfying(why -> assertThat(why).contains("seed 1, this SDK 20240517"));
  }

  @Test
  void retrainReason_forAManifestWithoutParameters() {
    assertThat(
            ModelProvenance.retrainReason(
                manifest(FeatureSchema.FEATURE_SET_VERSION, null), GbdtParams.DEFAULTS))
        .hasValueSatisfying(
            why -> assertThat(why).contains("does not record its hyper-parameters"));
  }

  @Test
  void retrainReason_olderFeatureSetIsRetrained_newerIsLeftAlone() {
    String older = String.valueOf(Integer.parseInt(FeatureSchema.FEATURE_SET_VERSION) - 1);
    assertThat(ModelProvenance.retrainReason(manifest(older, null), GbdtParams.DEFAULTS))
        .hasValueSatisfying(why -> assertThat(why).contains("uses feature set " + older));
    GbdtParams other = GbdtParams.DEFAULTS.withPrior(false);
    assertThat(ModelProvenance.retrainReason(manifest("999", other), GbdtParams.DEFAULTS))
        .isEmpty();
    assertThat(ModelProvenance.retrainReason(manifest("999", null), GbdtParams.DEFAULTS)).isEmpty();
  }

  @Test
  void versions_areReadFromTheJars() {
    assertThat(ModelProvenance.sdkVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(ModelProvenance.xgboostVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
  }
}
