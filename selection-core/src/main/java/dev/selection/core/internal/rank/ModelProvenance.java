package dev.selection.core.internal.rank;

import dev.selection.api.FeatureGroup;
import dev.selection.api.spi.GbdtParams;
import dev.selection.api.spi.ModelManifest;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import ml.dmlc.xgboost4j.java.XGBoost;

/**
 * How a model was made, as its manifest records it (the hyper-parameters with their seed, the SDK
 * and XGBoost versions, the feature set), and whether a stored model must be retrained: a model of
 * an older feature set, or made with other hyper-parameters than this SDK's, or whose manifest does
 * not record them, is retrained as soon as the sample thresholds hold. A model of a newer feature
 * set (an SDK downgrade) is left alone; prediction refuses it. Versions are the SDK's own and
 * XGBoost4J's, read once from the jars; stateless and thread-safe.
 */
public final class ModelProvenance {
  private static final String UNKNOWN = "unknown";
  private static final String SDK_VERSION =
      property(ModelProvenance.class, "sdk-version.properties", "version");
  private static final String XGBOOST_VERSION =
      property(XGBoost.class, "/xgboost4j-version.properties", "version");

  private ModelProvenance() {}

  /** Returns this SDK's version ({@code selection-core}'s), or {@code unknown}. */
  public static String sdkVersion() {
    return SDK_VERSION;
  }

  /** Returns the version of the XGBoost4J jar on the module or class path, or {@code unknown}. */
  public static String xgboostVersion() {
    return XGBOOST_VERSION;
  }

  /**
   * Returns why a stored model should be retrained by this SDK with these hyper-parameters, or
   * empty when it is current (or newer: a downgrade is never overwritten).
   *
   * @param manifest the stored model's manifest
   * @param params the hyper-parameters this SDK trains with
   */
  public static Optional<String> retrainReason(ModelManifest manifest, GbdtParams params) {
    return retrainReason(manifest, params, Set.of());
  }

  /**
   * Returns why a stored model should be retrained by this SDK with these hyper-parameters and
   * these excluded feature groups, or empty when it is current (or newer). A model that leaves out
   * other groups than {@code excluded} is retrained like one made with other hyper-parameters.
   *
   * @param manifest the stored model's manifest
   * @param params the hyper-parameters this SDK trains with
   * @param excluded the feature groups the engine leaves out
   */
  public static Optional<String> retrainReason(
      ModelManifest manifest, GbdtParams params, Set<FeatureGroup> excluded) {
    Optional<String> reason = paramsReason(manifest, params);
    if (reason.isPresent()
        || !FeatureSchema.FEATURE_SET_VERSION.equals(manifest.featureSetVersion())) {
      return reason;
    }
    List<String> now = wireNames(excluded);
    if (!manifest.excludedFeatureGroups().equals(now)) {
      return Optional.of(
          "model revision "
              + manifest.modelRevision()
              + " leaves out feature groups "
              + manifest.excludedFeatureGroups()
              + ", the engine leaves out "
              + now);
    }
    return Optional.empty();
  }

  /** Returns the groups' wire names, sorted, as the manifest stores them. */
  public static List<String> wireNames(Set<FeatureGroup> groups) {
    return groups.stream().map(FeatureGroup::wireName).sorted().toList();
  }

  /**
   * Returns the groups a manifest names.
   *
   * @throws IllegalArgumentException for a name this SDK does not know (a newer SDK's model)
   */
  public static Set<FeatureGroup> groups(List<String> wireNames) {
    EnumSet<FeatureGroup> out = EnumSet.noneOf(FeatureGroup.class);
    for (String n : wireNames) {
      out.add(FeatureGroup.fromWireName(n));
    }
    return out;
  }

  private static Optional<String> paramsReason(ModelManifest manifest, GbdtParams params) {
    Objects.requireNonNull(params, "params");
    String model = "model revision " + manifest.modelRevision();
    String version = manifest.featureSetVersion();
    if (FeatureSchema.isOlder(version)) {
      return Optional.of(
          model
              + " uses feature set "
              + version
              + ", this SDK builds "
              + FeatureSchema.FEATURE_SET_VERSION);
    }
    if (!FeatureSchema.FEATURE_SET_VERSION.equals(version)) {
      return Optional.empty();
    }
    GbdtParams made = manifest.gbdtParams();
    if (made == null) {
      return Optional.of(
          model + " does not record its hyper-parameters (its manifest predates them)");
    }
    if (made.equals(params)) {
      return Optional.empty();
    }
    return Optional.of(
        model + " was trained with other hyper-parameters (" + differences(made, params) + ")");
  }

  /** Names each component that differs: {@code eta 0.1, this SDK 0.05}. */
  static String differences(GbdtParams made, GbdtParams now) {
    List<String> out = new ArrayList<>();
    for (RecordComponent c : GbdtParams.class.getRecordComponents()) {
      try {
        Object a = c.getAccessor().invoke(made);
        Object b = c.getAccessor().invoke(now);
        if (!a.equals(b)) {
          out.add(c.getName() + " " + a + ", this SDK " + b);
        }
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("Cannot read GbdtParams." + c.getName(), e);
      }
    }
    return String.join("; ", out);
  }

  private static String property(Class<?> owner, String resource, String key) {
    try (InputStream in = owner.getResourceAsStream(resource)) {
      if (in == null) {
        return UNKNOWN;
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty(key, "").trim();
      return v.isEmpty() || v.startsWith("${") ? UNKNOWN : v;
    } catch (IOException e) {
      return UNKNOWN;
    }
  }
}
