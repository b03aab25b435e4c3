package dev.selection.core.internal.dsp.tonal;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.AudioExcerpt;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jtransforms.fft.FloatFFT_1D;

/**
 * Computes HPCP (12 and 36 bins), tuning frequency and key from mono excerpts.
 *
 * <p>Pipeline (Essentia's HPCP/key chain, MTG/essentia commit b9fa6cb6, see the package doc):
 *
 * <ol>
 *   <li>Per excerpt: subtract the mean (DC); frames of {@link #frameSamples} (4096 at the preferred
 *       {@value #SAMPLE_RATE_HZ} Hz, about 186 ms: 5.4 Hz bins), hop half a frame, Blackman-Harris
 *       92 dB window normalised to sum 2 (a full-scale sine peaks near 1); an excerpt shorter than
 *       a frame is zero-padded to one frame. Frames with RMS below 1e-5 are silent and skipped.
 *   <li>Spectral peaks between 40 and 5000 Hz, dB-parabolic interpolation, at most 60 per frame,
 *       above 1e-6 and within 70 dB of the frame's strongest bin.
 *   <li>Tuning frequency from all frames' peaks ({@link TuningEstimator}).
 *   <li>HPCP per frame with reference = the tuning frequency, {@code harmonics} 4 (Essentia {@code
 *       KeyExtractor}), cosine weighting over 1 semitone, normalised to unit maximum; the frames
 *       with any energy are averaged and the mean is normalised to unit maximum.
 *   <li>Key by profile correlation ({@link KeyEstimator}) on the 36- or 12-bin mean.
 * </ol>
 *
 * <p>Any sample rate of at least 8000 Hz works (the frame is scaled to the nearest power of two of
 * 186 ms); {@value #SAMPLE_RATE_HZ} Hz is the preferred and tested rate. Not thread-safe (scratch
 * buffers): one instance per thread.
 */
public final class TonalAnalyzer {
  /**
   * Version of the tonal features (HPCP, tuning, key) computed by the default analyser; stored with
   * them so that a change recomputes.
   */
  public static final String VERSION = "tonal-v1";

  /** Preferred sample rate of the excerpts, Hz. */
  public static final int SAMPLE_RATE_HZ = 22050;

  /** Minimum HPCP frequency, Hz (Essentia HPCP default). */
  public static final double MIN_HZ = 40.0;

  /** Maximum HPCP frequency, Hz (Essentia HPCP default). */
  public static final double MAX_HZ = 5000.0;

  /** Number of harmonics per peak in the HPCP (Essentia KeyExtractor's setting). */
  public static final int HARMONICS = 4;

  private static final double SILENT_FRAME_RMS = 1e-5;
  private static final int MAX_PEAKS = 60;

  private final KeyEstimator keyEstimator;
  private final int keyPcpSize;
  private final boolean normalizeFrames;

  /**
   * Creates an analyser.
   *
   * @param keyEstimator key estimator
   * @param keyPcpSize HPCP size the key is estimated from, 12 or 36
   * @param normalizeFrames whether each frame's HPCP is scaled to unit maximum before averaging
   *     (true, Essentia's HPCP default {@code normalized=unitMax}) or averaged raw (energy
   *     weighted, as Essentia's {@code KeyExtractor})
   */
  public TonalAnalyzer(KeyEstimator keyEstimator, int keyPcpSize, boolean normalizeFrames) {
    this.keyEstimator = Objects.requireNonNull(keyEstimator, "keyEstimator");
    if (keyPcpSize != 12 && keyPcpSize != 36) {
      throw new IllegalArgumentException("keyPcpSize must be 12 or 36: " + keyPcpSize);
    }
    this.keyPcpSize = keyPcpSize;
    this.normalizeFrames = normalizeFrames;
  }

  /**
   * Creates an analyser with the defaults: {@link KeyEstimator#KeyEstimator()}, key on the 12-bin
   * HPCP (best on our evaluation, and Essentia's {@code KeyExtractor} default), frames normalised.
   */
  public TonalAnalyzer() {
    this(new KeyEstimator(), 12, true);
  }

  /** Returns the analysis frame length for a sample rate: the power of two nearest 186 ms. */
  public static int frameSamples(int sampleRateHz) {
    double target = sampleRateHz * 4096.0 / SAMPLE_RATE_HZ;
    int n = Integer.highestOneBit((int) Math.max(256, target));
    return (target / n > Math.sqrt(2)) ? n * 2 : n;
  }

  /**
   * Analyses the excerpts of one song.
   *
   * @param excerpts mono excerpts at one sample rate (possibly empty)
   * @return the features; components that cannot be computed are null
   * @throws IllegalArgumentException if the excerpts have different rates or a rate below 8000 Hz
   * @throws SelectionException {@link ErrorCode#CORRUPT_AUDIO} if a sample is NaN or infinite
   */
  public TonalFeatures analyze(List<AudioExcerpt> excerpts) {
    Objects.requireNonNull(excerpts, "excerpts");
    if (excerpts.isEmpty()) {
      return TonalFeatures.NONE;
    }
    int rate = excerpts.get(0).sampleRateHz();
    for (AudioExcerpt e : excerpts) {
      if (e.sampleRateHz() != rate) {
        throw new IllegalArgumentException("Excerpts have different sample rates");
      }
    }
    if (rate < 8000) {
      throw new IllegalArgumentException("Sample rate too low for HPCP: " + rate);
    }
    int frameSize = frameSamples(rate);
    int hop = frameSize / 2;
    double binHz = (double) rate / frameSize;
    float[] window = blackmanHarris92(frameSize);
    FloatFFT_1D fft = new FloatFFT_1D(frameSize);
    float[] buf = new float[frameSize];
    float[] mag = new float[frameSize / 2 + 1];
    SpectralPeaks peaks =
        new SpectralPeaks(MAX_PEAKS, MIN_HZ, Math.min(MAX_HZ, rate / 2.0 - binHz), 1e-6, 70);
    TuningEstimator tuning = new TuningEstimator();
    List<float[]> frameFreqs = new ArrayList<>();
    List<float[]> frameMags = new ArrayList<>();

    for (AudioExcerpt excerpt : excerpts) {
      float[] x = excerpt.samples();
      if (x.length == 0) {
        continue;
      }
      double mean = 0;
      for (float v : x) {
        if (!Float.isFinite(v)) {
          throw new SelectionException(ErrorCode.CORRUPT_AUDIO, "Non-finite sample in excerpt");
        }
        mean += v;
      }
      mean /= x.length;
      int frames = x.length < frameSize ? 1 : 1 + (x.length - frameSize) / hop;
      for (int f = 0; f < frames; f++) {
        int start = f * hop;
        int n = Math.min(frameSize, x.length - start);
        double energy = 0;
        for (int i = 0; i < n; i++) {
          float v = (float) (x[start + i] - mean);
          energy += (double) v * v;
          buf[i] = v * window[i];
        }
        java.util.Arrays.fill(buf, n, frameSize, 0f);
        if (Math.sqrt(energy / n) < SILENT_FRAME_RMS) {
          continue;
        }
        fft.realForward(buf);
        magnitude(buf, mag);
        int count = peaks.detect(mag, mag.length, binHz);
        if (count == 0) {
          continue;
        }
        float[] fr = new float[count];
        float[] mg = new float[count];
        for (int k = 0; k < count; k++) {
          fr[k] = peaks.frequencyHz(k);
          mg[k] = peaks.magnitude(k);
        }
        tuning.addFrame(fr, mg, count);
        frameFreqs.add(fr);
        frameMags.add(mg);
      }
    }
    if (frameFreqs.isEmpty()) {
      return TonalFeatures.NONE;
    }
    double tuningHz = tuning.tuningFrequencyHz();
    double[] mean36 =
        average(new Hpcp(36, tuningHz, HARMONICS, 1.0, MIN_HZ, MAX_HZ), frameFreqs, frameMags);
    double[] mean12 =
        average(new Hpcp(12, tuningHz, HARMONICS, 1.0, MIN_HZ, MAX_HZ), frameFreqs, frameMags);
    if (mean36 == null || mean12 == null) {
      return TonalFeatures.NONE;
    }
    float[] h36 = toUnitMax(mean36);
    float[] h12 = toUnitMax(mean12);
    KeyEstimate key = keyEstimator.estimate(keyPcpSize == 36 ? h36 : h12).orElse(null);
    return new TonalFeatures(h36, h12, tuningHz, key, frameFreqs.size());
  }

  private double[] average(Hpcp hpcp, List<float[]> freqs, List<float[]> mags) {
    int size = hpcp.size();
    double[] sum = new double[size];
    double[] frame = new double[size];
    int used = 0;
    for (int f = 0; f < freqs.size(); f++) {
      java.util.Arrays.fill(frame, 0);
      hpcp.accumulate(freqs.get(f), mags.get(f), freqs.get(f).length, frame);
      double max = 0;
      for (double v : frame) {
        max = Math.max(max, v);
      }
      if (!(max > 0) || !Double.isFinite(max)) {
        continue;
      }
      double scale = normalizeFrames ? 1.0 / max : 1.0;
      for (int i = 0; i < size; i++) {
        sum[i] += frame[i] * scale;
      }
      used++;
    }
    return used == 0 ? null : sum;
  }

  private static float[] toUnitMax(double[] v) {
    double max = 0;
    for (double x : v) {
      max = Math.max(max, x);
    }
    float[] out = new float[v.length];
    if (max > 0 && Double.isFinite(max)) {
      for (int i = 0; i < v.length; i++) {
        out[i] = (float) (v[i] / max);
      }
    }
    return out;
  }

  /** |X[k]| for k = 0..n/2 from JTransforms' packed real-FFT layout. */
  static void magnitude(float[] packed, float[] mag) {
    int n = packed.length;
    mag[0] = Math.abs(packed[0]);
    mag[n / 2] = Math.abs(packed[1]);
    for (int k = 1; k < n / 2; k++) {
      float re = packed[2 * k];
      float im = packed[2 * k + 1];
      mag[k] = (float) Math.sqrt(re * re + im * im);
    }
  }

  /** The 4-term Blackman-Harris window (92 dB side lobes), scaled so that its samples sum to 2. */
  static float[] blackmanHarris92(int n) {
    double[] a = {0.35875, 0.48829, 0.14128, 0.01168};
    double[] w = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double t = 2 * Math.PI * i / n;
      w[i] = a[0] - a[1] * Math.cos(t) + a[2] * Math.cos(2 * t) - a[3] * Math.cos(3 * t);
      sum += w[i];
    }
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) (w[i] * 2.0 / sum);
    }
    return out;
  }
}
