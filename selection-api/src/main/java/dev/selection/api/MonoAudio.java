package dev.selection.api;

import java.util.Objects;

/**
 * A whole track, mixed to mono.
 *
 * @param samples the samples in [-1, 1) (not copied: the record owns the array)
 * @param sampleRateHz their rate
 * @param songId the track's songId, from the same decode
 */
public record MonoAudio(float[] samples, int sampleRateHz, String songId) {
  /** Validates the values. */
  public MonoAudio {
    Objects.requireNonNull(samples, "samples");
    if (sampleRateHz <= 0) {
      throw new IllegalArgumentException("sampleRateHz must be > 0: " + sampleRateHz);
    }
    SongFeatures.requireSongId(songId);
  }

  /** Returns the duration in seconds. */
  public double durationSec() {
    return (double) samples.length / sampleRateHz;
  }
}
