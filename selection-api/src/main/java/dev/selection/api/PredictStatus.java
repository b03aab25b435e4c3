package dev.selection.api;

/** The outcome of a prediction run. */
public enum PredictStatus {
  /** Candidates with features were scored. */
  OK("ok"),
  /** No trained model exists for this library: there are no scores (no fallback ranking, ever). */
  NOT_TRAINED("not_trained"),
  /** The model's liked snapshot is too small to compute similarity features. */
  INSUFFICIENT_SAMPLES("insufficient_samples"),
  /** Cancelled; partial results are discarded. */
  CANCELLED("cancelled"),
  /** A fault stopped prediction; see the result's error code. */
  FAILED("failed");

  private final String wireName;

  PredictStatus(String wireName) {
    this.wireName = wireName;
  }

  /** Returns the stable lower-case name. */
  public String wireName() {
    return wireName;
  }
}
