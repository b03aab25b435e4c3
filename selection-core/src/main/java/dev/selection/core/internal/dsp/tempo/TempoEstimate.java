package dev.selection.core.internal.dsp.tempo;

import java.util.List;
import java.util.Objects;

/**
 * A tempo estimate.
 *
 * @param bpm the chosen tempo in beats per minute, inside the estimator's range
 * @param confidence how periodic the onsets are at that tempo, 0 (none) to 1 (a metronome)
 * @param candidates the chosen tempo first, then its ½× and 2× alternatives (where they lie between
 *     {@value #MIN_CANDIDATE_BPM} and {@value #MAX_CANDIDATE_BPM} BPM)
 */
public record TempoEstimate(double bpm, double confidence, List<Candidate> candidates) {
  /** Lowest alternative tempo listed. */
  public static final double MIN_CANDIDATE_BPM = 30;

  /** Highest alternative tempo listed. */
  public static final double MAX_CANDIDATE_BPM = 360;

  /**
   * One tempo hypothesis.
   *
   * @param bpm tempo in beats per minute
   * @param salience its periodicity score relative to the chosen tempo's (the chosen one has 1)
   */
  public record Candidate(double bpm, double salience) {
    /** Validates the values. */
    public Candidate {
      if (!(bpm > 0) || !Double.isFinite(bpm) || !Double.isFinite(salience)) {
        throw new IllegalArgumentException("Bad candidate: " + bpm + " / " + salience);
      }
    }
  }

  /** Validates the values and copies the list. */
  public TempoEstimate {
    if (!(bpm > 0) || !Double.isFinite(bpm) || !(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("Bad tempo: " + bpm + " confidence " + confidence);
    }
    candidates = List.copyOf(Objects.requireNonNull(candidates, "candidates"));
  }
}
