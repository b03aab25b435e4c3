package dev.selection.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * A pooled, L2-normalised song embedding.
 *
 * @param vector the embedding (copied in and out)
 * @param windows how many analysis windows were pooled
 * @param modelVersion the embedder version, including model checksum, hop and budget
 */
public record Embedding(float[] vector, int windows, String modelVersion) {
  /** Copies the vector and rejects NaN or infinite values. */
  public Embedding {
    Objects.requireNonNull(modelVersion, "modelVersion");
    vector = vector.clone();
    for (float f : vector) {
      if (!Float.isFinite(f)) {
        throw new IllegalArgumentException("embedding has a non-finite value");
      }
    }
  }

  /** Returns a copy of the vector. */
  @Override
  public float[] vector() {
    return vector.clone();
  }

  /** Returns the vector's dimension. */
  public int dimension() {
    return vector.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Embedding e && windows == e.windows && modelVersion.equals(e.modelVersion)
        && Arrays.equals(vector, e.vector);
  }

  @Override
  public int hashCode() {
    return 31 * Objects.hash(windows, modelVersion) + Arrays.hashCode(vector);
  }

  @Override
  public String toString() {
    return "Embedding[dim=" + vector.length + ", windows=" + windows + ", model=" + modelVersion + "]";
  }
}
