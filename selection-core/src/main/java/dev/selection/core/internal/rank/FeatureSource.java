package dev.selection.core.internal.rank;

import dev.selection.api.SongFeatures;
import java.util.Collection;
import java.util.Map;

/**
 * Where the ranker reads stored features from; {@code FeatureStore::getAll} fits. Ids without
 * features are simply absent from the returned map.
 */
@FunctionalInterface
public interface FeatureSource {
  /** Returns the stored features of the given ids that have any. */
  Map<String, SongFeatures> getAll(Collection<String> songIds);
}
