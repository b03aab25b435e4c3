package dev.selection.api;

import java.util.Objects;

/**
 * A sound-event tag of a song (one of the 527 AudioSet classes of the built-in EfficientAT model,
 * e.g. {@code "Music"}, {@code "Electronic music"}, {@code "Guitar"}), with the model's probability
 * pooled over the song's windows.
 *
 * @param name the class name
 * @param probability 0..1
 */
public record Tag(String name, double probability) {
  /** Validates the values. */
  public Tag {
    Objects.requireNonNull(name, "name");
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException("probability must be in [0,1]: " + probability);
    }
  }
}
