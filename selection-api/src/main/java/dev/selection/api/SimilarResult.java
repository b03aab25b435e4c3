package dev.selection.api;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link SelectionEngine#similar}: the library ranked by similarity to seed songs.
 *
 * @param descriptor the vector the similarity was measured on: an embedding kind ({@code
 *     "efficientat"}, {@code "openl3"}) or {@code "timbre"} when no seed has an embedding; empty
 *     when no seed had any usable vector
 * @param items the most similar songs, most similar first, never a seed
 * @param seedsWithoutFeatures seeds that were left out because they have no such vector (or no
 *     stored features at all)
 * @param message a human-readable summary
 */
public record SimilarResult(
    String descriptor, List<SimilarSong> items, List<String> seedsWithoutFeatures, String message) {
  /** Copies the lists. */
  public SimilarResult {
    Objects.requireNonNull(descriptor, "descriptor");
    items = List.copyOf(items);
    seedsWithoutFeatures = List.copyOf(seedsWithoutFeatures);
    message = message == null ? "" : message;
  }
}
