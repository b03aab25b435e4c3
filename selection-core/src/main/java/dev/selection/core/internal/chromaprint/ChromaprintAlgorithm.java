package dev.selection.core.internal.chromaprint;

/**
 * Constants of Chromaprint's default algorithm ({@code CHROMAPRINT_ALGORITHM_TEST2}), carried over
 * from acoustid/chromaprint v1.5.1: {@code src/fingerprinter_configuration.cpp} (frame size,
 * overlap, chroma filter coefficients, the 16 classifiers), {@code src/fingerprinter.cpp} (chroma
 * frequency range) and {@code src/fingerprinter_configuration.h} (sample rate).
 */
final class ChromaprintAlgorithm {
  /**
   * Algorithm id written into the first byte of the compressed fingerprint (TEST2 is enum value 1).
   */
  static final int ALGORITHM_ID = 1;

  /** Sample rate the algorithm works at. */
  static final int SAMPLE_RATE_HZ = 11025;

  /** FFT frame length in samples ({@code kDefaultFrameSize}). */
  static final int FRAME_SAMPLES = 4096;

  /**
   * Hop between frames: frame size minus {@code kDefaultFrameOverlap = 4096 - 4096 / 3}, i.e. 1365
   * samples (about 0.124 s).
   */
  static final int HOP_SAMPLES = FRAME_SAMPLES / 3;

  /**
   * Lowest and highest frequency folded into the chroma vector ({@code MIN_FREQ}, {@code
   * MAX_FREQ}).
   */
  static final int MIN_FREQ_HZ = 28;

  static final int MAX_FREQ_HZ = 3520;

  /** Chroma bands. */
  static final int BANDS = 12;

  /** The 5-tap smoothing filter applied over time to the chroma vectors. */
  static final double[] CHROMA_FILTER_COEFFICIENTS = {0.25, 0.75, 1.0, 0.75, 0.25};

  /** Filter type, first band (y), band count (height), frame count (width) of each classifier. */
  static final int[][] FILTERS = {
    {0, 4, 3, 15},
    {4, 4, 6, 15},
    {1, 0, 4, 16},
    {3, 8, 2, 12},
    {3, 4, 4, 8},
    {4, 0, 3, 5},
    {1, 2, 2, 9},
    {2, 7, 3, 4},
    {2, 6, 2, 16},
    {2, 1, 3, 2},
    {5, 10, 1, 15},
    {3, 6, 2, 10},
    {2, 1, 1, 14},
    {3, 5, 6, 4},
    {1, 9, 2, 12},
    {3, 4, 2, 14},
  };

  /** Quantizer thresholds t0 &lt;= t1 &lt;= t2 of each classifier. */
  static final double[][] THRESHOLDS = {
    {1.98215, 2.35817, 2.63523},
    {-1.03809, -0.651211, -0.282167},
    {-0.298702, 0.119262, 0.558497},
    {-0.105439, 0.0153946, 0.135898},
    {-0.142891, 0.0258736, 0.200632},
    {-0.826319, -0.590612, -0.368214},
    {-0.557409, -0.233035, 0.0534525},
    {-0.0646826, 0.00620476, 0.0784847},
    {-0.192387, -0.029699, 0.215855},
    {-0.0397818, -0.00568076, 0.0292026},
    {-0.53823, -0.369934, -0.190235},
    {-0.124877, 0.0296483, 0.139239},
    {-0.101475, 0.0225617, 0.231971},
    {-0.0799915, -0.00729616, 0.063262},
    {-0.272556, 0.019424, 0.302559},
    {-0.164292, -0.0321188, 0.0846339},
  };

  /** Widest classifier window in frames: a code needs this many normalised chroma rows. */
  static final int MAX_FILTER_WIDTH = 16;

  /**
   * Chroma vectors below this Euclidean norm are zeroed rather than normalised ({@code
   * chroma_normalizer.h}, {@code NormalizeVector(..., 0.01)}).
   */
  static final double NORM_THRESHOLD = 0.01;

  private ChromaprintAlgorithm() {}
}
