package dev.selection.onnx;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The log-mel front end of EfficientAT, computed in Java: mono 32 kHz audio becomes the {@code 128
 * × T} log-mel image the {@code mn04_as} network takes ({@code [N, 1, 128, T]}).
 *
 * <p>It reproduces {@code AugmentMelSTFT} of github fschmid56/EfficientAT ({@code
 * models/preprocess.py}, commit a425fdc, MIT) in eval mode (no augmentation), with the arguments
 * its {@code inference.py} passes ({@code n_mels=128, sr=32000, win_length=800, hopsize=320,
 * n_fft=1024}) and the defaults it then uses ({@code fmin=0}, {@code fmax = sr/2 - 1000 = 15000}):
 *
 * <ol>
 *   <li>pre-emphasis, a convolution with {@code [-0.97, 1]}: {@code y[i] = x[i+1] - 0.97 x[i]}, one
 *       sample shorter than the input;
 *   <li>{@code torch.stft(center=True)}: the signal is padded by 512 samples on each side by
 *       reflection (PyTorch's default {@code pad_mode="reflect"}, no edge repeat), frames of 1024
 *       samples every 320, so {@code T = 1 + (n - 1) / 320} for {@code n} input samples;
 *   <li>a symmetric Hann window of 800 samples ({@code torch.hann_window(800, periodic=False)})
 *       centred in the 1024-sample frame (112 zeros on each side, as {@code torch.stft} pads a
 *       short window);
 *   <li>power spectrum {@code |X[k]|²}, {@code k = 0..512};
 *   <li>128 Kaldi mel bands ({@code torchaudio.compliance.kaldi.get_mel_banks} without VTLN warp):
 *       triangles with unit peak, evenly spaced on {@code mel(f) = 1127 ln(1 + f / 700)} from 0 to
 *       15 kHz (band {@code b} spans mel points {@code b, b+1, b+2} of 129 equal steps), evaluated
 *       at the 512 bin frequencies {@code k · 32000 / 1024}; the Nyquist bin gets weight 0;
 *   <li>{@code ln(mel + 1e-5)}, then {@code (x + 4.5) / 5}.
 * </ol>
 *
 * <p>Computed in double precision; the golden tensors made by the upstream module in float32 agree
 * within its own float32 rounding (see {@code EfficientAtFrontEndTest} and the module README of
 * {@code selection-model-efficientat}). Instances hold scratch buffers and are not thread-safe;
 * create one per thread.
 */
public final class EfficientAtFrontEnd {
  /** The sample rate the front end expects, in Hz. */
  public static final int SAMPLE_RATE_HZ = 32_000;

  /** FFT size in samples. */
  public static final int FFT_SIZE = 1024;

  /** Length of the (symmetric Hann) window inside each FFT frame, in samples. */
  public static final int WINDOW_LENGTH = 800;

  /** Hop between frames in samples (10 ms). */
  public static final int HOP_SAMPLES = 320;

  /** Mel bands. */
  public static final int MEL_BANDS = 128;

  /** Lowest mel band edge, Hz. */
  public static final double F_MIN_HZ = 0;

  /** Highest mel band edge, Hz. */
  public static final double F_MAX_HZ = 15_000;

  /** Pre-emphasis coefficient. */
  public static final double PREEMPHASIS = 0.97;

  /** Added before the logarithm. */
  public static final double LOG_OFFSET = 1e-5;

  /** The "fast normalisation" {@code (x + SHIFT) / SCALE}. */
  public static final double SHIFT = 4.5;

  /** The "fast normalisation" {@code (x + SHIFT) / SCALE}. */
  public static final double SCALE = 5;

  /** Fewest input samples: the reflection padding needs more than 512 pre-emphasised samples. */
  public static final int MIN_SAMPLES = FFT_SIZE / 2 + 2;

  private static final int BINS = FFT_SIZE / 2 + 1;
  private static final int PAD = FFT_SIZE / 2;
  private static final int WINDOW_OFFSET = (FFT_SIZE - WINDOW_LENGTH) / 2;

  private final DoubleFFT_1D fft = new DoubleFFT_1D(FFT_SIZE);
  private final double[] window = new double[WINDOW_LENGTH];
  private final int[] melFirstBin = new int[MEL_BANDS];
  private final double[][] melWeights = new double[MEL_BANDS][];
  private final double[] frame = new double[FFT_SIZE];
  private final double[] power = new double[BINS];
  private double[] emphasised = new double[0];

  /** Creates a front end. */
  public EfficientAtFrontEnd() {
    for (int n = 0; n < WINDOW_LENGTH; n++) {
      window[n] = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / (WINDOW_LENGTH - 1));
    }
    double[][] full = kaldiMelBanks(MEL_BANDS, FFT_SIZE, SAMPLE_RATE_HZ, F_MIN_HZ, F_MAX_HZ);
    // Keep only each triangle's non-zero span: every bin then costs at most two multiply-adds.
    for (int m = 0; m < MEL_BANDS; m++) {
      int first = 0;
      while (first < BINS - 1 && full[m][first] == 0) {
        first++;
      }
      int last = BINS - 1;
      while (last > first && full[m][last] == 0) {
        last--;
      }
      melFirstBin[m] = first;
      melWeights[m] = java.util.Arrays.copyOfRange(full[m], first, last + 1);
    }
  }

  /** Returns the number of frames {@link #compute} writes for {@code samples} input samples. */
  public static int frames(int samples) {
    if (samples < MIN_SAMPLES) {
      throw new IllegalArgumentException(
          "The front end needs at least " + MIN_SAMPLES + " samples: " + samples);
    }
    return 1 + (samples - 1) / HOP_SAMPLES;
  }

  /**
   * Computes the log-mel image of {@code length} samples.
   *
   * @param samples mono samples at 32 kHz
   * @param offset index of the first sample
   * @param length how many samples, at least {@link #MIN_SAMPLES}
   * @param out receives {@code 128 × frames(length)} values at {@code outOffset}, band-major
   *     ({@code out[outOffset + band * frames + frame]}): one {@code [1, 128, T]} slice of the
   *     model input
   * @param outOffset where to write in {@code out}
   * @return the number of frames written
   * @throws IllegalArgumentException if {@code length} is below {@link #MIN_SAMPLES}
   * @throws IndexOutOfBoundsException if a range lies outside its array
   */
  public int compute(float[] samples, int offset, int length, float[] out, int outOffset) {
    int frames = frames(length);
    java.util.Objects.checkFromIndexSize(offset, length, samples.length);
    java.util.Objects.checkFromIndexSize(outOffset, MEL_BANDS * frames, out.length);
    int n = length - 1;
    if (emphasised.length < n + 2 * PAD) {
      emphasised = new double[n + 2 * PAD];
    }
    double[] y = emphasised;
    for (int i = 0; i < n; i++) {
      y[PAD + i] = samples[offset + i + 1] - PREEMPHASIS * samples[offset + i];
    }
    // Reflection without repeating the edge sample: y[-j] = y[j], y[n-1+j] = y[n-1-j].
    for (int j = 1; j <= PAD; j++) {
      y[PAD - j] = y[PAD + j];
      y[PAD + n - 1 + j] = y[PAD + n - 1 - j];
    }
    for (int t = 0; t < frames; t++) {
      int start = t * HOP_SAMPLES + WINDOW_OFFSET;
      java.util.Arrays.fill(frame, 0);
      for (int i = 0; i < WINDOW_LENGTH; i++) {
        frame[i] = y[start + i] * window[i];
      }
      // The window sits at [112, 912) of the 1024-sample frame; a circular shift of the frame only
      // changes the phase of each bin, so it is transformed from index 0 and its power is the same.
      fft.realForward(frame);
      power[0] = frame[0] * frame[0];
      power[BINS - 1] = frame[1] * frame[1];
      for (int k = 1; k < BINS - 1; k++) {
        double re = frame[2 * k];
        double im = frame[2 * k + 1];
        power[k] = re * re + im * im;
      }
      for (int m = 0; m < MEL_BANDS; m++) {
        double[] w = melWeights[m];
        int k0 = melFirstBin[m];
        double sum = 0;
        for (int j = 0; j < w.length; j++) {
          sum += w[j] * power[k0 + j];
        }
        out[outOffset + m * frames + t] = (float) ((Math.log(sum + LOG_OFFSET) + SHIFT) / SCALE);
      }
    }
    return frames;
  }

  /**
   * Returns Kaldi's mel filterbank as torchaudio computes it ({@code get_mel_banks} with {@code
   * vtln_warp_factor=1}), {@code [bands][nFft/2 + 1]}, with a zero weight for the Nyquist bin as
   * EfficientAT pads it.
   */
  static double[][] kaldiMelBanks(int bands, int nFft, int sampleRate, double fMin, double fMax) {
    double melLow = kaldiMel(fMin);
    double melHigh = kaldiMel(fMax);
    double delta = (melHigh - melLow) / (bands + 1);
    double binWidth = (double) sampleRate / nFft;
    double[][] banks = new double[bands][nFft / 2 + 1];
    for (int b = 0; b < bands; b++) {
      double left = melLow + b * delta;
      double centre = melLow + (b + 1) * delta;
      double right = melLow + (b + 2) * delta;
      for (int k = 0; k < nFft / 2; k++) {
        double mel = kaldiMel(binWidth * k);
        double up = (mel - left) / (centre - left);
        double down = (right - mel) / (right - centre);
        banks[b][k] = Math.max(0, Math.min(up, down));
      }
    }
    return banks;
  }

  /** Kaldi's mel scale: {@code 1127 ln(1 + f / 700)}. */
  static double kaldiMel(double hz) {
    return 1127.0 * Math.log(1.0 + hz / 700.0);
  }
}
