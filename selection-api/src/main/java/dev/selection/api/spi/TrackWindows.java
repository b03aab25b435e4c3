package dev.selection.api.spi;

/**
 * How an embedder that analyses the whole track wants its audio: windows of {@code windowSec}
 * seconds spread evenly over the track (the first starts at 0, the last ends at the track's end),
 * at most {@code maxWindows} of them, each handed over as one {@link AudioExcerpt} at the
 * embedder's sample rate. A track shorter than one window is handed over whole. Returned by {@link
 * Embedder#trackWindows()}.
 *
 * @param windowSec length of one window in seconds, {@code > 0}
 * @param maxWindows most windows per track, {@code >= 1}; longer tracks get fewer windows than
 *     their length would hold, spread over all of it, so cost and memory stay bounded
 */
public record TrackWindows(double windowSec, int maxWindows) {
  /** Validates the values. */
  public TrackWindows {
    if (!(windowSec > 0) || !Double.isFinite(windowSec) || maxWindows < 1) {
      throw new IllegalArgumentException(
          "Bad track windows: windowSec=" + windowSec + " maxWindows=" + maxWindows);
    }
  }
}
