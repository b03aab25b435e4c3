package dev.selection.core.internal.dsp.tonal;

/**
 * Harmonic pitch class profile of one frame's spectral peaks (E. Gómez, "Tonal Description of
 * Polyphonic Audio for Music Content Processing", INFORMS J. on Computing 18(3), 2006), following
 * Essentia's {@code HPCP} (MTG/essentia commit b9fa6cb6 {@code src/algorithms/spectral/hpcp.cpp})
 * with {@code bandPreset=false}, {@code weightType=cosine}, {@code nonLinear=false}, {@code
 * maxShifted=false}.
 *
 * <p>Each peak adds {@code w(d)·mag²·h²} to the bins within {@code windowSemitones/2} of its pitch
 * class, where {@code w(d) = cos(π·d/windowSemitones)} for the distance {@code d} in semitones, and
 * to the pitch classes of the fundamentals it may be a harmonic of: harmonic {@code k} (k =
 * 1..harmonics+1) points {@code 12·log2(k)} semitones down with strength {@code h = Σ 1/max(1,
 * log2(k)/2)} over the harmonics that fall on the same pitch class. Bin 0 is the reference
 * frequency's pitch class (A for a reference near 440 Hz); {@code size/12} bins per semitone.
 *
 * <p>Immutable and thread-safe.
 */
public final class Hpcp {
  private static final double PRECISION = 1e-5;

  private final int size;
  private final double referenceHz;
  private final double minHz;
  private final double maxHz;
  private final double windowSemitones;
  private final double[] harmonicSemitones;
  private final double[] harmonicStrengths;

  /**
   * Creates an HPCP calculator.
   *
   * @param size number of bins, a positive multiple of 12
   * @param referenceHz frequency of the centre of bin 0 (the tuning frequency of A)
   * @param harmonics number of harmonics above the fundamental a peak may be (Essentia {@code
   *     harmonics}; 0 = fundamental only)
   * @param windowSemitones width of the cosine weighting window, semitones
   * @param minHz lowest peak frequency that contributes
   * @param maxHz highest peak frequency that contributes
   */
  public Hpcp(
      int size,
      double referenceHz,
      int harmonics,
      double windowSemitones,
      double minHz,
      double maxHz) {
    if (size < 12 || size % 12 != 0) {
      throw new IllegalArgumentException("size must be a positive multiple of 12: " + size);
    }
    if (!(windowSemitones * size / 12 >= 1.0) || windowSemitones > 12) {
      throw new IllegalArgumentException("windowSemitones must span a bin: " + windowSemitones);
    }
    if (!(referenceHz > 0) || harmonics < 0 || !(minHz > 0) || !(maxHz - minHz >= 200)) {
      throw new IllegalArgumentException("Bad HPCP parameters");
    }
    this.size = size;
    this.referenceHz = referenceHz;
    this.minHz = minHz;
    this.maxHz = maxHz;
    this.windowSemitones = windowSemitones;
    double[] semis = new double[harmonics + 1];
    double[] strengths = new double[harmonics + 1];
    int n = 0;
    for (int i = 0; i <= harmonics; i++) {
      double semitone = 12.0 * log2(i + 1.0);
      double octaveWeight = Math.max(1.0, (semitone / 12.0) * 0.5);
      while (semitone >= 12.0 - PRECISION) {
        semitone -= 12.0;
      }
      int found = -1;
      for (int k = 0; k < n; k++) {
        if (semis[k] > semitone - PRECISION && semis[k] < semitone + PRECISION) {
          found = k;
          break;
        }
      }
      if (found < 0) {
        semis[n] = semitone;
        strengths[n] = 1.0 / octaveWeight;
        n++;
      } else {
        strengths[found] += 1.0 / octaveWeight;
      }
    }
    this.harmonicSemitones = java.util.Arrays.copyOf(semis, n);
    this.harmonicStrengths = java.util.Arrays.copyOf(strengths, n);
  }

  /** Returns the number of bins. */
  public int size() {
    return size;
  }

  /**
   * Adds the contributions of {@code count} peaks to {@code hpcp} (not cleared first, not
   * normalised).
   *
   * @param hpcp accumulator of {@link #size()} bins
   */
  public void accumulate(float[] frequenciesHz, float[] magnitudes, int count, double[] hpcp) {
    double resolution = size / 12.0;
    double halfWindowBins = resolution * windowSemitones / 2.0;
    for (int p = 0; p < count; p++) {
      double freq = frequenciesHz[p];
      if (freq < minHz || freq > maxHz) {
        continue;
      }
      double mag2 = (double) magnitudes[p] * magnitudes[p];
      double baseBin = log2(freq / referenceHz) * size;
      for (int h = 0; h < harmonicSemitones.length; h++) {
        double pcpBin = baseBin - harmonicSemitones[h] * resolution;
        double hw = harmonicStrengths[h];
        double contribution = mag2 * hw * hw;
        int left = (int) Math.ceil(pcpBin - halfWindowBins);
        int right = (int) Math.floor(pcpBin + halfWindowBins);
        for (int i = left; i <= right; i++) {
          double distance = Math.abs(pcpBin - i) / resolution;
          double weight = Math.cos(Math.PI * distance / windowSemitones);
          hpcp[Math.floorMod(i, size)] += weight * contribution;
        }
      }
    }
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2.0);
  }
}
