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
 *       can no longer be pulled to the prior's centre, the cause of the clustering of weak tracks
 *       at 120 BPM in the previous version. The pulse must divide the pattern: when the strongest
 *       autocorrelation peak between {@value #BAR_MIN_SEC} and {@value #BAR_MAX_SEC} s (the bar, or
 *       whole bars) is not a whole number of its periods (within {@value #BAR_TOLERANCE}), the
 *       strongest peak whose period does divide it is taken instead: a 2:3 or 4:5 pulse between the
 *       kicks of a syncopated pattern does not divide the bar (Klapuri, Eronen &amp; Astola 2006,
 *       "Analysis of the meter of acoustic musical signals", IEEE TASLP 14(1): the tactus divides
 *       the measure).
 *   <li>Metrical level: only the octaves (×2<sup>k</sup>) of that pulse inside the reported range
 *       (default {@value #DEFAULT_MIN_BPM}–{@value #DEFAULT_MAX_BPM} BPM) are considered, never a
 *       2:3 or 3:4 relative. Starting from the slowest, beats are tracked at each level and the
 *       doubled level is taken unless (a) the level has a backbeat — in the 300 Hz–3 kHz band
 *       (snare, claps) every other beat is much louder, alternation under {@value #BACKBEAT_RATIO}
 *       — or (b) at the doubled level every other beat is much weaker in loudness (alternation
 *       under {@value #FASTER_LEVEL_RATIO}, scaled by the prior's ratio): the in-between pulses
 *       must be nearly as strong as the others for the faster level to be felt — unless (c) at the
 *       doubled level kick and snare alternate in opposite phase (the kick bands louder on one
 *       parity, the snare bands on the other, both alternations under {@value #BACKBEAT_RATIO}):
 *       the snare's backbeat makes the faster level the beat however quiet the snare is next to the
 *       kick. Loudness here is the rise of the cube root of the summed band power, level-aware
 *       where the dB flux is not (a quiet hi-hat in silence rises by as many dB as a kick). This is
 *       the half/double decision of Ellis 2007 §3.3 and Davies &amp; Plumbley 2007
 *       ("Context-dependent beat tracking of musical audio", IEEE TASLP 15(3)) made on tracked
 *       beats, with the backbeat cue of Goto 2001 (snare on beats 2 and 4).
 *   <li>Beats: dynamic programming at the chosen period ({@link BeatTracker}, Ellis 2007) on the
 *       sum of the standardised dB flux and loudness rise (the flux alone let off-beat hats pull
 *       the phase).
 *   <li>Grid: the beats are fitted by constant-period sections ({@link BeatGridFitter}); the BPM is
 *       the beat-weighted period of the sections, so it is as precise as the whole track allows.
 *   <li>Downbeats: {@link DownbeatEstimator} (4 beats per bar; the phase where low-frequency
 *       onsets, beat-synchronous spectral change and loudness are strongest).
 * </ol>
 *
 * <p><b>Confidence</b> is the chosen tempo's comb value (a weighted mean of autocorrelations, 1 for
 * a metronome) above the mean comb value of the search range, scaled to 0..1.
 *
 * <p><b>Absent</b> (null): less than {@value #MIN_SECONDS} s of envelope, no onsets (silence, DC,
 * steady tones: a mean flux under 0.3 dB), no pulse (a confidence under {@value #MIN_CONFIDENCE}:
 * noise, ambient pads, rubato), or beats spanning less than {@value #MIN_SECONDS} s (clicks only at
 * the start). Immutable and thread-safe.
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
  // Mean flux below this (dB per band per frame) means no onsets: silence, DC, steady tones and the
  // slow beating of an aliased square wave (0.004-0.21); music measured 0.7-4.3 (docs/tempo.md).
  private static final double MIN_MEAN_FLUX_DB = 0.3;

  /** Largest distance between a tracked beat and its grid section's line, seconds. */
  static final double GRID_TOLERANCE_SEC = 0.025;

  /**
   * Coarse bands of the backbeat test (about 300 Hz to 3 kHz: snare, claps, the body of chords) and
   * the alternation under which a level has a backbeat.
   */
  static final int[] BACKBEAT_BANDS = {4, 12};

  static final double BACKBEAT_RATIO = 0.6;

  /**
   * Coarse bands of the kick (about 30–600 Hz: kick drum, bass) for the kick/snare alternation at
   * the faster level.
   */
  static final int[] KICK_BANDS = {0, 4};

  /**
   * Lags searched for the pattern's period (the bar or a whole number of bars), seconds: a 4/4 bar
   * lasts 1.2 s at 200 BPM and 4 s at 60 BPM.
   */
  static final double BAR_MIN_SEC = 1.0;

  static final double BAR_MAX_SEC = 5.0;

  /**
   * How far, relatively, the pattern's period may be from a whole number of pulse periods: the
   * tolerance of the tempo accuracy measure (acc1: within 4 %).
   */
  static final double BAR_TOLERANCE = 0.04;

  /**
   * The least salience (comb × prior), relative to the pulse's, of a peak that replaces a pulse
   * which does not divide the pattern: a comparable peak, not a noise peak of music without a clear
   * pulse (the replacements on the evaluation sets measured 0.8–0.98 of the pulse; one orchestral
   * soundtrack's 0.39, which then lost its BPM).
   */
  static final double PATTERN_MIN_SALIENCE = 0.5;

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
    double[] comb = comb(acf, fps);
    int lo = index(minBpm);
    int hi = index(maxBpm) - 1;
    double meanComb = 0;
    for (int i = lo; i <= hi; i++) {
      meanComb += comb[i];
    }
    meanComb /= (hi - lo + 1);
    int pulse = strongestPeak(comb);
    if (pulse < 0) {
      return null;
    }
    pulse = fittingThePattern(comb, acf, fps, pulse);
    // The octave levels of the pulse inside the range, slowest first; climb while the faster level
    // is felt (see the class comment).
    double level = bpmAt(pulse);
    while (level >= minBpm) {
      level /= 2;
    }
    while (level < minBpm) {
      level *= 2;
    }
    float[] loudness = envelope.energyRise(0, OnsetEnvelope.BANDS);
    float[] backbeatBand = envelope.energyRise(BACKBEAT_BANDS[0], BACKBEAT_BANDS[1]);
    double[] beats = BeatTracker.track(e, 60 * fps / level);
    while (level * 2 < maxBpm) {
      if (alternation(backbeatBand, beats) < BACKBEAT_RATIO) {
        break; // a backbeat at this level: it is the beat
      }
      double[] faster = BeatTracker.track(e, 60 * fps / (level * 2));
      double needed = FASTER_LEVEL_RATIO * prior(level) / prior(level * 2);
      if (!kickSnareAlternate(envelope, faster) && !(alternation(loudness, faster) >= needed)) {
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
    // The final beats follow the dB flux and the loudness rise together: the flux alone lets
    // loud-in-dB but quiet off-beat sounds (hats, strums) pull the phase.
    beats = BeatTracker.track(sumOfStandardised(e, loudness), 60 * fps / level);
    double[] beatSec = new double[beats.length];
    for (int i = 0; i < beats.length; i++) {
      beatSec[i] = Math.max(0, envelope.timeSec(beats[i]));
    }
    if (beatSec.length < 2 || beatSec[beatSec.length - 1] - beatSec[0] < MIN_SECONDS) {
      return null; // the pulse lasts less than MIN_SECONDS (e.g. clicks only at the start)
    }
    BeatGrid grid = BeatGridFitter.fit(beatSec, GRID_TOLERANCE_SEC);
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
   * The pulse, or, when the pattern's period (the strongest autocorrelation peak between {@value
   * #BAR_MIN_SEC} and {@value #BAR_MAX_SEC} s: the bar, or a whole number of bars) is not a whole
   * number of its periods, the strongest peak of comb × prior whose period does divide the pattern,
   * if it is at least {@value #PATTERN_MIN_SALIENCE} as salient as the pulse. A beat divides the
   * bar; a pulse at 2:3 or 4:5 of the beat (the period between two kicks of a syncopated pattern,
   * 1.5 or 1.25 beats) does not. This is the measure/tactus consistency of metrical analysis
   * (Klapuri, Eronen &amp; Astola 2006, "Analysis of the meter of acoustic musical signals", IEEE
   * TASLP 14(1): the tactus period divides the measure period) reduced to one test.
   */
  static int fittingThePattern(double[] comb, double[] acf, double fps, int pulse) {
    double bar = patternLag(acf, fps);
    if (!(bar > 0) || dividesPattern(bar, bpmAt(pulse), fps)) {
      return pulse;
    }
    int best = pulse;
    double bestScore = PATTERN_MIN_SALIENCE * comb[pulse] * prior(bpmAt(pulse));
    for (int i = 1; i < comb.length - 1; i++) {
      if (comb[i] > 0 && comb[i] > comb[i - 1] && comb[i] >= comb[i + 1]) {
        double score = comb[i] * prior(bpmAt(i));
        if (score > bestScore && dividesPattern(bar, bpmAt(i), fps)) {
          bestScore = score;
          best = i;
        }
      }
    }
    return best;
  }

  /** Whether a pattern of {@code lagFrames} holds a whole number of beats at {@code bpm}. */
  static boolean dividesPattern(double lagFrames, double bpm, double fps) {
    double beats = lagFrames * bpm / (60 * fps);
    long whole = Math.max(1, Math.round(beats));
    return Math.abs(beats / whole - 1) < BAR_TOLERANCE;
  }

  /**
   * The lag (frames, parabolically refined) of the strongest autocorrelation peak between {@value
   * #BAR_MIN_SEC} and {@value #BAR_MAX_SEC} s, or -1 when there is none.
   */
  static double patternLag(double[] acf, double fps) {
    int from = Math.max(1, (int) Math.ceil(BAR_MIN_SEC * fps));
    int to = Math.min(acf.length - 2, (int) Math.floor(BAR_MAX_SEC * fps));
    int best = -1;
    for (int i = from; i <= to; i++) {
      if (acf[i] > acf[i - 1] && acf[i] >= acf[i + 1] && (best < 0 || acf[i] > acf[best])) {
        best = i;
      }
    }
    if (best < 0 || !(acf[best] > 0)) {
      return -1;
    }
    double a = acf[best - 1];
    double b = acf[best];
    double c = acf[best + 1];
    double denom = a - 2 * b + c;
    return best + (denom < 0 ? Math.max(-0.5, Math.min(0.5, 0.5 * (a - c) / denom)) : 0);
  }

  /**
   * Whether kick and snare alternate at these beats: in the kick bands one parity of beats is much
   * louder, in the snare bands ({@link #BACKBEAT_BANDS}) the other one (both alternations under
   * {@value #BACKBEAT_RATIO}). Goto 2001's drum pattern (bass drum on beats 1 and 3, snare drum on
   * 2 and 4) found at a level shows it is the beat, however quiet the snare is next to the kick;
   * in-between pulses that are silent, or hats between the beats, do not alternate so.
   */
  static boolean kickSnareAlternate(OnsetEnvelope envelope, double[] beats) {
    double[] kick = parityLevels(envelope.energyRise(KICK_BANDS[0], KICK_BANDS[1]), beats);
    double[] snare = parityLevels(envelope.energyRise(BACKBEAT_BANDS[0], BACKBEAT_BANDS[1]), beats);
    if (kick == null || snare == null) {
      return false;
    }
    boolean opposite = (kick[0] > kick[1]) != (snare[0] > snare[1]);
    return opposite
        && Math.min(kick[0], kick[1]) < BACKBEAT_RATIO
        && Math.min(snare[0], snare[1]) < BACKBEAT_RATIO;
  }

  /** Each envelope divided by its standard deviation, then summed. */
  private static float[] sumOfStandardised(float[] a, float[] b) {
    double sa = std(a);
    double sb = std(b);
    float[] out = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = (float) ((sa > 0 ? a[i] / sa : 0) + (sb > 0 ? b[i] / sb : 0));
    }
    return out;
  }

  private static double std(float[] x) {
    double m = 0;
    for (float v : x) {
      m += v;
    }
    m /= x.length;
    double s = 0;
    for (float v : x) {
      s += (v - m) * (v - m);
    }
    return Math.sqrt(s / x.length);
  }

  /**
   * How evenly strong alternate beats are: (weaker parity − median) / (stronger parity − median) of
   * the envelope's peak at each beat; 1 when every beat is as strong, ≤ 0 when every other beat is
   * no onset at all.
   */
  static double alternation(float[] e, double[] beats) {
    double[] p = parityLevels(e, beats);
    return p == null ? 0 : Math.min(p[0], p[1]);
  }

  /**
   * The mean envelope peak at the even and at the odd beats, above the envelope's median, each
   * divided by the larger of the two (so the louder parity is 1); null for fewer than 4 beats or
   * when neither parity rises above the median.
   */
  private static double[] parityLevels(float[] e, double[] beats) {
    if (beats.length < 4) {
      return null;
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
    return strong > 0 ? new double[] {(a - base) / strong, (b - base) / strong} : null;
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

  /** The strongest local maximum of comb × prior, or -1. */
  static int strongestPeak(double[] comb) {
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
