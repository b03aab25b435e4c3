package dev.selection.core;

import dev.selection.api.AnalysisConfig;
import dev.selection.api.AudioAnalyzer;
import dev.selection.api.CancellationToken;
import dev.selection.api.FileAnalysis;
import dev.selection.api.Fingerprint;
import dev.selection.api.MonoAudio;
import dev.selection.api.TrackEmbedding;
import dev.selection.api.TrackInfo;
import dev.selection.api.spi.AudioStream;
import dev.selection.api.spi.Embedder;
import dev.selection.core.internal.audio.DecodeSession;
import dev.selection.core.internal.audio.DecoderRegistry;
import dev.selection.core.internal.audio.MonoMixSink;
import dev.selection.core.internal.audio.TrackIdentifier;
import dev.selection.core.internal.audio.TrackIdentity;
import dev.selection.core.internal.chromaprint.ChromaprintFingerprint;
import dev.selection.core.internal.chromaprint.ChromaprintFingerprinter;
import dev.selection.core.internal.dsp.resample.Resampler;
import dev.selection.core.internal.extract.EmbedderSet;
import dev.selection.core.internal.extract.TrackAnalyzer;
import dev.selection.core.internal.pipeline.CollectingSink;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/** The local {@link AudioAnalyzer}: the engine's decoders, analysers and embedders, no stores. */
final class LocalAudioAnalyzer implements AudioAnalyzer {
  private final AnalysisConfig config;
  private final DecoderRegistry decoders;
  private final TrackIdentifier identifier;
  private final EmbedderSet embedders;
  // TrackAnalyzer keeps scratch buffers (tonal, timbre): one per thread, as a scan has one per
  // worker, so that this analyzer is thread-safe as documented (a Spark executor runs several
  // tasks on one).
  private final ThreadLocal<TrackAnalyzer> analyzers;
  private final AtomicBoolean closed = new AtomicBoolean();

  LocalAudioAnalyzer(AnalysisConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.decoders = DecoderRegistry.discover(config);
    this.identifier = new TrackIdentifier(decoders, Clock.systemUTC());
    this.embedders = EmbedderSet.discover(config);
    this.analyzers =
        ThreadLocal.withInitial(() -> TrackAnalyzer.of(identifier, config, embedders.all()));
  }

  /** Converts the pipeline's identity to the public record. */
  static TrackInfo info(TrackIdentity id) {
    return new TrackInfo(
        id.path(),
        id.songId(),
        id.fileHash(),
        id.info(),
        id.durationSec(),
        id.bitrateKbps(),
        id.decoder(),
        id.tags().metadata());
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("AudioAnalyzer is closed");
    }
  }

  @Override
  public AnalysisConfig config() {
    return config;
  }

  @Override
  public List<String> embeddingKinds() {
    return embedders.kinds();
  }

  @Override
  public List<String> tagNames(String kind) {
    Objects.requireNonNull(kind, "kind");
    return embedders.ofKind(kind).map(Embedder::tagNames).orElse(List.of());
  }

  @Override
  public Map<String, String> extractorVersions() {
    return Map.copyOf(analyzers.get().currentVersions());
  }

  @Override
  public TrackInfo identify(Path file) {
    checkOpen();
    return info(identifier.identify(Objects.requireNonNull(file, "file")));
  }

  @Override
  public FileAnalysis analyze(Path file, CancellationToken cancel) {
    checkOpen();
    Objects.requireNonNull(file, "file");
    TrackAnalyzer analyzer = analyzers.get();
    TrackAnalyzer.Result r = analyzer.analyze(file, analyzer.everything(), token(cancel));
    List<Double> candidates = new ArrayList<>();
    if (r.tempo() != null) {
      r.tempo().candidates().forEach(c -> candidates.add(c.bpm()));
    }
    return new FileAnalysis(info(r.identity()), r.features(), candidates);
  }

  @Override
  public TrackEmbedding embed(Path file, String kind, CancellationToken cancel) {
    checkOpen();
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(kind, "kind");
    TrackAnalyzer.Embedded e =
        analyzers.get().embedWithIdentity(file, kind, config.embeddingBudget(), token(cancel));
    return new TrackEmbedding(info(e.identity()), e.embedding());
  }

  @Override
  public Fingerprint fingerprint(Path file, double maxSeconds) {
    checkOpen();
    Objects.requireNonNull(file, "file");
    if (!(maxSeconds >= 0) || Double.isInfinite(maxSeconds)) {
      throw new IllegalArgumentException("maxSeconds must be finite and >= 0: " + maxSeconds);
    }
    ChromaprintFingerprinter fingerprinter = new ChromaprintFingerprinter(maxSeconds);
    try (AudioStream stream = decoders.open(file)) {
      // Mono mix-down, then our band-limited resampler to 11 025 Hz (a no-op at that rate), the
      // FAST filter a library scan uses too, so this fingerprint equals the stored one.
      DecodeSession.run(
          stream,
          List.of(
              new MonoMixSink(
                  List.of(
                      new Resampler(
                          ChromaprintFingerprinter.SAMPLE_RATE_HZ,
                          fingerprinter,
                          Resampler.Quality.FAST)))),
          CancellationToken.none());
    }
    ChromaprintFingerprint f = fingerprinter.result();
    return new Fingerprint(f.codes(), f.encoded(), f.durationSec());
  }

  @Override
  public MonoAudio decodeMono(Path file, int sampleRateHz) {
    checkOpen();
    Objects.requireNonNull(file, "file");
    if (sampleRateHz < 1) {
      throw new IllegalArgumentException("sampleRateHz must be >= 1: " + sampleRateHz);
    }
    CollectingSink collector = new CollectingSink();
    TrackIdentity id =
        identifier.identify(
            file,
            List.of(new MonoMixSink(List.of(new Resampler(sampleRateHz, collector)))),
            CancellationToken.none());
    return new MonoAudio(collector.result(), sampleRateHz, id.songId());
  }

  @Override
  public AudioStream open(Path file) {
    checkOpen();
    return decoders.open(Objects.requireNonNull(file, "file"));
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      embedders.close();
    }
  }

  private static CancellationToken token(CancellationToken cancel) {
    return cancel == null ? CancellationToken.none() : cancel;
  }
}
