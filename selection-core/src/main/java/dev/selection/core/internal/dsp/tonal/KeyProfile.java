package dev.selection.core.internal.dsp.tonal;

import dev.selection.api.MusicalKey.Mode;

/**
 * Key profiles: the expected weight of each pitch class relative to the tonic (index 0 = tonic, 1 =
 * a semitone above, ...), one vector per mode. Numbers are those of Essentia's {@code Key}
 * algorithm (MTG/essentia commit b9fa6cb6, {@code src/algorithms/tonal/key.cpp}, arrays {@code
 * profileTypes} and {@code profileTypesWithOther}), which cites the original publications below.
 */
public enum KeyProfile {
  /**
   * Krumhansl–Kessler probe-tone ratings (C. L. Krumhansl, <i>Cognitive Foundations of Musical
   * Pitch</i>, 1990), the profiles of the Krumhansl–Schmuckler algorithm; good general pop
   * profiles.
   */
  KRUMHANSL(
      new double[] {6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88},
      new double[] {6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17}),
  /**
   * D. Temperley's revision of the Krumhansl–Schmuckler profiles ("What's key for key?", Music
   * Perception 17(1), 1999), from corpus analysis of common-practice music; strongest on classical
   * repertoire, especially minor keys.
   */
  TEMPERLEY(
      new double[] {5.0, 2.0, 3.5, 2.0, 4.5, 4.0, 2.0, 4.5, 2.0, 3.5, 1.5, 4.0},
      new double[] {5.0, 2.0, 3.5, 4.5, 2.0, 4.0, 2.0, 4.5, 3.5, 2.0, 1.5, 4.0}),
  /**
   * Faraldo et al.'s profiles extracted automatically from electronic dance music ("Key Estimation
   * in Electronic Dance Music", ECIR 2016), Essentia's {@code edma}.
   */
  EDMA(
      new double[] {1.00, 0.29, 0.50, 0.40, 0.60, 0.56, 0.32, 0.80, 0.31, 0.45, 0.42, 0.39},
      new double[] {1.00, 0.31, 0.44, 0.58, 0.33, 0.49, 0.29, 0.78, 0.43, 0.29, 0.53, 0.32}),
  /**
   * Faraldo et al.'s median Beatport profiles with the four least relevant degrees zeroed ("A
   * multi-profile method for key estimation in EDM", AES Semantic Audio 2017), Essentia's {@code
   * bgate}, the default of Essentia's {@code KeyExtractor}.
   */
  BGATE(
      new double[] {1.00, 0.00, 0.42, 0.00, 0.53, 0.37, 0.00, 0.77, 0.00, 0.38, 0.21, 0.30},
      new double[] {1.00, 0.00, 0.36, 0.39, 0.00, 0.38, 0.00, 0.74, 0.27, 0.00, 0.42, 0.23}),
  /** Ibrahim Sha'ath's Krumhansl-based profiles tuned to pop and electronic music (KeyFinder). */
  SHAATH(
      new double[] {6.6, 2.0, 3.5, 2.3, 4.6, 4.0, 2.5, 5.2, 2.4, 3.7, 2.3, 3.4},
      new double[] {6.5, 2.7, 3.5, 5.4, 2.6, 3.5, 2.5, 5.2, 4.0, 2.7, 4.3, 3.2});

  private final double[] major;
  private final double[] minor;

  KeyProfile(double[] major, double[] minor) {
    this.major = major;
    this.minor = minor;
  }

  /** Returns a copy of the 12 major-mode weights, index 0 = tonic. */
  public double[] major() {
    return major.clone();
  }

  /** Returns a copy of the 12 minor-mode weights, index 0 = tonic. */
  public double[] minor() {
    return minor.clone();
  }

  /** Returns a copy of the weights of {@code mode}, index 0 = tonic. */
  public double[] weights(Mode mode) {
    return mode == Mode.MAJOR ? major() : minor();
  }
}
