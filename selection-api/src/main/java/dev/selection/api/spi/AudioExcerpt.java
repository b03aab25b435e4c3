package dev.selection.api.spi;

import java.util.Objects;

/**
 * A mono excerpt of a track at the consumer's sample rate. The array is not copied, for speed: the
 * producer hands it over and does not change it afterwards.
 *
 * @param samples mono samples in [-1, 1)
 * @param sampleRateHz sample rate of {@code samples}
 * @param startSec where the excerpt starts in the track, seconds
 */
public record AudioExcerpt(float[] samples, int sampleRateHz, double startSec) {
  /** Validates the values. */
  public AudioExcerpt {
    Objects.requireNonNull(samples, "samples");
    if (sampleRateHz <= 0 || !(startSec >= 0)) {
      throw new IllegalArgumentException(
          "Bad excerpt: rate=" + sampleRateHz + " start=" + startSec);
    }
  }

  /** Returns the excerpt's length in seconds. */
  public double durationSec() {
    return (double) samples.length / sampleRateHz;
  }
}
