package dev.selection.core.internal.dsp.timbre;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.AudioExcerpt;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jtransforms.fft.FloatFFT_1D;

/**
 * Computes the timbre descriptor {@value #VERSION}: a {@value #DIMENSION}-dimensional float32
 * vector of frame statistics, standardised with {@link TimbreNormalization} and L2-normalised so
 * that the cosine similarity (a dot product) of two descriptors compares timbres.
 *
 * <p>Front end (librosa 0.10 conventions, our own code): excerpts at {@value #SAMPLE_RATE_HZ} Hz;
 * each excerpt has its mean removed and is scaled to an RMS of 0.1 (so the descriptor ignores gain;
 * loudness is a separate feature); frames of {@value #FFT_SIZE} samples, hop {@value #HOP_SAMPLES}
 * (no centring; an excerpt shorter than a frame is zero-padded to one frame), periodic Hann window,
 * real FFT. Frames more than 80 dB below the excerpt's mean frame energy are skipped as silence.
 *
 * <p>Per frame: 20 MFCCs (40 Slaney mel bands 0–11025 Hz on the power spectrum, {@code 10·log10}
 * with a floor of 1e-10 and a top-dB limit of 80 below the excerpt's maximum, DCT-II with
 * orthonormal scaling, coefficients 0..19); spectral contrast in 7 bands (Jiang et al. 2002 as
 * librosa {@code spectral_contrast(n_bands=6, fmin=200, quantile=0.02)}: octave bands 0–200,
 * 200–400, ..., 6400–Nyquist, dB difference of the mean of the top and bottom 2 % of magnitudes,
 * each floored at 1e-10 and clamped 80 dB below its excerpt maximum as {@code power_to_db});
 * spectral centroid (Hz), bandwidth (Hz, 2nd central moment of the normalised magnitude spectrum,
 * square-rooted), flatness (geometric / arithmetic mean of the power spectrum, floor 1e-10), 85 %
 * roll-off (Hz) — all on the magnitude spectrum as librosa — and the zero-crossing rate of the
 * frame.
 *
 * <p>Layout of the raw vector (before normalisation): indices 0–31 are the means over all kept
 * frames of all excerpts of: MFCC 0–19 (0–19), contrast bands 0–6 (20–26), centroid (27), bandwidth
 * (28), flatness (29), roll-off (30), ZCR (31); indices 32–63 are the population standard
 * deviations of the same 32 values in the same order.
 *
 * <p>Not thread-safe (scratch buffers): one instance per thread.
 */
public final class TimbreExtractor {
  /** Version string of the descriptor; stored with it so a change recomputes. */
  public static final String VERSION = "timbre-v1";

  /** Dimension of the descriptor. */
  public static final int DIMENSION = 64;

  /** Required sample rate of the excerpts, Hz. */
  public static final int SAMPLE_RATE_HZ = 22050;

  /** FFT and frame length, samples. */
  public static final int FFT_SIZE = 2048;

  /** Hop between frames, samples. */
  public static final int HOP_SAMPLES = 512;

  /** Number of mel bands. */
  public static final int MEL_BANDS = 40;

  /** Number of MFCCs. */
  public static final int MFCCS = 20;

  /** Number of spectral-contrast values (6 octave bands above 200 Hz plus the band below). */
  public static final int CONTRAST_BANDS = 7;

  /** Per-frame values: MFCCs, contrast, centroid, bandwidth, flatness, roll-off, ZCR. */
  static final int FRAME_VALUES = MFCCS + CONTRAST_BANDS + 5;

  private static final double TARGET_RMS = 0.1;
  private static final double SILENT_RMS = 1e-5;
  private static final double POWER_FLOOR = 1e-10;
  private static final double TOP_DB = 80.0;
  private static final double ROLL_PERCENT = 0.85;
  private static final double CONTRAST_QUANTILE = 0.02;
  private static final double CONTRAST_FMIN_HZ = 200.0;

  private final float[] window = hann(FFT_SIZE);
  private final FloatFFT_1D fft = new FloatFFT_1D(FFT_SIZE);
  private final MelFilterBank mel = new MelFilterBank(SAMPLE_RATE_HZ, FFT_SIZE, MEL_BANDS);
  private final double[][] dct = dctOrtho(MFCCS, MEL_BANDS);
  private final int[][] contrastBands = contrastBands();
  private final int bins = FFT_SIZE / 2 + 1;
  private final float[] buf = new float[FFT_SIZE];
  private final double[] magnitude = new double[bins];
  private final double[] power = new double[bins];
  private final double[] lowest = new double[bins];
  private final double[] highest = new double[bins];
  private final double[] freqHz = new double[bins];

  /** Creates an extractor. */
  public TimbreExtractor() {
    for (int k = 0; k < bins; k++) {
      freqHz[k] = (double) k * SAMPLE_RATE_HZ / FFT_SIZE;
    }
  }

  /**
   * Computes the normalised descriptor of one song.
   *
   * @param excerpts mono excerpts at {@value #SAMPLE_RATE_HZ} Hz (possibly empty)
   * @return the unit-length descriptor, or empty when nothing can be computed (no excerpts,
   *     silence)
   * @throws IllegalArgumentException if an excerpt has another sample rate
   * @throws SelectionException {@link ErrorCode#CORRUPT_AUDIO} if a sample is NaN or infinite
   */
  public Optional<float[]> extract(List<AudioExcerpt> excerpts) {
    return rawFeatures(excerpts).map(TimbreNormalization::normalize);
  }

  /**
   * Computes the raw (unnormalised) statistics, layout in the class doc.
   *
   * @return {@value #DIMENSION} finite values, or empty when nothing can be computed
   * @throws IllegalArgumentException if an excerpt has another sample rate
   * @throws SelectionException {@link ErrorCode#CORRUPT_AUDIO} if a sample is NaN or infinite
   */
  public Optional<double[]> rawFeatures(List<AudioExcerpt> excerpts) {
    Objects.requireNonNull(excerpts, "excerpts");
    double[] sum = new double[FRAME_VALUES];
    double[] sumSq = new double[FRAME_VALUES];
    long frames = 0;
    for (AudioExcerpt e : excerpts) {
      if (e.sampleRateHz() != SAMPLE_RATE_HZ) {
        throw new IllegalArgumentException(
            "Timbre needs " + SAMPLE_RATE_HZ + " Hz excerpts, got " + e.sampleRateHz());
      }
      frames += excerpt(e.samples(), sum, sumSq);
    }
    if (frames == 0) {
      return Optional.empty();
    }
    double[] out = new double[DIMENSION];
    for (int i = 0; i < FRAME_VALUES; i++) {
      double mean = sum[i] / frames;
      double var = Math.max(0, sumSq[i] / frames - mean * mean);
      out[i] = mean;
      out[FRAME_VALUES + i] = Math.sqrt(var);
    }
    for (double v : out) {
      if (!Double.isFinite(v)) {
        return Optional.empty();
      }
    }
    return Optional.of(out);
  }

  /** Adds the frame values of one excerpt to the sums; returns the number of frames kept. */
  private int excerpt(float[] x, double[] sum, double[] sumSq) {
    if (x.length == 0) {
      return 0;
    }
    double mean = 0;
    for (float v : x) {
      if (!Float.isFinite(v)) {
        throw new SelectionException(ErrorCode.CORRUPT_AUDIO, "Non-finite sample in excerpt");
      }
      mean += v;
    }
    mean /= x.length;
    double energy = 0;
    for (float v : x) {
      energy += (v - mean) * (v - mean);
    }
    double rms = Math.sqrt(energy / x.length);
    if (rms < SILENT_RMS) {
      return 0;
    }
    double gain = TARGET_RMS / rms;
    int frameCount = x.length < FFT_SIZE ? 1 : 1 + (x.length - FFT_SIZE) / HOP_SAMPLES;
    double[][] logMel = new double[frameCount][MEL_BANDS];
    double[][] values = new double[frameCount][FRAME_VALUES];
    double[][] peakDb = new double[frameCount][CONTRAST_BANDS];
    double[][] valleyDb = new double[frameCount][CONTRAST_BANDS];
    double[] frameEnergy = new double[frameCount];
    double meanFrameEnergy = 0;
    double maxDb = Double.NEGATIVE_INFINITY;
    double[] melEnergy = new double[MEL_BANDS];
    for (int f = 0; f < frameCount; f++) {
      int start = f * HOP_SAMPLES;
      int n = Math.min(FFT_SIZE, x.length - start);
      int crossings = 0;
      double prev = 0;
      double e = 0;
      for (int i = 0; i < n; i++) {
        double v = (x[start + i] - mean) * gain;
        e += v * v;
        if (i > 0 && (v >= 0) != (prev >= 0)) {
          crossings++;
        }
        prev = v;
        buf[i] = (float) (v * window[i]);
      }
      java.util.Arrays.fill(buf, n, FFT_SIZE, 0f);
      frameEnergy[f] = e / FFT_SIZE;
      meanFrameEnergy += frameEnergy[f];
      fft.realForward(buf);
      spectrum();
      mel.apply(power, melEnergy);
      for (int m = 0; m < MEL_BANDS; m++) {
        double db = 10.0 * Math.log10(Math.max(POWER_FLOOR, melEnergy[m]));
        logMel[f][m] = db;
        maxDb = Math.max(maxDb, db);
      }
      shape(values[f], peakDb[f], valleyDb[f]);
      values[f][FRAME_VALUES - 1] = (double) crossings / FFT_SIZE;
    }
    meanFrameEnergy /= frameCount;
    double minEnergy = meanFrameEnergy * 1e-8;
    double floorDb = maxDb - TOP_DB;
    // librosa power_to_db(top_db=80) clamps the peak and the valley arrays separately, each at its
    // maximum over all bands and frames minus 80 dB.
    double peakFloorDb = Double.NEGATIVE_INFINITY;
    double valleyFloorDb = Double.NEGATIVE_INFINITY;
    for (int f = 0; f < frameCount; f++) {
      for (int b = 0; b < CONTRAST_BANDS; b++) {
        peakFloorDb = Math.max(peakFloorDb, peakDb[f][b] - TOP_DB);
        valleyFloorDb = Math.max(valleyFloorDb, valleyDb[f][b] - TOP_DB);
      }
    }
    int kept = 0;
    for (int f = 0; f < frameCount; f++) {
      if (!(frameEnergy[f] > minEnergy)) {
        continue;
      }
      double[] row = values[f];
      for (int b = 0; b < CONTRAST_BANDS; b++) {
        row[MFCCS + b] =
            Math.max(peakFloorDb, peakDb[f][b]) - Math.max(valleyFloorDb, valleyDb[f][b]);
      }
      for (int c = 0; c < MFCCS; c++) {
        double s = 0;
        double[] basis = dct[c];
        for (int m = 0; m < MEL_BANDS; m++) {
          s += basis[m] * Math.max(floorDb, logMel[f][m]);
        }
        row[c] = s;
      }
      boolean finite = true;
      for (double v : row) {
        finite &= Double.isFinite(v);
      }
      if (!finite) {
        continue;
      }
      for (int i = 0; i < FRAME_VALUES; i++) {
        sum[i] += row[i];
        sumSq[i] += row[i] * row[i];
      }
      kept++;
    }
    return kept;
  }

  /** Fills magnitude and power from the packed FFT in {@link #buf}. */
  private void spectrum() {
    magnitude[0] = Math.abs(buf[0]);
    magnitude[bins - 1] = Math.abs(buf[1]);
    for (int k = 1; k < bins - 1; k++) {
      double re = buf[2 * k];
      double im = buf[2 * k + 1];
      magnitude[k] = Math.sqrt(re * re + im * im);
    }
    for (int k = 0; k < bins; k++) {
      power[k] = magnitude[k] * magnitude[k];
    }
  }

  /** Spectral contrast, centroid, bandwidth, flatness and roll-off of the current frame. */
  private void shape(double[] row, double[] peakDb, double[] valleyDb) {
    double total = 0;
    double weighted = 0;
    for (int k = 0; k < bins; k++) {
      total += magnitude[k];
      weighted += magnitude[k] * freqHz[k];
    }
    int o = MFCCS + CONTRAST_BANDS;
    if (total <= 0) {
      java.util.Arrays.fill(row, MFCCS, FRAME_VALUES - 1, 0.0);
      row[o + 2] = 1.0; // a flat (empty) spectrum
      java.util.Arrays.fill(peakDb, 10.0 * Math.log10(POWER_FLOOR));
      java.util.Arrays.fill(valleyDb, 10.0 * Math.log10(POWER_FLOOR));
      return;
    }
    double centroid = weighted / total;
    double spread = 0;
    double logSum = 0;
    double linSum = 0;
    double cumulative = 0;
    double rolloff = freqHz[bins - 1];
    boolean rolled = false;
    double product = 1;
    for (int k = 0; k < bins; k++) {
      double d = freqHz[k] - centroid;
      spread += magnitude[k] / total * d * d;
      double p = Math.max(POWER_FLOOR, power[k]);
      // One log per 16 bins: p is in [1e-10, ~1e9], so a product of 16 stays within double range.
      product *= p;
      if ((k & 15) == 15) {
        logSum += Math.log(product);
        product = 1;
      }
      linSum += p;
      cumulative += magnitude[k];
      if (!rolled && cumulative >= ROLL_PERCENT * total) {
        rolloff = freqHz[k];
        rolled = true;
      }
    }
    logSum += Math.log(product);
    row[o] = centroid;
    row[o + 1] = Math.sqrt(spread);
    row[o + 2] = Math.exp(logSum / bins) / (linSum / bins);
    row[o + 3] = rolloff;
    for (int b = 0; b < CONTRAST_BANDS; b++) {
      int lo = contrastBands[b][0];
      int hi = contrastBands[b][1];
      int n = hi - lo;
      // librosa counts the band before dropping its top bin and rounds half to even (numpy round).
      int counted = n + (b < CONTRAST_BANDS - 1 ? 1 : 0);
      int q = Math.min(n, Math.max(1, (int) Math.rint(CONTRAST_QUANTILE * counted)));
      // The q smallest and q largest values (what a full sort would give at both ends), found by
      // insertion into two short sorted arrays: about n comparisons instead of n log n.
      int small = 0;
      int large = 0;
      for (int k = lo; k < hi; k++) {
        double v = magnitude[k];
        if (small < q || v < lowest[small - 1]) {
          int i = small < q ? small++ : small - 1;
          while (i > 0 && lowest[i - 1] > v) {
            lowest[i] = lowest[i - 1];
            i--;
          }
          lowest[i] = v;
        }
        if (large < q || v > highest[large - 1]) {
          int i = large < q ? large++ : large - 1;
          while (i > 0 && highest[i - 1] < v) {
            highest[i] = highest[i - 1];
            i--;
          }
          highest[i] = v;
        }
      }
      double valley = 0;
      double peak = 0;
      for (int i = 0; i < q; i++) {
        valley += lowest[i];
        peak += highest[i];
      }
      valley /= q;
      peak /= q;
      peakDb[b] = 10.0 * Math.log10(Math.max(POWER_FLOOR, peak));
      valleyDb[b] = 10.0 * Math.log10(Math.max(POWER_FLOOR, valley));
    }
  }

  /**
   * Bin ranges [lo, hi) of librosa's contrast bands: octave edges 0, 200, 400, ..., 12800 Hz; band
   * k > 0 also takes the bin just below its lower edge; every band but the last drops its top bin;
   * the last band runs to Nyquist (librosa 0.10 {@code feature/spectral.py spectral_contrast}).
   */
  private int[][] contrastBands() {
    double binHz = (double) SAMPLE_RATE_HZ / FFT_SIZE;
    int[][] out = new int[CONTRAST_BANDS][2];
    for (int k = 0; k < CONTRAST_BANDS; k++) {
      double fLow = k == 0 ? 0 : CONTRAST_FMIN_HZ * Math.pow(2, k - 1);
      double fHigh = CONTRAST_FMIN_HZ * Math.pow(2, k);
      int first = (int) Math.ceil(fLow / binHz - 1e-9);
      int last = Math.min(bins - 1, (int) Math.floor(fHigh / binHz + 1e-9));
      if (k > 0) {
        first = Math.max(0, first - 1);
      }
      if (k == CONTRAST_BANDS - 1) {
        last = bins - 1;
      } else {
        last -= 1;
      }
      out[k][0] = first;
      out[k][1] = last + 1;
    }
    return out;
  }

  /** Periodic Hann window (scipy {@code get_window('hann', n, fftbins=True)}). */
  static float[] hann(int n) {
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / n));
    }
    return w;
  }

  /** DCT-II basis with orthonormal scaling (scipy {@code dct(type=2, norm='ortho')}). */
  static double[][] dctOrtho(int coefficients, int inputs) {
    double[][] basis = new double[coefficients][inputs];
    for (int k = 0; k < coefficients; k++) {
      double scale = k == 0 ? Math.sqrt(1.0 / inputs) : Math.sqrt(2.0 / inputs);
      for (int n = 0; n < inputs; n++) {
        basis[k][n] = scale * Math.cos(Math.PI * k * (2 * n + 1) / (2.0 * inputs));
      }
    }
    return basis;
  }
}
