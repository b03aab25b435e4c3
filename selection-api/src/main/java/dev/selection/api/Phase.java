package dev.selection.api;

/** The phase a long operation reports progress for. */
public enum Phase {
  /** Gathering samples and features before training. */
  PREPARE("prepare"),
  /** Training the booster. */
  TRAIN("train"),
  /** Writing the model atomically. */
  SAVE("save"),
  /** Listing and identifying files before extraction. */
  SCAN("scan"),
  /** Decoding and extracting features of tracks. */
  EXTRACT("extract"),
  /** Scoring candidates. */
  PREDICT("predict"),
  /** Cross-validated evaluation. */
  EVALUATE("evaluate"),
  /** Writing labels in a large batch. */
  LABEL("label");

  private final String wireName;

  Phase(String wireName) {
    this.wireName = wireName;
  }

  /** Returns the stable lower-case name of the phase. */
  public String wireName() {
    return wireName;
  }
}
