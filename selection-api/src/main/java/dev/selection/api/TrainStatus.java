package dev.selection.api;

/** The outcome of a training run. */
public enum TrainStatus {
  /** A new model was trained and saved; the model revision went up by one. */
  TRAINED("trained"),
  /** Too few positives or negatives for the configured thresholds; nothing changed. */
  INSUFFICIENT_SAMPLES("insufficient_samples"),
  /** Cancelled before the model was saved; the previous model is kept. */
  CANCELLED("cancelled"),
  /** A fault stopped training; see the result's error code. The previous model is kept. */
  FAILED("failed");

  private final String wireName;

  TrainStatus(String wireName) {
    this.wireName = wireName;
  }

  /** Returns the stable lower-case name. */
  public String wireName() {
    return wireName;
  }
}
