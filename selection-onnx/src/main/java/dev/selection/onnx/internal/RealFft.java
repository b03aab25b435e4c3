package dev.selection.onnx.internal;

/**
 * An in-place iterative radix-2 FFT in double precision for one power-of-two size, used for the
 * magnitude spectra of the OpenL3 front end. Instances hold precomputed twiddles and scratch
 * arrays: not thread-safe, create one per thread.
 */
public final class RealFft {
  private final int size;
  private final double[] cos;
  private final double[] sin;
  private final int[] bitReverse;
  private final double[] re;
  private final double[] im;

  /**
   * Creates an FFT of {@code size} points.
   *
   * @throws IllegalArgumentException unless {@code size} is a power of two of at least 2
   */
  public RealFft(int size) {
    if (size < 2 || Integer.bitCount(size) != 1) {
      throw new IllegalArgumentException("FFT size must be a power of two: " + size);
    }
    this.size = size;
    cos = new double[size / 2];
    sin = new double[size / 2];
    for (int k = 0; k < size / 2; k++) {
      double angle = -2 * Math.PI * k / size;
      cos[k] = Math.cos(angle);
      sin[k] = Math.sin(angle);
    }
    bitReverse = new int[size];
    int bits = Integer.numberOfTrailingZeros(size);
    for (int i = 0; i < size; i++) {
      bitReverse[i] = Integer.reverse(i) >>> (32 - bits);
    }
    re = new double[size];
    im = new double[size];
  }

  /** Returns the transform size in points. */
  public int size() {
    return size;
  }

  /**
   * Writes {@code |X[k]|} for {@code k = 0 .. size/2} of the real input {@code frame} into {@code
   * out}.
   *
   * @param frame {@code size} real samples
   * @param out at least {@code size/2 + 1} values
   */
  public void magnitude(double[] frame, double[] out) {
    for (int i = 0; i < size; i++) {
      re[bitReverse[i]] = frame[i];
      im[i] = 0;
    }
    for (int half = 1; half < size; half <<= 1) {
      int step = size / (2 * half);
      for (int start = 0; start < size; start += 2 * half) {
        for (int j = 0; j < half; j++) {
          double wr = cos[j * step];
          double wi = sin[j * step];
          int a = start + j;
          int b = a + half;
          double tr = re[b] * wr - im[b] * wi;
          double ti = re[b] * wi + im[b] * wr;
          re[b] = re[a] - tr;
          im[b] = im[a] - ti;
          re[a] += tr;
          im[a] += ti;
        }
      }
    }
    for (int k = 0; k <= size / 2; k++) {
      out[k] = Math.sqrt(re[k] * re[k] + im[k] * im[k]);
    }
  }
}
