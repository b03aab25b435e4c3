package dev.selection.core.internal.dsp.tonal;

/**
 * Finds the peaks of a magnitude spectrum with parabolic interpolation on the dB scale (J. O.
 * Smith, PARSHL "Peak Detection Steps", as Essentia's {@code PeakDetection} with {@code
 * interpolate=true}, MTG/essentia commit b9fa6cb6 {@code
 * src/algorithms/standard/peakdetection.cpp}; Essentia recommends dB input for about twice the
 * frequency accuracy). Peaks are kept in descending order of magnitude ({@code orderBy=magnitude}).
 *
 * <p>Instances hold scratch buffers: one instance per thread.
 */
public final class SpectralPeaks {
  private final int maxPeaks;
  private final double minHz;
  private final double maxHz;
  private final double absoluteThreshold;
  private final double relativeThresholdDb;
  private final float[] freqs;
  private final float[] mags;
  private int count;

  /**
   * Creates a peak picker.
   *
   * @param maxPeaks the largest number of peaks kept (the strongest)
   * @param minHz lowest peak frequency kept
   * @param maxHz highest peak frequency kept
   * @param absoluteThreshold peaks at or below this linear magnitude are dropped
   * @param relativeThresholdDb peaks more than this many dB below the frame's strongest bin in
   *     range are dropped (a positive number)
   */
  public SpectralPeaks(
      int maxPeaks,
      double minHz,
      double maxHz,
      double absoluteThreshold,
      double relativeThresholdDb) {
    if (maxPeaks < 1
        || !(minHz >= 0)
        || !(maxHz > minHz)
        || !(absoluteThreshold >= 0)
        || !(relativeThresholdDb > 0)) {
      throw new IllegalArgumentException("Bad peak parameters");
    }
    this.maxPeaks = maxPeaks;
    this.minHz = minHz;
    this.maxHz = maxHz;
    this.absoluteThreshold = absoluteThreshold;
    this.relativeThresholdDb = relativeThresholdDb;
    this.freqs = new float[maxPeaks];
    this.mags = new float[maxPeaks];
  }

  /**
   * Finds the peaks of {@code magnitude}, bins 0..fftSize/2 spaced {@code sampleRateHz / fftSize}.
   *
   * @return the number of peaks found, readable through {@link #frequencyHz} and {@link #magnitude}
   */
  public int detect(float[] magnitude, int binCount, double binHz) {
    count = 0;
    int lo = Math.max(1, (int) Math.ceil(minHz / binHz));
    int hi = Math.min(binCount - 2, (int) Math.floor(maxHz / binHz));
    if (hi <= lo) {
      return 0;
    }
    float frameMax = 0;
    for (int i = lo; i <= hi; i++) {
      frameMax = Math.max(frameMax, magnitude[i]);
    }
    double threshold =
        Math.max(absoluteThreshold, frameMax * Math.pow(10, -relativeThresholdDb / 20.0));
    if (!(frameMax > threshold)) {
      return 0;
    }
    int i = lo;
    while (i <= hi) {
      float m = magnitude[i];
      if (m > threshold && m > magnitude[i - 1] && m >= magnitude[i + 1]) {
        int j = i;
        while (j + 1 <= hi && magnitude[j + 1] == m) {
          j++; // plateau
        }
        if (j + 1 < binCount && magnitude[j + 1] < m) {
          double bin;
          double peakMag;
          if (j != i) {
            bin = (i + j) * 0.5;
            peakMag = m;
          } else {
            double a = db(magnitude[i - 1]);
            double b = db(m);
            double c = db(magnitude[i + 1]);
            double denom = a - 2 * b + c;
            double offset = denom != 0 ? 0.5 * (a - c) / denom : 0.0;
            offset = Math.max(-0.5, Math.min(0.5, offset));
            bin = i + offset;
            peakMag = Math.pow(10, (b - 0.25 * (a - c) * offset) / 20.0);
          }
          double hz = bin * binHz;
          if (hz >= minHz && hz <= maxHz) {
            insert((float) hz, (float) peakMag);
          }
        }
        i = j + 1;
      } else {
        i++;
      }
    }
    return count;
  }

  private static double db(float v) {
    return 20.0 * Math.log10(Math.max(v, 1e-20f));
  }

  /** Inserts keeping the strongest {@code maxPeaks}, sorted by descending magnitude. */
  private void insert(float hz, float mag) {
    if (count == maxPeaks && mag <= mags[count - 1]) {
      return;
    }
    int pos = count < maxPeaks ? count++ : count - 1;
    while (pos > 0 && mags[pos - 1] < mag) {
      mags[pos] = mags[pos - 1];
      freqs[pos] = freqs[pos - 1];
      pos--;
    }
    mags[pos] = mag;
    freqs[pos] = hz;
  }

  /** Returns the frequency of peak {@code k} (0 = strongest) of the last {@link #detect}, Hz. */
  public float frequencyHz(int k) {
    return freqs[k];
  }

  /** Returns the linear magnitude of peak {@code k} of the last {@link #detect}. */
  public float magnitude(int k) {
    return mags[k];
  }

  /** Returns the number of peaks found by the last {@link #detect}. */
  public int count() {
    return count;
  }
}
