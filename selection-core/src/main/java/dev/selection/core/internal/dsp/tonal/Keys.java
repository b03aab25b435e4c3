package dev.selection.core.internal.dsp.tonal;

import dev.selection.api.MusicalKey;

/**
 * Key helpers for ranking: distances between keys given as {@link MusicalKey} or as key strings
 * ({@code "A minor"}, {@code "C# major"}, flats accepted). Stateless and thread-safe.
 */
public final class Keys {
  private Keys() {}

  /**
   * Harmonic-mixing distance on the Camelot wheel: the number of steps between the two wheel
   * positions (0..6, one step = a fifth) plus 1 when the letters differ (major vs minor). So the
   * same key is 0, the relative key (8A–8B) and a fifth away (8A–9A) are 1, and the range is 0..7.
   */
  public static int camelotDistance(MusicalKey a, MusicalKey b) {
    int d = Math.abs(a.camelotNumber() - b.camelotNumber());
    d = Math.min(d, 12 - d);
    return d + (a.mode() == b.mode() ? 0 : 1);
  }

  /**
   * Semitone distance between the tonics along the shorter way round the chromatic circle (0..6)
   * plus 1 when the modes differ; range 0..7 (spec §7.2 {@code key_dist_min}).
   */
  public static int semitoneDistance(MusicalKey a, MusicalKey b) {
    int d = Math.floorMod(a.tonicPitchClass() - b.tonicPitchClass(), 12);
    d = Math.min(d, 12 - d);
    return d + (a.mode() == b.mode() ? 0 : 1);
  }

  /**
   * {@link #camelotDistance(MusicalKey, MusicalKey)} of two key strings.
   *
   * @throws IllegalArgumentException if either string is not a key
   */
  public static int camelotDistance(String a, String b) {
    return camelotDistance(MusicalKey.parse(a), MusicalKey.parse(b));
  }

  /**
   * {@link #semitoneDistance(MusicalKey, MusicalKey)} of two key strings.
   *
   * @throws IllegalArgumentException if either string is not a key
   */
  public static int semitoneDistance(String a, String b) {
    return semitoneDistance(MusicalKey.parse(a), MusicalKey.parse(b));
  }

  /**
   * MIREX key-detection score of an estimate against a reference: 1 same key, 0.5 the estimate's
   * tonic a perfect fifth above the reference's in the same mode, 0.3 relative, 0.2 parallel, else
   * 0 (the rules of mir_eval 0.7 {@code mir_eval/key.py} {@code weighted_score} with its default of
   * ascending fifths only).
   */
  public static double mirexScore(MusicalKey estimate, MusicalKey reference) {
    if (estimate.equals(reference)) {
      return 1.0;
    }
    int d = Math.floorMod(estimate.tonicPitchClass() - reference.tonicPitchClass(), 12);
    if (estimate.mode() == reference.mode() && d == 7) {
      return 0.5;
    }
    if (estimate.equals(reference.relative())) {
      return 0.3;
    }
    if (estimate.equals(reference.parallel())) {
      return 0.2;
    }
    return 0.0;
  }
}
