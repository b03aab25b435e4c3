package dev.selection.api;

/** The states announced by automatic retraining. */
public enum AutoTrainStatus {
  /** A retraining is scheduled after the debounce delay. */
  SCHEDULED("scheduled"),
  /** Retraining started. */
  TRAINING("training"),
  /** Retraining finished with a new model. */
  TRAINED("trained"),
  /** Retraining failed or had too few samples; the old model stays. */
  FAILED("failed"),
  /** Training data was reset ({@link SelectionEngine#resetTrainingData()}). */
  RESET("reset");

  private final String wireName;

  AutoTrainStatus(String wireName) {
    this.wireName = wireName;
  }

  /** Returns the stable lower-case name. */
  public String wireName() {
    return wireName;
  }
}
