package dev.selection.core.internal.dsp.tonal;

/**
 * Estimates the tuning frequency from spectral peaks as Essentia's {@code TuningFrequency}
 * (MTG/essentia commit b9fa6cb6 {@code src/algorithms/tonal/tuningfrequency.cpp}, after E. Gómez,
 * MIREX 2005): each frame builds a histogram (1-cent bins over ±50 cents) of the peaks' deviations
 * from the equal-tempered grid on A = 440 Hz, weighted by magnitude; the frame's most common
 * deviation gets the frame's peak energy in a global histogram; the global maximum is the tuning.
 *
 * <p>One deliberate difference: Essentia wraps deviations below −35 cents to the sharp side (+65),
 * so a track tuned 40 cents flat gets a reference near A♯ and, since bin 0 of the HPCP is still
 * called A, its key is named a semitone too low. We keep the nearest equal-tempered grid, [−50,
 * +50) cents, so keys are named after the nearest A = 440 Hz pitch (measured on our detuned
 * evaluation set, see {@code notes/tonal.md}).
 *
 * <p>Not thread-safe: one instance per analysis.
 */
public final class TuningEstimator {
  private static final int BINS = 100;

  private final double[] frameHistogram = new double[BINS];
  private final double[] globalHistogram = new double[BINS];

  /** Adds one frame's peaks ({@code count} first entries of the arrays). */
  public void addFrame(float[] frequenciesHz, float[] magnitudes, int count) {
    if (count == 0) {
      return;
    }
    java.util.Arrays.fill(frameHistogram, 0);
    double energy = 0;
    for (int i = 0; i < count; i++) {
      double f = frequenciesHz[i];
      if (!(f > 0)) {
        continue;
      }
      double note = 12.0 * Math.log(f / 440.0) / Math.log(2.0);
      double deviationCents = 100.0 * (note - Math.floor(note + 0.5));
      int index = (int) (50.0 + deviationCents + 0.5);
      if (index >= BINS) {
        index = 0;
      }
      frameHistogram[Math.max(0, index)] += magnitudes[i];
      energy += (double) magnitudes[i] * magnitudes[i];
    }
    int frameIndex = argmax(frameHistogram);
    globalHistogram[frameIndex] += energy;
  }

  /** Returns the deviation from A = 440 Hz in cents, in [−50, 50); 0 if nothing was seen. */
  public double tuningCents() {
    int index = argmax(globalHistogram);
    if (globalHistogram[index] == 0) {
      return 0.0;
    }
    return index - 50.0;
  }

  /** Returns the estimated tuning frequency of A4 in Hz. */
  public double tuningFrequencyHz() {
    return 440.0 * Math.pow(2.0, tuningCents() / 1200.0);
  }

  private static int argmax(double[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }
}
