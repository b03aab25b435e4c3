package dev.selection.api;

/**
 * The outcome of setting one label on a set of songs.
 *
 * @param total how many distinct song ids the call named
 * @param changed how many of them really changed label (same to same does not count)
 * @param sampleChangeCount the library's sample change count after the call
 * @param sampleChangeDelta how much this call added to the count (equal to {@code changed})
 * @param fileFailures for {@link SelectionEngine#setLabelsForFilePaths}: the files that could not
 *     be identified, each with its error (not counted in {@code total}); the others are labelled
 */
public record LabelUpdate(
    int total,
    int changed,
    long sampleChangeCount,
    int sampleChangeDelta,
    java.util.List<ExtractionFailure> fileFailures) {
  /** Validates that no count is negative and that {@code changed <= total}. */
  public LabelUpdate {
    fileFailures = java.util.List.copyOf(fileFailures);
    if (total < 0
        || changed < 0
        || sampleChangeCount < 0
        || sampleChangeDelta < 0
        || changed > total) {
      throw new IllegalArgumentException(
          "Inconsistent label update: total="
              + total
              + " changed="
              + changed
              + " count="
              + sampleChangeCount
              + " delta="
              + sampleChangeDelta);
    }
  }

  /** An update with no file failures (labels set by song id). */
  public LabelUpdate(int total, int changed, long sampleChangeCount, int sampleChangeDelta) {
    this(total, changed, sampleChangeCount, sampleChangeDelta, java.util.List.of());
  }
}
