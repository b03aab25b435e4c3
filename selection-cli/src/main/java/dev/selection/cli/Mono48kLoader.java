package dev.selection.cli;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Decodes a file to mono 48 kHz samples for the OpenL3 commands. The integrator replaces the
 * WAV-only {@link WavMono48kLoader} with one backed by the SDK's decoders and resampler.
 */
@FunctionalInterface
public interface Mono48kLoader {
  /**
   * Loads a file.
   *
   * @throws IOException if it cannot be read
   * @throws dev.selection.api.SelectionException {@code UNSUPPORTED_FORMAT} or {@code
   *     CORRUPT_AUDIO}
   */
  Loaded load(Path file) throws IOException;

  /**
   * Decoded audio.
   *
   * @param samples mono samples at 48 kHz in [-1, 1)
   * @param songId the track's songId (SHA-256 of its canonical PCM), or null if this loader cannot
   *     compute it
   */
  record Loaded(float[] samples, String songId) {
    /** Validates the samples. */
    public Loaded {
      java.util.Objects.requireNonNull(samples, "samples");
    }
  }
}
