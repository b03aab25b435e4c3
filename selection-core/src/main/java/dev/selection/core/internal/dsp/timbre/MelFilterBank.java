package dev.selection.core.internal.dsp.timbre;

/**
 * A triangular mel filter bank on the Slaney mel scale with Slaney (constant-area) normalisation:
 * the same matrix as librosa 0.10 {@code librosa.filters.mel(sr, n_fft, n_mels, fmin=0, fmax=sr/2,
 * htk=False, norm='slaney')} (formulas from {@code librosa/filters.py} and {@code
 * librosa/core/convert.py} {@code hz_to_mel}/{@code mel_to_hz}). Stored sparsely: each filter's
 * first bin and weights.
 *
 * <p>Immutable and thread-safe.
 */
public final class MelFilterBank {
  private static final double F_SP = 200.0 / 3;
  private static final double MIN_LOG_HZ = 1000.0;
  private static final double MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
  private static final double LOG_STEP = Math.log(6.4) / 27.0;

  private final int[] firstBin;
  private final float[][] weights;

  /**
   * Builds the bank.
   *
   * @param sampleRateHz sample rate
   * @param fftSize FFT length (the spectrum has {@code fftSize/2 + 1} bins)
   * @param bands number of mel bands
   */
  public MelFilterBank(int sampleRateHz, int fftSize, int bands) {
    int bins = fftSize / 2 + 1;
    double maxMel = hzToMel(sampleRateHz / 2.0);
    double[] melF = new double[bands + 2];
    for (int i = 0; i < bands + 2; i++) {
      melF[i] = melToHz(maxMel * i / (bands + 1));
    }
    firstBin = new int[bands];
    weights = new float[bands][];
    for (int m = 0; m < bands; m++) {
      double lo = melF[m];
      double centre = melF[m + 1];
      double hi = melF[m + 2];
      double enorm = 2.0 / (hi - lo);
      int first = -1;
      float[] w = new float[bins];
      int last = -1;
      for (int k = 0; k < bins; k++) {
        double f = (double) k * sampleRateHz / fftSize;
        double lower = (f - lo) / (centre - lo);
        double upper = (hi - f) / (hi - centre);
        double v = Math.max(0, Math.min(lower, upper));
        if (v > 0) {
          if (first < 0) {
            first = k;
          }
          last = k;
          w[k] = (float) (v * enorm);
        }
      }
      if (first < 0) {
        first = 0;
        last = -1;
      }
      firstBin[m] = first;
      weights[m] = java.util.Arrays.copyOfRange(w, first, last + 1);
    }
  }

  /** Slaney mel of a frequency (librosa {@code hz_to_mel(htk=False)}). */
  static double hzToMel(double hz) {
    return hz < MIN_LOG_HZ ? hz / F_SP : MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP;
  }

  /** Frequency of a Slaney mel (librosa {@code mel_to_hz(htk=False)}). */
  static double melToHz(double mel) {
    return mel < MIN_LOG_MEL ? mel * F_SP : MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL));
  }

  /** Returns the number of bands. */
  public int bands() {
    return weights.length;
  }

  /** Returns the weight of spectrum bin {@code bin} in band {@code band}. */
  public double weight(int band, int bin) {
    int i = bin - firstBin[band];
    return i >= 0 && i < weights[band].length ? weights[band][i] : 0.0;
  }

  /** Writes the band energies of a power spectrum into {@code out}. */
  public void apply(double[] power, double[] out) {
    for (int m = 0; m < weights.length; m++) {
      float[] w = weights[m];
      int first = firstBin[m];
      double s = 0;
      for (int i = 0; i < w.length; i++) {
        s += w[i] * power[first + i];
      }
      out[m] = s;
    }
  }
}
