package dev.selection.cli;

import dev.selection.api.AnalysisConfig;
import dev.selection.api.AudioAnalyzer;
import dev.selection.api.MonoAudio;
import java.nio.file.Path;

/**
 * Loads a whole file as mono 48 kHz through the SDK's decoders (any supported format), mix-down and
 * band-limited resampler ({@link AudioAnalyzer#decodeMono}), with its songId from the same decode.
 * Holds the whole track in memory: for the one-file diagnostic commands only.
 */
final class DecoderMono48kLoader implements Mono48kLoader {
  private static final int RATE_HZ = 48_000;

  @Override
  public Loaded load(Path file) {
    try (AudioAnalyzer analyzer =
        AudioAnalyzer.create(AnalysisConfig.builder().embeddings(false).build())) {
      MonoAudio audio = analyzer.decodeMono(file, RATE_HZ);
      return new Loaded(audio.samples(), audio.songId());
    }
  }
}
