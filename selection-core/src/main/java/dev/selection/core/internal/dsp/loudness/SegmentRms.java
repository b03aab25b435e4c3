package dev.selection.core.internal.dsp.loudness;

import dev.selection.api.spi.AudioExcerpt;
import java.util.List;

/** The {@code rms_mean} feature: the mean of the RMS of each selected segment. Stateless. */
public final class SegmentRms {
  private SegmentRms() {}

  /**
   * Returns the mean over the non-empty excerpts of each excerpt's RMS (linear, 0..1 for samples in
   * [−1, 1)), or null when there is no sample at all. Silence gives 0.
   *
   * @param excerpts the selected segments
   */
  public static Double rmsMean(List<AudioExcerpt> excerpts) {
    double sum = 0;
    int n = 0;
    for (AudioExcerpt e : excerpts) {
      float[] x = e.samples();
      if (x.length == 0) {
        continue;
      }
      double squares = 0;
      for (float v : x) {
        squares += (double) v * v;
      }
      double rms = Math.sqrt(squares / x.length);
      if (!Double.isFinite(rms)) {
        return null;
      }
      sum += rms;
      n++;
    }
    return n == 0 ? null : sum / n;
  }
}
