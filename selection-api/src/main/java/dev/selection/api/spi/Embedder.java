package dev.selection.api.spi;

import dev.selection.api.CancellationToken;
import dev.selection.api.Embedding;
import dev.selection.api.EmbeddingBudget;
import java.util.List;

/**
 * Turns excerpts of a track into one pooled embedding (in {@code selection-onnx}: the built-in
 * EfficientAT model and OpenL3 for hosts that bring its weights).
 *
 * <p>Several embedders work side by side, one per {@link #kind()}: each kind's vectors are stored
 * under that name with the embedder's {@link #version}, and the ranker uses every kind present.
 *
 * <p>Created by an {@link EmbedderProvider} (or given by the host). Thread-safe; holds native
 * resources until {@link #close()}.
 */
public interface Embedder extends AutoCloseable {
  /** Returns a stable short name, e.g. {@code "openl3-mel256-music-512"}. */
  String name();

  /**
   * Returns the kind: the name under which this embedder's vectors are stored, versioned and ranked
   * ({@code "openl3"}, {@code "efficientat"}, or a host's own). Two embedders of one engine must
   * not share a kind. The default is {@link #name()}.
   */
  default String kind() {
    return name();
  }

  /**
   * Returns the names of the tag probabilities its embeddings carry ({@link Embedding#tags()}), in
   * order, e.g. the 527 AudioSet classes; empty (the default) when it does not tag.
   */
  default List<String> tagNames() {
    return List.of();
  }

  /**
   * Returns how this embedder wants the track: windows spread over the whole track, or null (the
   * default) for the excerpts of the shared segment policy, limited by the {@link EmbeddingBudget}.
   */
  default TrackWindows trackWindows() {
    return null;
  }

  /**
   * Returns the version stored with every vector: it includes the model checksum and the budget, so
   * a change of either invalidates stored vectors.
   */
  String version(EmbeddingBudget budget);

  /** Returns the embedding dimension. */
  int dimension();

  /** Returns the sample rate the excerpts must have. */
  int sampleRateHz();

  /**
   * Embeds the excerpts (at {@link #sampleRateHz()}) into one pooled embedding: the segment
   * excerpts under {@code budget}, or the windows of {@link #trackWindows()}.
   *
   * @throws dev.selection.api.SelectionException {@code RUNTIME_UNAVAILABLE} without a usable
   *     model, {@code MODEL_LOAD_FAILED} for a bad model, {@code CANCELLED} on cancellation
   */
  Embedding embed(List<AudioExcerpt> excerpts, EmbeddingBudget budget, CancellationToken cancel);

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
