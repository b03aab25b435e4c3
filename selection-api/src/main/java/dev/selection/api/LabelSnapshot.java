package dev.selection.api;

import java.util.List;

/**
 * The stored labels at one moment.
 *
 * @param positiveIds liked song ids, sorted
 * @param negativeIds disliked song ids, sorted
 * @param sampleChangeCount songs whose label really changed since the last successful training
 */
public record LabelSnapshot(
    List<String> positiveIds, List<String> negativeIds, long sampleChangeCount) {
  /** Copies the lists; the count must not be negative. */
  public LabelSnapshot {
    positiveIds = List.copyOf(positiveIds);
    negativeIds = List.copyOf(negativeIds);
    if (sampleChangeCount < 0) {
      throw new IllegalArgumentException("sampleChangeCount < 0: " + sampleChangeCount);
    }
  }
}
