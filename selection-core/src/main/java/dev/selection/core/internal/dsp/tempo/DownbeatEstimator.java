package dev.selection.core.internal.dsp.tempo;

import dev.selection.api.BeatGrid;

/**
 * Places the downbeats on a beat grid: bars of {@value #BEATS_PER_BAR} beats, whose phase is the
 * one where (a) low-frequency onsets (the kick and the bass, coarse bands below ~200 Hz), (b) the
 * change of the beat-synchronous spectrum (new chords and new bars start on downbeats) and (c)
 * loudness are strongest on average. The two cues are the classic ones of downbeat tracking without
 * learning (Goto 2001, "An audio-based real-time beat tracking system for music with or without
 * drum-sounds", J. New Music Research 30(2): chord changes and bass-drum positions; Davies &amp;
 * Plumbley 2006, "A spectral difference approach to downbeat extraction in musical audio",
 * EUSIPCO), plus (c) the loudness of the onset at the beat (accents, crashes). Each cue is
 * normalised by its mean over all beats before the three are added; a cue whose mean is under half
 * a dB (no bass at all) is left out. Stateless.
 */
final class DownbeatEstimator {
  /** Beats per bar assumed (4/4; other meters are not detected). */
  static final int BEATS_PER_BAR = 4;

  private static final int LOW_BANDS = 2;
  private static final double MIN_CUE_DB = 0.5;

  private DownbeatEstimator() {}

  /**
   * Returns {@code grid} with its bars set, or unchanged (bars unknown) when it has fewer than two
   * bars of beats or the envelope gives no cue.
   */
  static BeatGrid withDownbeats(BeatGrid grid, OnsetEnvelope envelope) {
    double[] beats = grid.beatsSec();
    int n = beats.length;
    if (n < 2 * BEATS_PER_BAR) {
      return grid;
    }
    int frames = envelope.frames();
    int[] at = new int[n];
    for (int i = 0; i < n; i++) {
      at[i] = (int) Math.max(0, Math.min(frames - 1, Math.round(envelope.index(beats[i]))));
    }
    float[] rise = envelope.energyRise(OnsetEnvelope.BANDS);
    double[] loud = new double[n];
    double[] low = new double[n];
    double[] change = new double[n];
    double[] previous = null;
    for (int i = 0; i < n; i++) {
      // (a) rise of the low bands' level into the beat
      double before = Double.POSITIVE_INFINITY;
      for (int f = Math.max(0, at[i] - 4); f <= Math.max(0, at[i] - 1); f++) {
        before = Math.min(before, lowLevel(envelope, f));
      }
      double after = 0;
      for (int f = at[i]; f <= Math.min(frames - 1, at[i] + 2); f++) {
        after = Math.max(after, lowLevel(envelope, f));
      }
      low[i] = Math.max(0, after - before);
      // (c) loudness of the onset at the beat (accents, crashes)
      for (int f = Math.max(0, at[i] - 1); f <= Math.min(frames - 1, at[i] + 1); f++) {
        loud[i] = Math.max(loud[i], rise[f]);
      }
      // (b) distance of this beat's mean spectrum from the previous beat's
      int end = i + 1 < n ? at[i + 1] : Math.min(frames, at[i] + Math.max(1, at[i] - at[i - 1]));
      double[] mean = new double[OnsetEnvelope.BANDS];
      int count = 0;
      for (int f = at[i]; f < Math.max(end, at[i] + 1) && f < frames; f++) {
        for (int b = 0; b < OnsetEnvelope.BANDS; b++) {
          mean[b] += envelope.bandDb(f, b);
        }
        count++;
      }
      for (int b = 0; b < OnsetEnvelope.BANDS && count > 0; b++) {
        mean[b] /= count;
      }
      if (previous != null) {
        double d = 0;
        for (int b = 0; b < OnsetEnvelope.BANDS; b++) {
          d += Math.abs(mean[b] - previous[b]);
        }
        change[i] = d / OnsetEnvelope.BANDS;
      }
      previous = mean;
    }
    // A cue that barely moves (a mean under half a dB, e.g. no bass at all) would only add noise
    // once normalised: it is left out.
    double lowMean = mean(low) >= MIN_CUE_DB ? mean(low) : 0;
    double changeMean = mean(change) >= MIN_CUE_DB ? mean(change) : 0;
    double loudMean = mean(loud);
    if (!(lowMean > 0) && !(changeMean > 0) && !(loudMean > 0)) {
      return grid;
    }
    double[] score = new double[BEATS_PER_BAR];
    int[] count = new int[BEATS_PER_BAR];
    for (int i = 0; i < n; i++) {
      double s =
          (lowMean > 0 ? low[i] / lowMean : 0)
              + (changeMean > 0 ? change[i] / changeMean : 0)
              + (loudMean > 0 ? loud[i] / loudMean : 0);
      score[i % BEATS_PER_BAR] += s;
      count[i % BEATS_PER_BAR]++;
    }
    int best = 0;
    for (int p = 1; p < BEATS_PER_BAR; p++) {
      if (score[p] / count[p] > score[best] / count[best]) {
        best = p;
      }
    }
    return new BeatGrid(grid.sections(), BEATS_PER_BAR, best);
  }

  private static double lowLevel(OnsetEnvelope envelope, int frame) {
    double s = 0;
    for (int b = 0; b < LOW_BANDS; b++) {
      s += envelope.bandDb(frame, b);
    }
    return s / LOW_BANDS;
  }

  private static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }
}
