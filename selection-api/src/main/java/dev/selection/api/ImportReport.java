package dev.selection.api;

/**
 * The outcome of {@link SelectionEngine#importAnalyses}: every file counts in exactly one of {@code
 * imported}, {@code skipped}, {@code failed} and {@code outdated}.
 *
 * @param total files given
 * @param imported files whose features (all or, see {@code partial}, some groups) were stored with
 *     their path-index entry
 * @param skipped files whose path-index entry and features were already current (nothing written)
 * @param failed failures, recorded as a local scan records them (not retried by a scan until the
 *     file changes)
 * @param outdated files none of whose feature groups has the version this engine computes (nothing
 *     stored; a scan analyses them)
 * @param partial of {@code imported}, files of which some groups or embedding kinds were left out
 *     because this engine computes them with another version (a scan recomputes just those)
 */
public record ImportReport(
    int total, int imported, int skipped, int failed, int outdated, int partial) {
  /** Validates the counts. */
  public ImportReport {
    if (total < 0
        || imported < 0
        || skipped < 0
        || failed < 0
        || outdated < 0
        || partial < 0
        || partial > imported
        || imported + skipped + failed + outdated != total) {
      throw new IllegalArgumentException(
          "Inconsistent counts: total "
              + total
              + " imported "
              + imported
              + " skipped "
              + skipped
              + " failed "
              + failed
              + " outdated "
              + outdated
              + " partial "
              + partial);
    }
  }
}
