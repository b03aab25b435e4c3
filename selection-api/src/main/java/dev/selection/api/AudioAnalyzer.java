package dev.selection.api;

import dev.selection.api.spi.AudioStream;
import dev.selection.api.spi.EngineProvider;
import dev.selection.api.spi.NamedSpiLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * Analysis of single audio files without a library: identity, every content feature, embeddings,
 * Chromaprint fingerprints and decoded audio. Nothing is stored. This is what the {@code selection}
 * command line's {@code id}, {@code features}, {@code embed}, {@code fingerprint}, {@code melspec}
 * and {@code decode} commands use.
 *
 * <pre>{@code
 * try (AudioAnalyzer analyzer = AudioAnalyzer.create()) {
 *   FileAnalysis a = analyzer.analyze(Path.of("track.flac"), CancellationToken.none());
 *   System.out.println(a.features().bpm() + " BPM, " + a.features().key());
 * }
 * }</pre>
 *
 * <p>Thread-safe: one analyzer may serve several threads. Every method that reads a file throws
 * {@link SelectionException} for that file only ({@code IO_ERROR}, {@code UNSUPPORTED_FORMAT},
 * {@code CORRUPT_AUDIO}, {@code RUNTIME_UNAVAILABLE} for a missing model, {@code CANCELLED}); the
 * analyzer stays usable. {@link #close()} frees the embedders' native handles.
 */
public interface AudioAnalyzer extends AutoCloseable {

  /** Creates an analyzer with the default configuration. */
  static AudioAnalyzer create() {
    return create(AnalysisConfig.defaults());
  }

  /**
   * Creates an analyzer through the highest-priority {@link EngineProvider} on the class or module
   * path.
   *
   * @throws SelectionException {@code RUNTIME_UNAVAILABLE} when no provider is found (add {@code
   *     selection-core})
   */
  static AudioAnalyzer create(AnalysisConfig config) {
    return NamedSpiLoader.load(EngineProvider.class)
        .best("add dev.selection:selection-core to the class path")
        .createAnalyzer(config);
  }

  /** Returns the configuration. */
  AnalysisConfig config();

  /**
   * Returns the embedding kinds this analyzer computes, preferred first (e.g. {@code
   * ["efficientat"]}); empty when embeddings are off or no model is available.
   */
  List<String> embeddingKinds();

  /**
   * Returns the names of the tag probabilities a kind's embeddings carry (e.g. the 527 AudioSet
   * classes), in order; empty for a kind that does not tag or is not available.
   */
  List<String> tagNames(String kind);

  /**
   * Returns the extractor version of every feature group and embedding kind as this analyzer
   * computes them now: what {@link SongFeatures#extractorVersions()} of a fresh {@link #analyze}
   * holds (an embedding kind is missing when its embedding could not be computed). Equal versions
   * mean equal features for the same file, so a caller can keep earlier results whose versions
   * match (the rule a library scan applies).
   */
  java.util.Map<String, String> extractorVersions();

  /** Decodes the file once and returns its identity, format and tags. */
  TrackInfo identify(Path file);

  /**
   * Decodes the file once and computes every feature: the content features, the fingerprint and the
   * embeddings of every kind of {@link #embeddingKinds()}.
   */
  FileAnalysis analyze(Path file, CancellationToken cancel);

  /**
   * Decodes the file once and computes one kind's embedding, with the file's identity.
   *
   * @throws SelectionException {@code RUNTIME_UNAVAILABLE} when no embedder of that kind is
   *     available
   */
  TrackEmbedding embed(Path file, String kind, CancellationToken cancel);

  /**
   * Returns the Chromaprint fingerprint of the file's first {@code maxSeconds} seconds, as {@code
   * fpcalc} computes it (mono, 11 025 Hz, the default "test2" algorithm).
   *
   * @param maxSeconds seconds of audio to fingerprint from the start; 0 for the whole file
   */
  Fingerprint fingerprint(Path file, double maxSeconds);

  /**
   * Decodes the whole file, mixed to mono and resampled with the SDK's band-limited resampler.
   * Holds the whole track in memory: for diagnostics and single-file tools.
   */
  MonoAudio decodeMono(Path file, int sampleRateHz);

  /**
   * Opens the file with the decoder the analyzer chooses (by content), at its native rate and
   * channel count; the caller closes the stream.
   */
  AudioStream open(Path file);

  /** Frees native handles. Idempotent; any call after it throws {@link IllegalStateException}. */
  @Override
  void close();
}
