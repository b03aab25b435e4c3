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

  /**
   * Returns an embedder set up for an engine: its OpenL3 model folder ({@link
   * EngineConfig#openL3ModelDir()}, else a default under {@link EngineConfig#libraryRoot()}) and
   * its thread budget. Embedders found through {@link java.util.ServiceLoader} are created with their
   * no-argument constructor and then configured through this method; the engine closes the returned
   * instance. The default returns this instance unchanged.
   *
   * @param config the engine's configuration
   * @return this embedder or a new, configured one
   */
  default Embedder configure(EngineConfig config) {
    return this;
  }

  /**
   * Returns true when this embedder has what it needs to embed (e.g. its model file is present); a
   * cheap check made once when an engine starts, so that an engine without a model skips embeddings
   * instead of failing on every track. Full verification (checksum, loading) happens on first use.
   * The default returns true.
   */
  default boolean isAvailable() {
    return true;
  }

  /** Frees native handles. Idempotent. */
  @Override
  void close();
}
