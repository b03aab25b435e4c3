package dev.selection.api;

import java.util.List;
import java.util.Objects;

/**
 * The beats and downbeats of a song, kept compactly: a list of sections, each a constant grid
 * (first beat and period) where the tempo is steady; a drifting passage is a run of short sections.
 * Beat {@code k} of the whole song is beat {@code k - (beats before its section)} of its section.
 * Downbeats are every {@code beatsPerBar}-th beat counting from beat {@code firstDownbeat}. {@link
 * #beatsSec()} and {@link #downbeatsSec()} expand the grid into times in seconds.
 *
 * @param sections the constant-tempo sections in time order, at least one; each section's first
 *     beat comes after the previous section's last beat
 * @param beatsPerBar beats per bar (e.g. 4), or 0 when the bars are unknown
 * @param firstDownbeat index of the first downbeat among the beats, {@code 0 <= firstDownbeat <
 *     beatsPerBar}; -1 when the bars are unknown
 */
public record BeatGrid(List<Section> sections, int beatsPerBar, int firstDownbeat) {
  /**
   * A run of beats at a constant period.
   *
   * @param startSec time of the section's first beat, seconds, ≥ 0
   * @param periodSec seconds between beats, &gt; 0
   * @param beats how many beats, ≥ 1
   */
  public record Section(double startSec, double periodSec, int beats) {
    /** Validates the values. */
    public Section {
      if (!(startSec >= 0)
          || !Double.isFinite(startSec)
          || !(periodSec > 0)
          || !Double.isFinite(periodSec)
          || beats < 1) {
        throw new IllegalArgumentException(
            "Bad beat section: start " + startSec + " period " + periodSec + " beats " + beats);
      }
    }

    /** Returns the time of the section's last beat, seconds. */
    public double endSec() {
      return startSec + (beats - 1) * periodSec;
    }

    /** Returns the section's tempo in beats per minute. */
    public double bpm() {
      return 60 / periodSec;
    }
  }

  /** Validates the sections and the bar layout, and copies the list. */
  public BeatGrid {
    sections = List.copyOf(Objects.requireNonNull(sections, "sections"));
    if (sections.isEmpty()) {
      throw new IllegalArgumentException("A beat grid needs at least one section");
    }
    for (int i = 1; i < sections.size(); i++) {
      if (!(sections.get(i).startSec() > sections.get(i - 1).endSec())) {
        throw new IllegalArgumentException("Beat sections overlap or are out of order at " + i);
      }
    }
    if (beatsPerBar == 0
        ? firstDownbeat != -1
        : beatsPerBar < 0 || firstDownbeat < 0 || firstDownbeat >= beatsPerBar) {
      throw new IllegalArgumentException(
          "Bad bar layout: beatsPerBar " + beatsPerBar + " firstDownbeat " + firstDownbeat);
    }
  }

  /** Returns the number of beats. */
  public int beatCount() {
    long n = 0;
    for (Section s : sections) {
      n += s.beats();
    }
    return (int) Math.min(Integer.MAX_VALUE, n);
  }

  /** Returns every beat's time in seconds, ascending (a new array). */
  public double[] beatsSec() {
    double[] out = new double[beatCount()];
    int i = 0;
    for (Section s : sections) {
      for (int k = 0; k < s.beats() && i < out.length; k++) {
        out[i++] = s.startSec() + k * s.periodSec();
      }
    }
    return out;
  }

  /**
   * Returns the downbeats' times in seconds, ascending (a new array; empty when bars are unknown).
   */
  public double[] downbeatsSec() {
    if (beatsPerBar == 0) {
      return new double[0];
    }
    double[] beats = beatsSec();
    int count =
        beats.length <= firstDownbeat
            ? 0
            : (beats.length - firstDownbeat + beatsPerBar - 1) / beatsPerBar;
    double[] out = new double[count];
    for (int i = 0; i < count; i++) {
      out[i] = beats[firstDownbeat + i * beatsPerBar];
    }
    return out;
  }

  /** Returns true when the whole song is one constant grid. */
  public boolean isConstant() {
    return sections.size() == 1;
  }
}
