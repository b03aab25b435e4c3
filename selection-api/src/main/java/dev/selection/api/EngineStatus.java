package dev.selection.api;

import java.util.Objects;

/**
 * A summary of a library's state.
 *
 * @param liked liked songs
 * @param disliked disliked songs
 * @param sampleChangeCount label changes since the last successful training
 * @param modelRevision 0 before any training (and when the manifest cannot be read)
 * @param featureRows songs with stored features
 * @param failures files whose extraction failed
 * @param model the state of the stored model
 * @param modelProblem why the model is {@link ModelState#DAMAGED}; null otherwise
 */
public record EngineStatus(
    long liked,
    long disliked,
    long sampleChangeCount,
    long modelRevision,
    long featureRows,
    long failures,
    ModelState model,
    String modelProblem) {
  /** Validates the model state. */
  public EngineStatus {
    Objects.requireNonNull(model, "model");
  }

  /**
   * A status whose model state follows from the revision alone: {@link ModelState#READY} above 0,
   * {@link ModelState#NOT_TRAINED} at 0.
   */
  public EngineStatus(
      long liked,
      long disliked,
      long sampleChangeCount,
      long modelRevision,
      long featureRows,
      long failures) {
    this(
        liked,
        disliked,
        sampleChangeCount,
        modelRevision,
        featureRows,
        failures,
        modelRevision > 0 ? ModelState.READY : ModelState.NOT_TRAINED,
        null);
  }
}
