package dev.selection.core.internal.dsp.tonal;

import dev.selection.api.MusicalKey;
import dev.selection.api.MusicalKey.Mode;
import java.util.Objects;
import java.util.Optional;

/**
 * Estimates the key of a pitch class profile by correlating it with a major and a minor profile at
 * every rotation (the Krumhansl–Schmuckler method as implemented by Essentia's {@code Key},
 * MTG/essentia commit b9fa6cb6 {@code src/algorithms/tonal/key.cpp}; its streaming pre-processing:
 * peak-normalise the averaged HPCP and zero bins below {@code pcpThreshold}).
 *
 * <p>The input HPCP follows Essentia's convention: bin 0 is the reference pitch class A, and a size
 * of {@code 12·n} has {@code n} bins per semitone. Profiles are linearly interpolated to the HPCP
 * size as Essentia's {@code Key::resize} does.
 *
 * <p>Immutable and thread-safe.
 */
public final class KeyEstimator {
  /**
   * Profile used by default: {@link KeyProfile#EDMA}. Why: the SDK's first hosts are DJ library
   * managers, whose libraries are dominated by electronic dance music, where Faraldo et al. (ECIR
   * 2016) found these profiles better than Temperley's, Krumhansl's and Sha'ath's; on our generated
   * evaluation set (cadences, MIDI renders, detuned renders with drums and noise) it ties for best
   * with Krumhansl and Sha'ath (71/72 exact, as Essentia's KeyExtractor), while Temperley's
   * profiles mistake minor pieces for their relative major (50/72). Figures and command in {@code
   * notes/tonal.md}.
   */
  public static final KeyProfile DEFAULT_PROFILE = KeyProfile.EDMA;

  /** Essentia's {@code pcpThreshold} default (streaming {@code Key}, {@code KeyExtractor}). */
  public static final double DEFAULT_PCP_THRESHOLD = 0.2;

  private final KeyProfile profile;
  private final double pcpThreshold;
  private final boolean usePolyphony;
  private final double[] major12;
  private final double[] minor12;

  /**
   * Creates an estimator.
   *
   * @param profile profile set
   * @param pcpThreshold bins below this fraction of the maximum are set to 0 before correlation; 0
   *     disables the gate
   * @param usePolyphony if true, build "polyphonic" profiles as Essentia does with {@code
   *     usePolyphony} and {@code useThreeChords}: the triads of I, IV and V weighted by the
   *     profile's values for those degrees, each note spread over 4 harmonics with slope 0.6; if
   *     false (as Essentia's {@code KeyExtractor}) use the profile directly
   */
  public KeyEstimator(KeyProfile profile, double pcpThreshold, boolean usePolyphony) {
    this.profile = Objects.requireNonNull(profile, "profile");
    if (!(pcpThreshold >= 0 && pcpThreshold < 1)) {
      throw new IllegalArgumentException("pcpThreshold must be in [0, 1): " + pcpThreshold);
    }
    this.pcpThreshold = pcpThreshold;
    this.usePolyphony = usePolyphony;
    double[] maj = profile.major();
    double[] min = profile.minor();
    if (usePolyphony) {
      maj = polyphonic(maj, true);
      min = polyphonic(min, false);
    }
    this.major12 = maj;
    this.minor12 = min;
  }

  /** Creates an estimator with {@link #DEFAULT_PROFILE}, the 0.2 gate and direct profiles. */
  public KeyEstimator() {
    this(DEFAULT_PROFILE, DEFAULT_PCP_THRESHOLD, false);
  }

  /** Returns the profile set. */
  public KeyProfile profile() {
    return profile;
  }

  /**
   * Estimates the key of {@code hpcp}.
   *
   * @param hpcp pitch class profile, bin 0 = A, length a positive multiple of 12; not modified
   * @return the key, or empty when the profile is flat, all zero or not finite (no key can be told)
   * @throws IllegalArgumentException if the length is not a positive multiple of 12
   */
  public Optional<KeyEstimate> estimate(float[] hpcp) {
    int size = hpcp.length;
    if (size < 12 || size % 12 != 0) {
      throw new IllegalArgumentException("HPCP size must be a positive multiple of 12: " + size);
    }
    double max = 0;
    for (float v : hpcp) {
      if (!Float.isFinite(v) || v < 0) {
        return Optional.empty();
      }
      max = Math.max(max, v);
    }
    if (max <= 0) {
      return Optional.empty();
    }
    double[] pcp = new double[size];
    for (int i = 0; i < size; i++) {
      double v = hpcp[i] / max;
      pcp[i] = v < pcpThreshold ? 0.0 : v;
    }
    double[] majorProfile = resize(major12, size);
    double[] minorProfile = resize(minor12, size);
    Correlation major = bestRotation(pcp, majorProfile);
    Correlation minor = bestRotation(pcp, minorProfile);
    if (major == null || minor == null) {
      return Optional.empty();
    }
    // Essentia prefers minor on ties (maxMinor >= maxMajor).
    Correlation best = major.best > minor.best ? major : minor;
    Mode mode = best == major ? Mode.MAJOR : Mode.MINOR;
    int n = size / 12;
    int semitoneFromA = best.shift / n; // Essentia: lround(shift * 12 / size) with integer division
    int tonicPc = (semitoneFromA + 9) % 12; // A = pitch class 9
    double relative = best.best != 0 ? (best.best - best.second) / best.best : 0.0;
    if (!Double.isFinite(relative)) {
      relative = 0.0;
    }
    return Optional.of(
        new KeyEstimate(new MusicalKey(tonicPc, mode), best.best, relative, profile));
  }

  private record Correlation(int shift, double best, double second) {}

  private static Correlation bestRotation(double[] pcp, double[] profile) {
    int size = pcp.length;
    double meanP = 0;
    double meanQ = 0;
    for (int i = 0; i < size; i++) {
      meanP += pcp[i];
      meanQ += profile[i];
    }
    meanP /= size;
    meanQ /= size;
    double stdP = 0;
    double stdQ = 0;
    for (int i = 0; i < size; i++) {
      stdP += (pcp[i] - meanP) * (pcp[i] - meanP);
      stdQ += (profile[i] - meanQ) * (profile[i] - meanQ);
    }
    stdP = Math.sqrt(stdP);
    stdQ = Math.sqrt(stdQ);
    if (stdP == 0 || stdQ == 0) {
      return null;
    }
    int bestShift = -1;
    double best = -2;
    double second = -2;
    for (int shift = 0; shift < size; shift++) {
      double r = 0;
      for (int i = 0; i < size; i++) {
        int index = i - shift;
        if (index < 0) {
          index += size;
        }
        r += (pcp[i] - meanP) * (profile[index] - meanQ);
      }
      r /= stdP * stdQ;
      if (r > best) {
        second = best;
        best = r;
        bestShift = shift;
      } else if (r > second) {
        second = r;
      }
    }
    return new Correlation(bestShift, Math.max(-1, Math.min(1, best)), Math.max(-1, second));
  }

  /** Linear interpolation of a 12-value profile to {@code size} values (Essentia Key::resize). */
  static double[] resize(double[] p12, int size) {
    int n = size / 12;
    if (n == 1) {
      return p12.clone();
    }
    double[] out = new double[size];
    for (int i = 0; i < 12; i++) {
      double next = p12[(i + 1) % 12];
      double incr = (p12[i] - next) / n;
      out[i * n] = p12[i];
      for (int j = 1; j < n; j++) {
        out[i * n + j] = p12[i] - j * incr;
      }
    }
    return out;
  }

  private static double[] polyphonic(double[] p, boolean major) {
    double[] chords = new double[12];
    if (major) {
      addTriad(0, 4, p[0], chords);
      addTriad(5, 4, p[5], chords);
      addTriad(7, 4, p[7], chords);
    } else {
      addTriad(0, 3, p[0], chords);
      addTriad(5, 3, p[5], chords);
      addTriad(7, 4, p[7], chords); // harmonic-minor dominant
    }
    return chords;
  }

  private static void addTriad(int root, int third, double weight, double[] chords) {
    addHarmonics(root, weight, chords);
    addHarmonics((root + third) % 12, weight, chords);
    addHarmonics((root + 7) % 12, weight, chords);
  }

  /** Spreads a note over 4 harmonics with slope 0.6 (Essentia addContributionHarmonics). */
  private static void addHarmonics(int pitchClass, double contribution, double[] chords) {
    double weight = contribution;
    for (int h = 1; h <= 4; h++) {
      double index = pitchClass + 12 * (Math.log(h) / Math.log(2));
      double before = Math.floor(index);
      double after = Math.ceil(index);
      int ib = (int) (before % 12);
      int ia = (int) (after % 12);
      if (ib < ia) {
        double db = index - before;
        double da = after - index;
        chords[ib] += Math.pow(Math.cos(0.5 * Math.PI * db), 2) * weight;
        chords[ia] += Math.pow(Math.cos(0.5 * Math.PI * da), 2) * weight;
      } else {
        chords[ib] += weight;
      }
      weight *= 0.6;
    }
  }

  @Override
  public String toString() {
    return "KeyEstimator["
        + profile
        + ", gate="
        + pcpThreshold
        + ", polyphony="
        + usePolyphony
        + "]";
  }
}
