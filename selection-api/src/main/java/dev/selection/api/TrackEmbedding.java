package dev.selection.api;

import java.util.Objects;

/**
 * One kind's embedding of a file, with the file's identity from the same decode.
 *
 * @param track the file's identity and format
 * @param embedding the pooled embedding
 */
public record TrackEmbedding(TrackInfo track, Embedding embedding) {
  /** Validates the values. */
  public TrackEmbedding {
    Objects.requireNonNull(track, "track");
    Objects.requireNonNull(embedding, "embedding");
  }
}
