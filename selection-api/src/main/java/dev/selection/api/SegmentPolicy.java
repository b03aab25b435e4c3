package dev.selection.api;

/**
 * How the information-dense excerpts of a track are chosen: the shared strategy behind RMS, HPCP,
 * BPM, timbre and OpenL3. The defaults are the original design's multi-segment high-energy
 * sampling.
 *
 * @param windowSec length of one candidate segment in seconds
 * @param hopSec step between candidate segments in seconds
 * @param segments how many segments to keep
 * @param edgeGuardSec seconds at the start and end that no segment may touch
 * @param minGapFactor minimum distance between chosen segment starts, as a fraction of the window
 */
public record SegmentPolicy(
    double windowSec, double hopSec, int segments, double edgeGuardSec, double minGapFactor) {

  /** 12 s windows, 4 s hop, 3 segments, 6 s edge guard, minimum gap 0.6 × window. */
  public static final SegmentPolicy DEFAULT = new SegmentPolicy(12, 4, 3, 6, 0.6);

  /** Validates the values. */
  public SegmentPolicy {
    if (!(windowSec > 0)
        || !(hopSec > 0)
        || segments < 1
        || !(edgeGuardSec >= 0)
        || !(minGapFactor >= 0)
        || !Double.isFinite(windowSec + hopSec + edgeGuardSec + minGapFactor)) {
      throw new IllegalArgumentException(
          "Bad segment policy: window="
              + windowSec
              + " hop="
              + hopSec
              + " segments="
              + segments
              + " guard="
              + edgeGuardSec
              + " gap="
              + minGapFactor);
    }
  }
}
