package dev.selection.api;

/**
 * How much audio the embedder may analyse per track: the cost lever of OpenL3 (20.4 GFLOP per
 * one-second window: about 1–5 windows per second on two cores, see {@code selection-bench}
 * OpenL3Benchmark).
 *
 * @param hopSec step between 1-s analysis windows, seconds (0.1 is the accuracy-first original)
 * @param maxWindows most windows per track
 * @param maxSeconds most seconds of audio per track, taken through the {@link SegmentPolicy}
 */
public record EmbeddingBudget(double hopSec, int maxWindows, double maxSeconds) {
  /**
   * Hop 0.5 s, at most 48 windows from at most 36 s of audio: about 980 GFLOP, 10–40 s per track on
   * 2 cores.
   */
  public static final EmbeddingBudget DEFAULT = new EmbeddingBudget(0.5, 48, 36);

  /** Validates the values. */
  public EmbeddingBudget {
    if (!(hopSec > 0)
        || !Double.isFinite(hopSec)
        || maxWindows < 1
        || !(maxSeconds >= 1)
        || !Double.isFinite(maxSeconds)) {
      throw new IllegalArgumentException(
          "Bad embedding budget: hop="
              + hopSec
              + " maxWindows="
              + maxWindows
              + " maxSeconds="
              + maxSeconds);
    }
  }
}
