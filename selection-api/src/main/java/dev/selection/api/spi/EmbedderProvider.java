package dev.selection.api.spi;

import dev.selection.api.AnalysisConfig;

/**
 * Creates an {@link Embedder} for an analysis configuration (its model folder and thread budget).
 * Registered as a service ({@code META-INF/services} and {@code module-info}) and found by {@link
 * NamedSpiLoader}.
 *
 * <p>An engine or analyzer uses the host's embedders first ({@link
 * AnalysisConfig.Builder#embedder}), then, for each {@link #kind()} they lack, the embedder of the
 * highest-priority provider of that kind whose embedder {@link Embedder#isAvailable() is
 * available}; none when {@link AnalysisConfig#embeddings()} is off.
 */
public interface EmbedderProvider extends NamedProvider {
  /** Returns the kind of the embedders this provider creates ({@link Embedder#kind()}). */
  String kind();

  /**
   * Returns a new embedder set up for {@code config}; the caller closes it. Cheap: models load on
   * first use.
   */
  Embedder create(AnalysisConfig config);
}
