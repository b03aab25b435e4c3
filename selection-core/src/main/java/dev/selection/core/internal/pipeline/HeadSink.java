package dev.selection.core.internal.pipeline;

import java.util.Objects;

/**
 * Forwards only the first {@code maxFrames} frames of a track to its downstream sink, so a consumer
 * that reads only the start of a track (Chromaprint: 120 s) costs nothing for the rest.
 */
public final class HeadSink implements PcmSink {
  private final PcmSink downstream;
  private final double maxSeconds;
  private long remaining;

  /**
   * Creates the sink.
   *
   * @param maxSeconds seconds to forward, {@code > 0}
   * @param downstream the sink receiving them
   */
  public HeadSink(double maxSeconds, PcmSink downstream) {
    if (!(maxSeconds > 0)) {
      throw new IllegalArgumentException("maxSeconds must be > 0: " + maxSeconds);
    }
    this.maxSeconds = maxSeconds;
    this.downstream = Objects.requireNonNull(downstream, "downstream");
  }

  @Override
  public void begin(int sampleRateHz, int channels, long framesHint) {
    remaining = (long) Math.ceil(maxSeconds * sampleRateHz);
    downstream.begin(sampleRateHz, channels, framesHint < 0 ? -1 : Math.min(framesHint, remaining));
  }

  @Override
  public void accept(float[] samples, int offset, int frames) {
    if (remaining <= 0) {
      return;
    }
    int n = (int) Math.min(frames, remaining);
    downstream.accept(samples, offset, n);
    remaining -= n;
  }

  @Override
  public void end() {
    downstream.end();
  }
}
