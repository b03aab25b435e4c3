package dev.selection.core.internal.dsp.tonal;

/** The mode of a key. */
public enum Mode {
  /** Major (Ionian). */
  MAJOR("major"),
  /** Minor (natural/harmonic minor). */
  MINOR("minor");

  private final String label;

  Mode(String label) {
    this.label = label;
  }

  /** Returns the lower-case name used in key strings, {@code "major"} or {@code "minor"}. */
  public String label() {
    return label;
  }
}
