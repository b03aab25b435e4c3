package dev.selection.core.internal.dsp.tempo;

import dev.selection.api.BeatGrid;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Estimates the tempo (BPM), the beats and the downbeats of a track from the onset envelope of the
 * whole track ({@link OnsetEnvelopeSink}, about 43 frames per second).
 *
 * <p><b>Method.</b>
 *
 * <ol>
 *   <li>Periodicity: the envelope is detrended by a ~1 s moving average (Ellis 2007, "Beat tracking
 *       by dynamic programming", J. New Music Research 36(1), high-passes it likewise) and its
 *       unbiased autocorrelation taken up to four periods of {@value #SEARCH_MIN_BPM} BPM.
 *   <li>Tempo salience: for each tempo on a {@value #GRID_BPM} BPM grid from {@value
 *       #SEARCH_MIN_BPM} to {@value #SEARCH_MAX_BPM} BPM, a comb over the autocorrelation at 1–4
 *       beat periods with weights 1, ½, ⅓, ¼: the pulse-train matching of Percival &amp; Tzanetakis
 *       2014 ("Streamlined tempo estimation based on autocorrelation and cross-correlation with
 *       pulses", IEEE/ACM TASLP 22(12)).
 *   <li>Pulse: the strongest <em>local maximum</em> of the salience, weighted by a log-normal
 *       preference around {@value #PRIOR_CENTER_BPM} BPM ({@value #PRIOR_STD_OCTAVES} octaves, as
 *       librosa's {@code feature.tempo} prior). Only true peaks compete: a flat salience (no pulse)
 *       can no longer be pulled to the prior's centre, the cause of the clustering of weak tracks at
 *       120 BPM in the previous version.
 *   <li>Metrical level: only the octaves (×2<sup>k</sup>) of that pulse inside the reported range
 *       (default {@value #DEFAULT_MIN_BPM}–{@value #DEFAULT_MAX_BPM} BPM) are considered, never a
 *       2:3 or 3:4 relative. Starting from the slowest, the doubled level is taken when the beats
 *       tracked at it alternate between strong and weak by less than the ratio {@value
 *       #FASTER_LEVEL_RATIO} (weighted by the prior): the in-between pulses must be nearly as
 *       strong as the others for the faster level to be felt. This is the half/double decision of
 *       Ellis 2007 §3.3 and of Davies &amp; Plumbley 2007 made on tracked beats instead of
 *       autocorrelation peaks.
 *   <li>Beats: dynamic programming at the chosen period ({@link BeatTracker}, Ellis 2007).
 *   <li>Grid: the beats are fitted by constant-period sections ({@link BeatGridFitter}); the BPM
 *       is the beat-weighted period of the sections, so it is as precise as the whole track allows.
 *   <li>Downbeats: {@link DownbeatEstimator} (4 beats per bar; the phase where low-frequency onsets
 *       and beat-synchronous spectral change are strongest).
 * </ol>
 *
 * <p><b>Confidence</b> is the chosen tempo's comb value (a weighted mean of autocorrelations, 1 for
 * a metronome) above the mean comb value of the search range, scaled to 0..1.
 *
 * <p><b>Absent</b> (null): less than {@value #MIN_SECONDS} s of envelope, no onsets (silence, DC,
 * steady tones), or no pulse: a confidence under {@value #MIN_CONFIDENCE} (noise, ambient pads,
 * rubato). Immutable and thread-safe.
 */
public final class TempoEstimator {
  /** Default lowest tempo reported. */
  public static final double DEFAULT_MIN_BPM = 60;

  /** Default highest tempo reported (exclusive). */
  public static final double DEFAULT_MAX_BPM = 200;

  /** Fewest seconds of audio analysed. */
  public static final double MIN_SECONDS = 4;

  /** How strong the in-between beats must be, relative to the others, for the faster level. */
  public static final double FASTER_LEVEL_RATIO = 0.5;

  /** Confidence under which there is no pulse. */
  public static final double MIN_CONFIDENCE = 0.05;

  static final double SEARCH_MIN_BPM = 30;
  static final double SEARCH_MAX_BPM = 360;
  static final double GRID_BPM = 0.1;
  private static final double[] COMB_WEIGHTS = {1, 1.0 / 2, 1.0 / 3, 1.0 / 4};
  static final double PRIOR_CENTER_BPM = 120;
  static final double PRIOR_STD_OCTAVES = 1.0;
  // Mean flux below this (dB per band per frame) means no onsets at all: silence, DC, steady tones.
  private static final double MIN_MEAN_FLUX_DB = 0.05;

  static int ALT_BANDS = Integer.getInteger("tempo.altBands", 0);
  static final double BAR_MIN_SEC = 1.5;
  static final double BAR_MAX_SEC = 5;
  static final double FAMILY_PEAK_RATIO = Double.parseDouble(System.getProperty("tempo.familyRatio", "0.5"));
  static int SCORE_MODE = Integer.getInteger("tempo.score", 1);
  static int BB_FROM = Integer.getInteger("tempo.bbFrom", 4);
  static int BB_TO = Integer.getInteger("tempo.bbTo", 12);
  static double BB_RATIO = Double.parseDouble(System.getProperty("tempo.bbRatio", "0"));
  static int PULSE_MODE = Integer.getInteger("tempo.pulse", 0);
  static int ACF_MODE = Integer.getInteger("tempo.acf", 0);
  static boolean DEBUG = Boolean.getBoolean("tempo.debug");

  private final double minBpm;
  private final double maxBpm;

  /** Creates an estimator with the default range. */
  public TempoEstimator() {
    this(DEFAULT_MIN_BPM, DEFAULT_MAX_BPM);
  }

  /**
   * Creates an estimator reporting tempos in {@code [minBpm, maxBpm)}.
   *
   * @throws IllegalArgumentException unless {@code 30 ≤ minBpm} and {@code 2·minBpm ≤ maxBpm ≤ 360}
   *     (the range must hold a whole octave so that every tempo has a representative)
   */
  public TempoEstimator(double minBpm, double maxBpm) {
    if (!(minBpm >= SEARCH_MIN_BPM) || !(maxBpm >= 2 * minBpm) || !(maxBpm <= SEARCH_MAX_BPM)) {
      throw new IllegalArgumentException("Bad tempo range: " + minBpm + ".." + maxBpm);
    }
    this.minBpm = minBpm;
    this.maxBpm = maxBpm;
  }

  /** Returns the lowest tempo reported. */
  public double minBpm() {
    return minBpm;
  }

  /** Returns the highest tempo reported (exclusive). */
  public double maxBpm() {
    return maxBpm;
  }

  /**
   * Estimates the tempo of a whole mono signal.
   *
   * @param samples mono samples in [-1, 1]
   * @param sampleRateHz their rate, at least 8 kHz
   * @return the estimate, or null when there is no tempo to find (see the class comment)
   */
  public TempoEstimate estimate(float[] samples, int sampleRateHz) {
    Rhythm r = analyze(OnsetEnvelope.of(samples, sampleRateHz));
    return r == null ? null : r.tempo();
  }

  /**
   * Estimates the tempo, beats and downbeats from an onset envelope.
   *
   * @return the rhythm, or null when there is no tempo to find (see the class comment)
   */
  public Rhythm analyze(OnsetEnvelope envelope) {
    float[] e = envelope.flux();
    double fps = envelope.framesPerSecond();
    if (envelope.durationSec() < MIN_SECONDS || e.length < 8) {
      return null;
    }
    double mean = 0;
    for (float v : e) {
      mean += v;
    }
    mean /= e.length;
    if (!(mean >= MIN_MEAN_FLUX_DB)) {
      return null;
    }
    int maxLag = (int) Math.ceil(60 * fps / SEARCH_MIN_BPM * COMB_WEIGHTS.length) + 2;
    double[] acf = autocorrelation(detrend(e, (int) Math.round(fps)), maxLag);
    if (acf == null) {
      return null;
    }
    if (ACF_MODE >= 3) {
      int[][] groups = {{0, 3}, {3, 11}, {11, 16}};
      double[] sum = new double[acf.length];
      int used = 0;
      for (int[] g : groups) {
        double[] a = autocorrelation(detrend(envelope.bandFlux(g[0], g[1]), (int) Math.round(fps)), maxLag);
        if (a != null) {
          for (int i = 0; i < sum.length; i++) {
            sum[i] += a[i];
          }
          used++;
        }
      }
      if (ACF_MODE == 4) {
        for (int i = 0; i < sum.length; i++) {
          sum[i] += acf[i];
        }
        used++;
      }
      for (int i = 0; i < sum.length; i++) {
        acf[i] = sum[i] / used;
      }
    } else if (ACF_MODE > 0) {
      double[] acf2 = autocorrelation(detrend(envelope.energyRise(16), (int) Math.round(fps)), maxLag);
      if (acf2 != null) {
        for (int i = 0; i < acf.length; i++) {
          acf[i] = ACF_MODE == 1 ? acf2[i] : 0.5 * (acf[i] + acf2[i]);
        }
      }
    }
    double[] comb = comb(acf, fps);
    int lo = index(minBpm);
    int hi = index(maxBpm) - 1;
    double meanComb = 0;
    for (int i = lo; i <= hi; i++) {
      meanComb += comb[i];
    }
    meanComb /= (hi - lo + 1);
    float[] rise = ALT_BANDS > 0 ? envelope.energyRise(ALT_BANDS)
        : ALT_BANDS < 0 ? envelope.bandFlux(0, -ALT_BANDS) : e;
    float[] mid = BB_RATIO > 0 ? envelope.energyRise(BB_FROM, BB_TO) : null;
    int pulse = PULSE_MODE == 0 ? strongestPeak(comb) : pulse(comb, acf, fps);
    if (pulse < 0) {
      return null;
    }
    // Octave levels of the pulse inside the range, slowest first.
    double level = bpmAt(pulse);
    while (level >= minBpm) {
      level /= 2;
    }
    while (level < minBpm) {
      level *= 2;
    }
    double[] beats = BeatTracker.track(e, 60 * fps / level);
    while (level * 2 < maxBpm) {
      double[] faster = BeatTracker.track(e, 60 * fps / (level * 2));
      double ratio = alternation(rise, faster);
      double backbeat = BB_RATIO > 0 ? alternation(mid, beats) : 1;
      if (DEBUG) {
        System.err.printf("  backbeat at %.1f: %.3f%n", level, backbeat);
      }
      if (backbeat < BB_RATIO) {
        break;
      }
      double needed = FASTER_LEVEL_RATIO * prior(level) / prior(level * 2);
      if (DEBUG) {
        System.err.printf("  pulse %.1f level %.1f -> %.1f ratio %.3f needed %.3f%n",
            bpmAt(pulse), level, level * 2, ratio, needed);
      }
      if (!(ratio >= needed)) {
        break;
      }
      level *= 2;
      beats = faster;
    }
    int chosen = localPeak(comb, index(level), 0, comb.length - 1);
    double confidence = chosen < 0 ? 0 : (comb[chosen] - meanComb) / (1 - meanComb);
    if (!Double.isFinite(confidence) || confidence < MIN_CONFIDENCE) {
      return null;
    }
    confidence = Math.min(1, confidence);
    double[] beatSec = new double[beats.length];
    for (int i = 0; i < beats.length; i++) {
      beatSec[i] = Math.max(0, envelope.timeSec(beats[i]));
    }
    BeatGrid grid = BeatGridFitter.fit(beatSec, 0.6 / fps);
    double bpm = refine(comb, chosen < 0 ? index(level) : chosen);
    if (grid != null) {
      grid = DownbeatEstimator.withDownbeats(grid, envelope);
      double fromBeats = beatWeightedBpm(grid);
      // The beats pin the tempo down far better than the 0.1 BPM grid, unless they wandered off it.
      if (Math.abs(fromBeats / bpm - 1) < 0.04) {
        bpm = fromBeats;
      }
    }
    if (bpm < minBpm || bpm >= maxBpm) {
      bpm = Math.max(minBpm, Math.min(Math.nextDown(maxBpm), bpm));
    }
    List<TempoEstimate.Candidate> candidates = new ArrayList<>();
    candidates.add(new TempoEstimate.Candidate(bpm, 1.0));
    double own = Math.max(1e-9, comb[chosen < 0 ? index(level) : chosen]);
    for (double factor : new double[] {0.5, 2}) {
      double alt = bpm * factor;
      if (alt >= TempoEstimate.MIN_CANDIDATE_BPM && alt <= TempoEstimate.MAX_CANDIDATE_BPM) {
        int i = localPeak(comb, index(alt), 0, comb.length - 1);
        double salience = i >= 0 ? Math.max(0, comb[i]) / own : 0;
        candidates.add(new TempoEstimate.Candidate(alt, salience));
      }
    }
    return new Rhythm(new TempoEstimate(bpm, confidence, candidates), grid);
  }

  /**
   * How evenly strong alternate beats are: (weaker parity − median) / (stronger parity − median) of
   * the envelope's peak at each beat; 1 when every beat is as strong, ≤ 0 when every other beat is
   * no onset at all.
   */
  static double alternation(float[] e, double[] beats) {
    if (beats.length < 4) {
      return 0;
    }
    double[] sum = new double[2];
    int[] count = new int[2];
    for (int i = 0; i < beats.length; i++) {
      int at = (int) Math.round(beats[i]);
      double peak = 0;
      for (int f = Math.max(0, at - 1); f <= Math.min(e.length - 1, at + 1); f++) {
        peak = Math.max(peak, e[f]);
      }
      sum[i & 1] += peak;
      count[i & 1]++;
    }
    double a = sum[0] / count[0];
    double b = sum[1] / count[1];
    float[] sorted = e.clone();
    Arrays.sort(sorted);
    double base = sorted[sorted.length / 2];
    double strong = Math.max(a, b) - base;
    double weak = Math.min(a, b) - base;
    return strong > 0 ? weak / strong : 0;
  }

  private static double beatWeightedBpm(BeatGrid grid) {
    double periods = 0;
    long beats = 0;
    for (BeatGrid.Section s : grid.sections()) {
      if (s.beats() >= 2) {
        periods += s.periodSec() * (s.beats() - 1);
        beats += s.beats() - 1;
      }
    }
    return beats == 0 ? Double.NaN : 60 / (periods / beats);
  }

  /** The salience comb on the BPM grid over {@code [SEARCH_MIN_BPM, SEARCH_MAX_BPM]}. */
  static double[] comb(double[] acf, double fps) {
    int n = (int) Math.round((SEARCH_MAX_BPM - SEARCH_MIN_BPM) / GRID_BPM) + 1;
    double[] comb = new double[n];
    for (int i = 0; i < n; i++) {
      double period = 60 * fps / bpmAt(i);
      double s = 0;
      double used = 0;
      for (int k = 0; k < COMB_WEIGHTS.length; k++) {
        double lag = period * (k + 1);
        if (lag <= acf.length - 2) {
          s += COMB_WEIGHTS[k] * interpolate(acf, lag);
          used += COMB_WEIGHTS[k];
        }
      }
      comb[i] = used > 0 ? s / used : 0; // a weighted mean of autocorrelations, ≤ 1
    }
    return comb;
  }

  /**
   * The pulse: the strongest peak of comb × prior among the peaks of at least {@value
   * #FAMILY_PEAK_RATIO} of the strongest that fit the bar. The bar is the autocorrelation's
   * strongest lag between {@value #BAR_MIN_SEC} and {@value #BAR_MAX_SEC} s; a beat period fits when
   * the bar holds a power of two of them (±4 %). Without this, a pattern of 8th notes makes the
   * dotted quarter (the 2:3 level) as periodic as the beat. Falls back to all strong peaks when
   * none fits. Returns a comb index, or -1.
   */
  private static int pulse(double[] comb, double[] acf, double fps) {
    double max = 0;
    for (int i = 1; i < comb.length - 1; i++) {
      max = Math.max(max, comb[i]);
    }
    if (!(max > 0)) {
      return -1;
    }
    int barFrom = (int) Math.ceil(BAR_MIN_SEC * fps);
    int barTo = Math.min(acf.length - 1, (int) Math.floor(BAR_MAX_SEC * fps));
    int bar = -1;
    for (int lag = barFrom; lag <= barTo; lag++) {
      if (bar < 0 || acf[lag] > acf[bar]) {
        bar = lag;
      }
    }
    int best = -1;
    int bestFitting = -1;
    double bestScore = 0;
    double bestFittingScore = 0;
    for (int i = 1; i < comb.length - 1; i++) {
      if (comb[i] >= FAMILY_PEAK_RATIO * max && comb[i] > comb[i - 1] && comb[i] >= comb[i + 1]) {
        double score = comb[i] * prior(bpmAt(i));
        if (score > bestScore) {
          bestScore = score;
          best = i;
        }
        double beats = bar < 0 ? 0 : bar / (60 * fps / bpmAt(i));
        double octaves = Math.log(beats) / Math.log(2);
        boolean fits = beats >= 1.5 && Math.abs(octaves - Math.rint(octaves)) < 0.057;
        if (DEBUG) {
          System.err.printf("  peak %.1f comb %.3f score %.3f bar %.2f s beats %.2f fits %s%n",
              bpmAt(i), comb[i], score, bar / fps, beats, fits);
        }
        if (fits && score > bestFittingScore) {
          bestFittingScore = score;
          bestFitting = i;
        }
      }
    }
    return bestFitting >= 0 ? bestFitting : best;
  }

  /** The strongest local maximum of comb × prior, or -1. */
  private static int strongestPeak(double[] comb) {
    int best = -1;
    double bestScore = 0;
    for (int i = 1; i < comb.length - 1; i++) {
      if (comb[i] > 0 && comb[i] > comb[i - 1] && comb[i] >= comb[i + 1]) {
        double score = comb[i] * prior(bpmAt(i));
        if (score > bestScore) {
          bestScore = score;
          best = i;
        }
      }
    }
    return best;
  }

  static double bpmAt(int i) {
    return SEARCH_MIN_BPM + i * GRID_BPM;
  }

  static int index(double bpm) {
    return (int) Math.round((bpm - SEARCH_MIN_BPM) / GRID_BPM);
  }

  /** Climbs from {@code i} to the nearest local maximum within ±3 % of tempo and [lo, hi]. */
  private static int localPeak(double[] comb, int i, int lo, int hi) {
    if (i < lo || i > hi) {
      return -1;
    }
    int reach = Math.max(1, (int) Math.round(bpmAt(i) * 0.03 / GRID_BPM));
    int from = Math.max(lo, i - reach);
    int to = Math.min(hi, i + reach);
    int best = i;
    for (int j = from; j <= to; j++) {
      if (comb[j] > comb[best]) {
        best = j;
      }
    }
    return best;
  }

  /** Log-normal tempo preference (librosa {@code feature.tempo}: start_bpm 120, std_bpm 1). */
  static double prior(double bpm) {
    double octaves = Math.log(bpm / PRIOR_CENTER_BPM) / Math.log(2);
    return Math.exp(-0.5 * octaves * octaves / (PRIOR_STD_OCTAVES * PRIOR_STD_OCTAVES));
  }

  private static double refine(double[] comb, int i) {
    if (i <= 0 || i >= comb.length - 1) {
      return bpmAt(i);
    }
    double a = comb[i - 1];
    double b = comb[i];
    double c = comb[i + 1];
    double denom = a - 2 * b + c;
    double shift = denom < 0 ? 0.5 * (a - c) / denom : 0;
    return bpmAt(i) + Math.max(-0.5, Math.min(0.5, shift)) * GRID_BPM;
  }

  private static double interpolate(double[] x, double at) {
    int i = (int) at;
    double f = at - i;
    return x[i] * (1 - f) + x[i + 1] * f;
  }

  /** Subtracts a centred moving average of {@code width} frames. */
  static double[] detrend(float[] x, int width) {
    int half = Math.max(1, width / 2);
    double[] prefix = new double[x.length + 1];
    for (int i = 0; i < x.length; i++) {
      prefix[i + 1] = prefix[i] + x[i];
    }
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      int a = Math.max(0, i - half);
      int b = Math.min(x.length, i + half + 1);
      y[i] = x[i] - (prefix[b] - prefix[a]) / (b - a);
    }
    return y;
  }

  /** Unbiased autocorrelation normalised by lag 0, or null for a zero signal. */
  static double[] autocorrelation(double[] x, int maxLag) {
    int lags = Math.min(maxLag, x.length - 1);
    double[] acf = new double[maxLag + 1];
    double zero = 0;
    for (double v : x) {
      zero += v * v;
    }
    zero /= x.length;
    if (!(zero > 0)) {
      return null;
    }
    for (int lag = 1; lag <= lags; lag++) {
      double s = 0;
      for (int t = 0, end = x.length - lag; t < end; t++) {
        s += x[t] * x[t + lag];
      }
      acf[lag] = s / (x.length - lag) / zero;
    }
    acf[0] = 1;
    return acf;
  }
}
