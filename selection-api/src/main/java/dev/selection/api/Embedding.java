package dev.selection.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * A song's pooled embedding of one kind, with the tag probabilities of models that also tag.
 *
 * <p>How the windows are pooled is the embedder's: OpenL3's vector is the RMS-weighted mean of its
 * windows, L2-normalised; EfficientAT's is the mean of its windows' activations, not normalised
 * (the ranker centres and scales it with statistics of the library, see {@code
 * docs/efficientat.md}).
 *
 * @param vector the embedding (copied in and out)
 * @param windows how many analysis windows were pooled
 * @param modelVersion the embedder version, including the model checksum and the window policy
 * @param tags per-class probabilities in {@code [0, 1]} in the order of the embedder's {@code
 *     tagNames()} (e.g. the 527 AudioSet classes), pooled over the same windows; null when the
 *     model does not tag (copied in and out)
 */
public record Embedding(float[] vector, int windows, String modelVersion, float[] tags) {
  /** Copies the arrays and rejects NaN or infinite values. */
  public Embedding {
    Objects.requireNonNull(modelVersion, "modelVersion");
    vector = vector.clone();
    for (float f : vector) {
      if (!Float.isFinite(f)) {
        throw new IllegalArgumentException("embedding has a non-finite value");
      }
    }
    if (tags != null) {
      tags = tags.clone();
      for (float f : tags) {
        if (!(f >= 0 && f <= 1)) {
          throw new IllegalArgumentException("tag probability outside [0, 1]: " + f);
        }
      }
    }
  }

  /** Creates an embedding without tags. */
  public Embedding(float[] vector, int windows, String modelVersion) {
    this(vector, windows, modelVersion, null);
  }

  /** Returns a copy of the vector. */
  @Override
  public float[] vector() {
    return vector.clone();
  }

  /** Returns a copy of the tag probabilities, or null. */
  @Override
  public float[] tags() {
    return tags == null ? null : tags.clone();
  }

  /** Returns the vector's dimension. */
  public int dimension() {
    return vector.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Embedding e
        && windows == e.windows
        && modelVersion.equals(e.modelVersion)
        && Arrays.equals(vector, e.vector)
        && Arrays.equals(tags, e.tags);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Objects.hash(windows, modelVersion) + Arrays.hashCode(vector))
        + Arrays.hashCode(tags);
  }

  @Override
  public String toString() {
    return "Embedding[dim="
        + vector.length
        + ", windows="
        + windows
        + ", model="
        + modelVersion
        + (tags == null ? "" : ", tags=" + tags.length)
        + "]";
  }
}
