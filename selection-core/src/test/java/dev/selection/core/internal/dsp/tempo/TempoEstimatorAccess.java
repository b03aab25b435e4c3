package dev.selection.core.internal.dsp.tempo;

/** Debug access (temporary). */
public final class TempoEstimatorAccess {
  public static float[] band(OnsetEnvelope e, int a, int b) { return e.bandFlux(a, b); }
  public static float[] rise(OnsetEnvelope e) { return e.energyRise(16); }
  public static double[] acf(float[] x, double fps) {
    return TempoEstimator.autocorrelation(TempoEstimator.detrend(x, (int) Math.round(fps)), 400);
  }
}
