package dev.selection.onnx;

import dev.selection.onnx.internal.RealFft;
import java.util.Objects;

/**
 * The log-mel front end of OpenL3 {@code mel256}, computed in Java: one 1-s window of 48 kHz mono
 * audio becomes a 256 × 199 log-mel image, the input of the ONNX graph ({@code [N, 256, 199, 1]}).
 *
 * <p>It reproduces {@code openl3/core.py::_librosa_mel_frontend} of openl3 0.4.x (marl/openl3),
 * which calls {@code librosa.feature.melspectrogram(y, sr=48000, n_mels=256, n_fft=2048,
 * hop_length=242, center=True, power=1.0)} and {@code librosa.power_to_db(S, ref=1.0, amin=1e-10,
 * top_db=80)} and then subtracts the maximum:
 *
 * <ul>
 *   <li>frames of 2048 samples every 242 samples, centred: the window is padded by 1024 samples on
 *       each side, giving {@code 1 + 48000 / 242 = 199} frames. openl3 passes no {@code pad_mode},
 *       so the padding is librosa's default: zeros ({@link Padding#ZEROS}, {@code
 *       pad_mode="constant"}) since librosa 0.9.0 (librosa PR #1382), reflection ({@link
 *       Padding#REFLECT}) in librosa 0.7–0.8, which openl3's {@code librosa>=0.7.2} also allows.
 *       Zeros is the default here. (openl3's other front end, kapre ≥ 0.3.5 with {@code
 *       pad_end=True}, does not centre at all: it pads zeros at the end only.);
 *   <li>periodic Hann window ({@code scipy.signal.get_window("hann", 2048, fftbins=True)});
 *   <li>magnitude spectrum (power 1);
 *   <li>256 mel bands from 0 to 24 kHz on the Slaney mel scale (librosa's default {@code
 *       htk=False}, linear below 1 kHz, logarithmic above) with Slaney area normalisation ({@code
 *       norm="slaney"}, each triangle scaled by {@code 2 / (f[i+2] - f[i])});
 *   <li>{@code 10 · log10(max(M, 1e-10))}, floored at its maximum − 80 dB, minus the maximum (so
 *       the output lies in [−80, 0] dB).
 * </ul>
 *
 * <p>The original SPEC text names HTK mel bands; librosa's and so openl3's default is Slaney, which
 * is what the published weights were used with, so this class follows Slaney.
 *
 * <p>Computed in double precision. Instances are not thread-safe (they hold scratch buffers);
 * create one per thread.
 */
public final class OpenL3FrontEnd {
  /** The sample rate the front end expects, in Hz. */
  public static final int SAMPLE_RATE_HZ = 48_000;

  /** Samples in one analysis window (1 s). */
  public static final int WINDOW_SAMPLES = SAMPLE_RATE_HZ;

  /** FFT size in samples. */
  public static final int FFT_SIZE = 2048;

  /** Hop between STFT frames in samples. */
  public static final int HOP_SAMPLES = 242;

  /** Mel bands. */
  public static final int MEL_BANDS = 256;

  /** STFT frames per window: {@code 1 + 48000 / 242}. */
  public static final int FRAMES = 1 + WINDOW_SAMPLES / HOP_SAMPLES;

  /** Values per window in the output ({@code 256 × 199}). */
  public static final int VALUES_PER_WINDOW = MEL_BANDS * FRAMES;

  private static final double AMIN = 1e-10;
  private static final double TOP_DB = 80.0;

  /** How the signal is padded at both ends before framing. */
  public enum Padding {
    /** Zeros (librosa ≥ 0.9 default {@code pad_mode="constant"}). The default. */
    ZEROS,
    /**
     * Mirror without repeating the edge sample ({@code numpy.pad(mode="reflect")}, librosa ≤ 0.8).
     */
    REFLECT
  }

  private final Padding padding;
  private final RealFft fft = new RealFft(FFT_SIZE);
  private final double[] window = new double[FFT_SIZE];
  private final double[][] melWeights;
  private final int[] melFirstBin;
  private final double[] padded = new double[WINDOW_SAMPLES + FFT_SIZE];
  private final double[] frame = new double[FFT_SIZE];
  private final double[] magnitude = new double[FFT_SIZE / 2 + 1];
  private final double[] db = new double[VALUES_PER_WINDOW];

  /** Creates a front end with zero padding. */
  public OpenL3FrontEnd() {
    this(Padding.ZEROS);
  }

  /** Creates a front end with the given padding. */
  public OpenL3FrontEnd(Padding padding) {
    this.padding = Objects.requireNonNull(padding, "padding");
    for (int n = 0; n < FFT_SIZE; n++) {
      window[n] = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / FFT_SIZE);
    }
    double[][] full =
        slaneyMelFilterbank(SAMPLE_RATE_HZ, FFT_SIZE, MEL_BANDS, 0, SAMPLE_RATE_HZ / 2.0);
    // Keep only the non-zero span of each triangle: the product is then ~20x cheaper.
    melWeights = new double[MEL_BANDS][];
    melFirstBin = new int[MEL_BANDS];
    for (int m = 0; m < MEL_BANDS; m++) {
      int first = 0;
      while (first < full[m].length && full[m][first] == 0) {
        first++;
      }
      int last = full[m].length - 1;
      while (last >= first && full[m][last] == 0) {
        last--;
      }
      melFirstBin[m] = Math.min(first, full[m].length - 1);
      melWeights[m] =
          java.util.Arrays.copyOfRange(full[m], melFirstBin[m], Math.max(first, last + 1));
    }
  }

  /** Returns the padding this front end uses. */
  public Padding padding() {
    return padding;
  }

  /**
   * Computes the log-mel image of one window.
   *
   * @param samples mono samples at 48 kHz
   * @param offset index of the window's first sample; samples past the end of {@code samples} count
   *     as silence (as openl3 pads short audio with zeros)
   * @param out receives {@link #VALUES_PER_WINDOW} values in dB at {@code outOffset}, band-major
   *     ({@code out[outOffset + band * 199 + frame]}), i.e. one {@code [256, 199, 1]} slice of the
   *     NHWC model input
   * @param outOffset where to write in {@code out}
   */
  public void compute(float[] samples, int offset, float[] out, int outOffset) {
    if (offset < 0 || outOffset < 0 || outOffset + VALUES_PER_WINDOW > out.length) {
      throw new IndexOutOfBoundsException("offset=" + offset + " outOffset=" + outOffset);
    }
    int pad = FFT_SIZE / 2;
    int available = Math.max(0, Math.min(WINDOW_SAMPLES, samples.length - offset));
    for (int i = 0; i < WINDOW_SAMPLES; i++) {
      padded[pad + i] = i < available ? samples[offset + i] : 0.0;
    }
    for (int i = 0; i < pad; i++) {
      if (padding == Padding.REFLECT) {
        padded[pad - 1 - i] = padded[pad + 1 + i];
        padded[pad + WINDOW_SAMPLES + i] = padded[pad + WINDOW_SAMPLES - 2 - i];
      } else {
        padded[pad - 1 - i] = 0;
        padded[pad + WINDOW_SAMPLES + i] = 0;
      }
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int t = 0; t < FRAMES; t++) {
      int start = t * HOP_SAMPLES;
      for (int n = 0; n < FFT_SIZE; n++) {
        frame[n] = padded[start + n] * window[n];
      }
      fft.magnitude(frame, magnitude);
      for (int m = 0; m < MEL_BANDS; m++) {
        double[] w = melWeights[m];
        int k0 = melFirstBin[m];
        double sum = 0;
        for (int j = 0; j < w.length; j++) {
          sum += w[j] * magnitude[k0 + j];
        }
        double value = 10.0 * Math.log10(Math.max(sum, AMIN));
        db[m * FRAMES + t] = value;
        if (value > max) {
          max = value;
        }
      }
    }
    double floor = max - TOP_DB;
    // power_to_db's top_db floor, then openl3's "S -= S.max()": after the floor the maximum is
    // still max.
    for (int i = 0; i < VALUES_PER_WINDOW; i++) {
      out[outOffset + i] = (float) (Math.max(db[i], floor) - max);
    }
  }

  /**
   * Returns a librosa-compatible Slaney mel filterbank ({@code librosa.filters.mel} with {@code
   * htk=False, norm="slaney"}), {@code [bands][nFft/2 + 1]}, in double precision.
   */
  static double[][] slaneyMelFilterbank(
      double sampleRateHz, int nFft, int bands, double fminHz, double fmaxHz) {
    int bins = nFft / 2 + 1;
    double[] fftFreqs = new double[bins];
    for (int k = 0; k < bins; k++) {
      fftFreqs[k] = k * sampleRateHz / nFft;
    }
    double minMel = hzToMelSlaney(fminHz);
    double maxMel = hzToMelSlaney(fmaxHz);
    double[] melF = new double[bands + 2];
    for (int i = 0; i < bands + 2; i++) {
      melF[i] = melToHzSlaney(minMel + (maxMel - minMel) * i / (bands + 1));
    }
    double[][] weights = new double[bands][bins];
    for (int i = 0; i < bands; i++) {
      double lowerWidth = melF[i + 1] - melF[i];
      double upperWidth = melF[i + 2] - melF[i + 1];
      double norm = 2.0 / (melF[i + 2] - melF[i]);
      for (int k = 0; k < bins; k++) {
        double lower = (fftFreqs[k] - melF[i]) / lowerWidth;
        double upper = (melF[i + 2] - fftFreqs[k]) / upperWidth;
        weights[i][k] = Math.max(0, Math.min(lower, upper)) * norm;
      }
    }
    return weights;
  }

  // Slaney's Auditory Toolbox mel scale as in librosa.core.convert.hz_to_mel(htk=False).
  private static final double F_SP = 200.0 / 3;
  private static final double MIN_LOG_HZ = 1000.0;
  private static final double MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
  private static final double LOG_STEP = Math.log(6.4) / 27.0;

  static double hzToMelSlaney(double hz) {
    return hz >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP : hz / F_SP;
  }

  static double melToHzSlaney(double mel) {
    return mel >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL)) : F_SP * mel;
  }
}
