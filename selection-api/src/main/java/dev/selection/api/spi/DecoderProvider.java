package dev.selection.api.spi;

import dev.selection.api.AnalysisConfig;

/**
 * Creates an {@link AudioDecoder} for an analysis configuration (e.g. the ffmpeg decoder with the
 * configured executable). Registered as a service ({@code META-INF/services} and {@code
 * module-info}) and found by {@link NamedSpiLoader}; {@link #name()} is the decoder's name.
 *
 * <p>Decoders the host gives to {@link AnalysisConfig.Builder#decoders} come first; a provider
 * whose name equals one of theirs is not used.
 */
public interface DecoderProvider extends NamedProvider {
  /**
   * Returns a decoder set up for {@code config}. Called once per engine or analyzer; the decoder is
   * shared by its threads.
   */
  AudioDecoder create(AnalysisConfig config);
}
