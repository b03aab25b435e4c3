package dev.selection.api.spi;

import dev.selection.api.CancellationToken;
import dev.selection.api.Embedding;
import dev.selection.api.EmbeddingBudget;
import java.util.List;

/**
 * Turns excerpts of a track into one pooled embedding (OpenL3 in {@code selection-onnx}).
 *
 * <p>Thread-safe; holds native resources until {@link #close()}.
 */
public interface Embedder extends AutoCloseable {
  /** Returns a stable short name, e.g. {@code "openl3-mel256-music-512"}. */
  String name();

  /**
   * Returns the version stored with every vector: it includes the model checksum and the budget, so a
   * change of either invalidates stored vectors.
   */
  String version(EmbeddingBudget budget);

  /** Returns the embedding dimension. */
  int dimension();

  /** Returns the sample rate the excerpts must have. */
  int sampleRateHz();

  /**
   * Embeds the excerpts: windows at the budget's hop, energy-selected within its limits, pooled and
   * L2-normalised.
   *
   * @throws dev.selection.api.SelectionException {@code RUNTIME_UNAVAILABLE} without a usable model,
   *     {@code MODEL_LOAD_FAILED} for a bad model, {@code CANCELLED} on cancellation
   */
  Embedding embed(List<AudioExcerpt> excerpts, EmbeddingBudget budget, CancellationToken cancel);

  /** Frees native handles. Idempotent. */
  @Override
  void close();
}
