package dev.selection.core.internal.chromaprint;

import static dev.selection.core.internal.chromaprint.ChromaprintAlgorithm.BANDS;
import static dev.selection.core.internal.chromaprint.ChromaprintAlgorithm.CHROMA_FILTER_COEFFICIENTS;
import static dev.selection.core.internal.chromaprint.ChromaprintAlgorithm.FILTERS;
import static dev.selection.core.internal.chromaprint.ChromaprintAlgorithm.FRAME_SAMPLES;
import static dev.selection.core.internal.chromaprint.ChromaprintAlgorithm.HOP_SAMPLES;
import static dev.selection.core.internal.chromaprint.ChromaprintAlgorithm.MAX_FILTER_WIDTH;
import static dev.selection.core.internal.chromaprint.ChromaprintAlgorithm.MAX_FREQ_HZ;
import static dev.selection.core.internal.chromaprint.ChromaprintAlgorithm.MIN_FREQ_HZ;
import static dev.selection.core.internal.chromaprint.ChromaprintAlgorithm.NORM_THRESHOLD;
import static dev.selection.core.internal.chromaprint.ChromaprintAlgorithm.THRESHOLDS;

import dev.selection.core.internal.pipeline.PcmSink;
import java.util.Arrays;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Streaming Chromaprint fingerprinter: mono 11 025 Hz PCM in, {@code fpcalc}-compatible raw codes
 * and compressed fingerprint out.
 *
 * <p>The stages follow acoustid/chromaprint v1.5.1, default algorithm (TEST2): samples are
 * quantised to int16 as {@code fpcalc}'s FFmpeg front end does ({@code lrintf(x * 32768)},
 * clipped); 4096-sample frames every 1365 samples ({@code audio/audio_slicer.h}, only whole frames)
 * are Hamming-windowed with a {@code 1/32767} scale ({@code utils.h PrepareHammingWindow}, {@code
 * fft_lib_avfft.cpp}) and turned into a power spectrum; bins 10..1307 (28..3520 Hz) are folded into
 * 12 pitch classes ({@code chroma.cpp}); five chroma vectors are smoothed by {@code
 * 0.25,0.75,1,0.75,0.25} ({@code chroma_filter.cpp}) and normalised to unit length, or zeroed below
 * norm 0.01 ({@code chroma_normalizer.h}); the rows feed a rolling integral image ({@code
 * utils/rolling_integral_image.h}) on which 16 Haar-like filters ({@code filter_utils.h}, compared
 * with {@code log((1+a)/(1+b))}) are quantised to 2-bit Gray codes ({@code quantizer.h}, {@code
 * fingerprint_calculator.cpp}) and packed, first classifier in the top bits, into one 32-bit code
 * per frame once 16 rows exist.
 *
 * <p>Like {@code fpcalc -length 120} (its default, {@code cmd/fpcalc.cpp}), only the first {@code
 * maxLengthSec} seconds are fingerprinted; the rest of the stream is only counted for the duration.
 * Silence yields a constant, non-empty fingerprint, as in {@code fpcalc}; input shorter than about
 * 2.72 s (30 031 samples, 20 frames) yields an empty one ({@link
 * ChromaprintFingerprint#isEmpty()}).
 *
 * <p>Multi-channel blocks are averaged to mono before quantisation ({@code fpcalc} asks FFmpeg for
 * mono; the fan-out normally delivers mono already). Not thread-safe: one track at a time, one
 * thread at a time; an instance may be reused for the next track after {@link #end()}.
 */
public final class ChromaprintFingerprinter implements PcmSink {
  /** The sample rate this sink accepts: Chromaprint's working rate. */
  public static final int SAMPLE_RATE_HZ = ChromaprintAlgorithm.SAMPLE_RATE_HZ;

  /** Default amount of audio fingerprinted, as {@code fpcalc}'s default {@code -length 120}. */
  public static final double DEFAULT_MAX_LENGTH_SEC = 120.0;

  private static final int SPECTRUM_BINS = FRAME_SAMPLES / 2 + 1;
  private static final int FILTER_TAPS = CHROMA_FILTER_COEFFICIENTS.length;

  /** Rows kept by the rolling integral image; chromaprint keeps 256, we need only the window. */
  private static final int IMAGE_ROWS = 32;

  private static final float[] WINDOW = hammingWindow();
  private static final int MIN_BIN = Math.max(1, freqToBin(MIN_FREQ_HZ));
  private static final int MAX_BIN = Math.min(FRAME_SAMPLES / 2, freqToBin(MAX_FREQ_HZ));
  private static final byte[] BIN_TO_NOTE = binToNote();

  private final long maxSamples;
  private final DoubleFFT_1D fft = new DoubleFFT_1D(FRAME_SAMPLES);
  private final double[] fftBuffer = new double[FRAME_SAMPLES];
  private final double[] power = new double[SPECTRUM_BINS];
  private final short[] frame = new short[FRAME_SAMPLES];
  private final double[][] chromaRing = new double[FILTER_TAPS][BANDS];
  private final double[] filtered = new double[BANDS];
  private final double[][] image = new double[IMAGE_ROWS][BANDS];

  private int channels;
  private boolean started;
  private boolean ended;
  private long totalFrames;
  private long fedSamples;
  private int frameFill;
  private int chromaCount;
  private int imageRows;
  private int[] codes = new int[256];
  private int codeCount;
  private ChromaprintFingerprint result;

  /** Creates a fingerprinter that, like {@code fpcalc}, reads at most the first 120 s. */
  public ChromaprintFingerprinter() {
    this(DEFAULT_MAX_LENGTH_SEC);
  }

  /**
   * Creates a fingerprinter.
   *
   * @param maxLengthSec seconds of audio to fingerprint from the start, {@code 0} for the whole
   *     track ({@code fpcalc -length}); finite and not negative
   * @throws IllegalArgumentException if {@code maxLengthSec} is negative or not finite
   */
  public ChromaprintFingerprinter(double maxLengthSec) {
    if (!(maxLengthSec >= 0) || Double.isInfinite(maxLengthSec)) {
      throw new IllegalArgumentException("maxLengthSec must be finite and >= 0: " + maxLengthSec);
    }
    // fpcalc: stream_limit = (size_t) (max_duration * sample_rate); 0 means no limit.
    this.maxSamples = (long) (maxLengthSec * SAMPLE_RATE_HZ);
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if {@code sampleRateHz} is not {@value #SAMPLE_RATE_HZ} or
   *     {@code channels < 1}: the fan-out must resample first
   */
  @Override
  public void begin(int sampleRateHz, int channels, long framesHint) {
    if (sampleRateHz != SAMPLE_RATE_HZ) {
      throw new IllegalArgumentException(
          "Chromaprint needs " + SAMPLE_RATE_HZ + " Hz input, got " + sampleRateHz + " Hz");
    }
    if (channels < 1) {
      throw new IllegalArgumentException("channels must be >= 1: " + channels);
    }
    this.channels = channels;
    started = true;
    ended = false;
    totalFrames = 0;
    fedSamples = 0;
    frameFill = 0;
    chromaCount = 0;
    imageRows = 0;
    codeCount = 0;
    result = null;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Samples are clipped to the int16 range; NaN counts as 0.
   *
   * @throws IllegalStateException if called outside {@code begin}..{@code end}
   */
  @Override
  public void accept(float[] samples, int offset, int frames) {
    if (!started || ended) {
      throw new IllegalStateException("accept() outside begin()/end()");
    }
    if (frames < 0 || offset < 0 || (long) offset + (long) frames * channels > samples.length) {
      throw new IndexOutOfBoundsException(
          "offset " + offset + ", frames " + frames + ", length " + samples.length);
    }
    totalFrames += frames;
    int take = frames;
    if (maxSamples > 0) {
      take = (int) Math.min(take, Math.max(0, maxSamples - fedSamples));
    }
    fedSamples += take;
    int pos = offset;
    for (int i = 0; i < take; i++) {
      double mono;
      if (channels == 1) {
        mono = samples[pos++];
      } else {
        double sum = 0;
        for (int c = 0; c < channels; c++) {
          sum += samples[pos++];
        }
        mono = sum / channels;
      }
      frame[frameFill++] = toPcm16(mono);
      if (frameFill == FRAME_SAMPLES) {
        processFrame();
        System.arraycopy(frame, HOP_SAMPLES, frame, 0, FRAME_SAMPLES - HOP_SAMPLES);
        frameFill = FRAME_SAMPLES - HOP_SAMPLES;
      }
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>A trailing partial frame is dropped, as in chromaprint.
   *
   * @throws IllegalStateException if {@link #begin} was not called
   */
  @Override
  public void end() {
    if (!started) {
      throw new IllegalStateException("end() before begin()");
    }
    if (!ended) {
      ended = true;
      result =
          new ChromaprintFingerprint(
              Arrays.copyOf(codes, codeCount), totalFrames / (double) SAMPLE_RATE_HZ);
    }
  }

  /**
   * Returns the fingerprint of the track that ended last.
   *
   * @return the fingerprint; empty when the track was too short
   * @throws IllegalStateException if no track has ended yet
   */
  public ChromaprintFingerprint result() {
    if (result == null) {
      throw new IllegalStateException("result() before end()");
    }
    return result;
  }

  /**
   * Fingerprints a whole mono 11 025 Hz signal at once.
   *
   * @param samples samples in [-1, 1)
   * @param maxLengthSec as in {@link #ChromaprintFingerprinter(double)}
   * @return the fingerprint
   */
  public static ChromaprintFingerprint fingerprint(float[] samples, double maxLengthSec) {
    ChromaprintFingerprinter fingerprinter = new ChromaprintFingerprinter(maxLengthSec);
    fingerprinter.begin(SAMPLE_RATE_HZ, 1, samples.length);
    fingerprinter.accept(samples, 0, samples.length);
    fingerprinter.end();
    return fingerprinter.result();
  }

  /**
   * FFmpeg's float to s16 conversion ({@code libswresample/audioconvert.c}: {@code
   * av_clip_int16(lrintf(x * (1 << 15)))}); {@code Math.rint} rounds half to even like {@code
   * lrintf}.
   */
  static short toPcm16(double x) {
    double v = Math.rint(x * 32768.0);
    if (v >= Short.MAX_VALUE) {
      return Short.MAX_VALUE;
    }
    if (v <= Short.MIN_VALUE) {
      return Short.MIN_VALUE;
    }
    return (short) v; // NaN -> 0
  }

  private void processFrame() {
    for (int i = 0; i < FRAME_SAMPLES; i++) {
      // avfft works in single precision: the window is stored as float; the product we keep in
      // double.
      fftBuffer[i] = frame[i] * (double) WINDOW[i];
    }
    fft.realForward(fftBuffer);
    // JTransforms packs Re[0], Re[n/2], then Re/Im pairs; only the power is used.
    power[0] = fftBuffer[0] * fftBuffer[0];
    power[FRAME_SAMPLES / 2] = fftBuffer[1] * fftBuffer[1];
    for (int k = 1; k < FRAME_SAMPLES / 2; k++) {
      double re = fftBuffer[2 * k];
      double im = fftBuffer[2 * k + 1];
      power[k] = re * re + im * im;
    }
    double[] chroma = chromaRing[chromaCount % FILTER_TAPS];
    Arrays.fill(chroma, 0.0);
    for (int k = MIN_BIN; k < MAX_BIN; k++) {
      chroma[BIN_TO_NOTE[k]] += power[k];
    }
    chromaCount++;
    if (chromaCount >= FILTER_TAPS) {
      smoothAndNormalise();
      addImageRow();
      if (imageRows >= MAX_FILTER_WIDTH) {
        appendCode(subFingerprint(imageRows - MAX_FILTER_WIDTH));
      }
    }
  }

  private void smoothAndNormalise() {
    int oldest = chromaCount - FILTER_TAPS;
    Arrays.fill(filtered, 0.0);
    for (int band = 0; band < BANDS; band++) {
      double sum = 0.0;
      for (int tap = 0; tap < FILTER_TAPS; tap++) {
        sum += chromaRing[(oldest + tap) % FILTER_TAPS][band] * CHROMA_FILTER_COEFFICIENTS[tap];
      }
      filtered[band] = sum;
    }
    double squares = 0;
    for (int band = 0; band < BANDS; band++) {
      squares += filtered[band] * filtered[band];
    }
    double norm = squares > 0 ? Math.sqrt(squares) : 0;
    if (norm < NORM_THRESHOLD) {
      Arrays.fill(filtered, 0.0);
    } else {
      for (int band = 0; band < BANDS; band++) {
        filtered[band] /= norm;
      }
    }
  }

  /** Row r of the integral image holds the sums over all rows <= r and all bands <= c. */
  private void addImageRow() {
    double[] row = image[imageRows % IMAGE_ROWS];
    double running = 0;
    for (int band = 0; band < BANDS; band++) {
      running += filtered[band];
      row[band] = running;
    }
    if (imageRows > 0) {
      double[] previous = image[(imageRows - 1) % IMAGE_ROWS];
      for (int band = 0; band < BANDS; band++) {
        row[band] = previous[band] + row[band];
      }
    }
    imageRows++;
  }

  /** Sum of rows [r1, r2) and bands [c1, c2), in the reference's order of operations. */
  private double area(int r1, int c1, int r2, int c2) {
    if (r1 == r2 || c1 == c2) {
      return 0.0;
    }
    double[] last = image[(r2 - 1) % IMAGE_ROWS];
    if (r1 == 0) {
      return c1 == 0 ? last[c2 - 1] : last[c2 - 1] - last[c1 - 1];
    }
    double[] before = image[(r1 - 1) % IMAGE_ROWS];
    if (c1 == 0) {
      return last[c2 - 1] - before[c2 - 1];
    }
    return last[c2 - 1] - before[c2 - 1] - last[c1 - 1] + before[c1 - 1];
  }

  private int subFingerprint(int x) {
    int bits = 0;
    for (int i = 0; i < FILTERS.length; i++) {
      double value = applyFilter(FILTERS[i], x);
      bits = (bits << 2) | grayCode(quantize(value, THRESHOLDS[i]));
    }
    return bits;
  }

  /**
   * The six Haar-like filter shapes of {@code filter_utils.h}; time is x/width, band is y/height.
   */
  private double applyFilter(int[] filter, int x) {
    int y = filter[1];
    int h = filter[2];
    int w = filter[3];
    double a;
    double b;
    switch (filter[0]) {
      case 0 -> {
        a = area(x, y, x + w, y + h);
        b = 0;
      }
      case 1 -> {
        int h2 = h / 2;
        a = area(x, y + h2, x + w, y + h);
        b = area(x, y, x + w, y + h2);
      }
      case 2 -> {
        int w2 = w / 2;
        a = area(x + w2, y, x + w, y + h);
        b = area(x, y, x + w2, y + h);
      }
      case 3 -> {
        int w2 = w / 2;
        int h2 = h / 2;
        a = area(x, y + h2, x + w2, y + h) + area(x + w2, y, x + w, y + h2);
        b = area(x, y, x + w2, y + h2) + area(x + w2, y + h2, x + w, y + h);
      }
      case 4 -> {
        int h3 = h / 3;
        a = area(x, y + h3, x + w, y + 2 * h3);
        b = area(x, y, x + w, y + h3) + area(x, y + 2 * h3, x + w, y + h);
      }
      case 5 -> {
        int w3 = w / 3;
        a = area(x + w3, y, x + 2 * w3, y + h);
        b = area(x, y, x + w3, y + h) + area(x + 2 * w3, y, x + w, y + h);
      }
      default -> throw new AssertionError("filter type " + filter[0]);
    }
    return Math.log((1.0 + a) / (1.0 + b));
  }

  private static int quantize(double value, double[] t) {
    if (value < t[1]) {
      return value < t[0] ? 0 : 1;
    }
    return value < t[2] ? 2 : 3;
  }

  private static int grayCode(int level) {
    return level ^ (level >> 1); // 0,1,2,3 -> 0,1,3,2
  }

  private void appendCode(int code) {
    if (codeCount == codes.length) {
      codes = Arrays.copyOf(codes, codes.length * 2);
    }
    codes[codeCount++] = code;
  }

  private static float[] hammingWindow() {
    float[] window = new float[FRAME_SAMPLES];
    double scale = 1.0 / Short.MAX_VALUE;
    for (int i = 0; i < FRAME_SAMPLES; i++) {
      window[i] =
          (float) (scale * (0.54 - 0.46 * Math.cos(i * 2.0 * Math.PI / (FRAME_SAMPLES - 1))));
    }
    return window;
  }

  /** {@code utils.h FreqToIndex}: round(frameSize * freq / sampleRate), halves away from zero. */
  private static int freqToBin(double freqHz) {
    return (int) Math.floor(FRAME_SAMPLES * freqHz / SAMPLE_RATE_HZ + 0.5);
  }

  /** {@code chroma.cpp PrepareNotes}: pitch class of each bin, octaves counted from 27.5 Hz. */
  private static byte[] binToNote() {
    byte[] notes = new byte[FRAME_SAMPLES];
    double base = 440.0 / 16.0;
    for (int k = MIN_BIN; k < MAX_BIN; k++) {
      double freq = (double) k * SAMPLE_RATE_HZ / FRAME_SAMPLES;
      double octave = Math.log(freq / base) / Math.log(2.0);
      double note = BANDS * (octave - Math.floor(octave));
      notes[k] = (byte) note;
    }
    return notes;
  }
}
