package dev.selection.core.internal.pipeline;

/**
 * Receives the decoded PCM of one track, block by block: the unit of the "decode once" fan-out. One
 * decoded stream feeds the PCM hash, the mix-down, the resamplers and every streaming extractor
 * through sinks, so no file is decoded twice and no track is ever held whole in memory.
 *
 * <p>Call order: {@link #begin} once, {@link #accept} zero or more times, {@link #end} once. A sink
 * is used by one thread at a time. A sink must not keep a reference to the array passed to {@link
 * #accept}: the caller reuses it.
 */
public interface PcmSink {
  /**
   * Starts a track.
   *
   * @param sampleRateHz sample rate of the blocks this sink will receive
   * @param channels channels of the blocks (interleaved); 1 for mono sinks
   * @param framesHint total frames if known from the header, else -1
   */
  void begin(int sampleRateHz, int channels, long framesHint);

  /**
   * Receives {@code frames} frames of interleaved samples in [-1, 1) starting at {@code
   * samples[offset]}.
   */
  void accept(float[] samples, int offset, int frames);

  /** Ends the track; results become available. */
  void end();
}
