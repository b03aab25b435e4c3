package dev.selection.core.internal.dsp.tonal;

import dev.selection.api.MusicalKey;
import java.util.Objects;

/**
 * The result of key estimation.
 *
 * @param key the estimated key
 * @param correlation Pearson correlation of the HPCP with the winning profile, in [-1, 1]
 *     (Essentia's {@code strength})
 * @param firstToSecondRelativeStrength (best − second best correlation of the winning mode) / best,
 *     as Essentia's output of that name
 * @param profile the profile set used
 */
public record KeyEstimate(
    MusicalKey key, double correlation, double firstToSecondRelativeStrength, KeyProfile profile) {
  /** Validates the values. */
  public KeyEstimate {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(profile, "profile");
    if (!(correlation >= -1.0001 && correlation <= 1.0001)
        || !Double.isFinite(firstToSecondRelativeStrength)) {
      throw new IllegalArgumentException("Bad key estimate: r=" + correlation);
    }
  }

  /** Returns the key strength in [0, 1] for storage: the correlation clamped at 0 and 1. */
  public double strength() {
    return Math.max(0.0, Math.min(1.0, correlation));
  }
}
