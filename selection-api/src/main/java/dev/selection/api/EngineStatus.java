package dev.selection.api;

/**
 * A summary of a library's state.
 *
 * @param liked liked songs
 * @param disliked disliked songs
 * @param sampleChangeCount label changes since the last successful training
 * @param modelRevision 0 before any training
 * @param featureRows songs with stored features
 * @param failures files whose extraction failed
 */
public record EngineStatus(
    long liked,
    long disliked,
    long sampleChangeCount,
    long modelRevision,
    long featureRows,
    long failures) {}
