package dev.selection.core.internal.extract;

import dev.selection.api.AnalysisConfig;
import dev.selection.api.CancellationToken;
import dev.selection.api.Embedding;
import dev.selection.api.EmbeddingBudget;
import dev.selection.api.ErrorCode;
import dev.selection.api.SegmentPolicy;
import dev.selection.api.SelectionException;
import dev.selection.api.SongFeatures;
import dev.selection.api.spi.AudioExcerpt;
import dev.selection.api.spi.Embedder;
import dev.selection.core.internal.audio.MonoMixSink;
import dev.selection.core.internal.audio.TrackIdentifier;
import dev.selection.core.internal.audio.TrackIdentity;
import dev.selection.core.internal.chromaprint.ChromaprintFingerprint;
import dev.selection.core.internal.chromaprint.ChromaprintFingerprinter;
import dev.selection.core.internal.chromaprint.ChromaprintSimilarity;
import dev.selection.core.internal.dsp.loudness.R128Loudness;
import dev.selection.core.internal.dsp.loudness.SegmentRms;
import dev.selection.core.internal.dsp.resample.Resampler;
import dev.selection.core.internal.dsp.segment.SegmentCollector;
import dev.selection.core.internal.dsp.tempo.OnsetEnvelopeSink;
import dev.selection.core.internal.dsp.tempo.Rhythm;
import dev.selection.core.internal.dsp.tempo.TempoEstimate;
import dev.selection.core.internal.dsp.tempo.TempoEstimator;
import dev.selection.core.internal.dsp.timbre.TimbreExtractor;
import dev.selection.core.internal.dsp.tonal.TonalAnalyzer;
import dev.selection.core.internal.dsp.tonal.TonalFeatures;
import dev.selection.core.internal.pipeline.HeadSink;
import dev.selection.core.internal.pipeline.PcmSink;
import dev.selection.core.internal.pipeline.WindowSampler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Analyses one track with one decode: the decoded stream feeds the PCM hash, the loudness meter,
 * the shared segment collector, the Chromaprint fingerprinter and, for embedders that analyse the
 * whole track, a {@link WindowSampler} as sinks; the retained excerpts then feed tempo, tonal,
 * timbre and the embedders (each of its own kind: the built-in EfficientAT, OpenL3 when a model is
 * present, a host's own). Only the requested feature groups and embedding kinds are computed. Not
 * thread-safe: one instance per worker thread.
 */
public final class TrackAnalyzer {
  private static final Logger LOG = LoggerFactory.getLogger(TrackAnalyzer.class);

  /** Rate of the excerpts for tonal and timbre analysis. */
  static final int TONAL_RATE_HZ = TonalAnalyzer.SAMPLE_RATE_HZ;

  /** The feature groups, each stored with its own extractor version. */
  public enum Group {
    /** Duration, bitrate and tags (always computed when decoding). */
    FORMAT("format-v1"),
    /** RMS mean over the segments. */
    RMS("rms-v1"),
    /** EBU R128 integrated loudness of the whole track. */
    LOUDNESS("r128-v1"),
    /** BPM, confidence, beat grid (from the whole track's onset envelope). */
    TEMPO("tempo-v3"),
    /** HPCP, key, key strength. */
    TONAL("tonal-v1"),
    /** The timbre descriptor. */
    TIMBRE(TimbreExtractor.VERSION),
    /** Chromaprint fingerprint and SimHash. */
    CHROMAPRINT("chromaprint-1.5-v2");

    private final String version;

    Group(String version) {
      this.version = version;
    }

    /** Returns the key under which this group's version is stored. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * What to compute for one track: feature groups and embedding kinds.
   *
   * @param groups the feature groups
   * @param kinds the embedding kinds (of this analyzer's embedders)
   */
  public record Work(Set<Group> groups, Set<String> kinds) {
    /** Copies the sets. */
    public Work {
      groups = groups.isEmpty() ? EnumSet.noneOf(Group.class) : EnumSet.copyOf(groups);
      kinds = Set.copyOf(kinds);
    }

    /** Returns true when there is nothing to compute. */
    public boolean isEmpty() {
      return groups.isEmpty() && kinds.isEmpty();
    }

    /** Returns this work without embeddings. */
    public Work withoutEmbeddings() {
      return new Work(groups, Set.of());
    }
  }

  private final TrackIdentifier identifier;
  private final SegmentPolicy policy;
  private final Map<String, Embedder> embedders;
  private final EmbeddingBudget budget;
  private final TempoEstimator tempo;
  private final TonalAnalyzer tonal = new TonalAnalyzer();
  private final TimbreExtractor timbre = new TimbreExtractor();

  /**
   * Creates an analyzer.
   *
   * @param identifier decodes and hashes
   * @param policy the shared segment strategy
   * @param embedders the embedders, one per kind (may be empty)
   * @param budget the segment-policy embedders' budget
   */
  public TrackAnalyzer(
      TrackIdentifier identifier,
      SegmentPolicy policy,
      List<Embedder> embedders,
      EmbeddingBudget budget) {
    this(identifier, policy, embedders, budget, new TempoEstimator());
  }

  /**
   * Creates an analyzer with a tempo estimator of its own (e.g. another BPM range).
   *
   * @param tempo the BPM estimator
   */
  public TrackAnalyzer(
      TrackIdentifier identifier,
      SegmentPolicy policy,
      List<Embedder> embedders,
      EmbeddingBudget budget,
      TempoEstimator tempo) {
    this.identifier = identifier;
    this.policy = policy;
    Map<String, Embedder> byKind = new java.util.LinkedHashMap<>();
    for (Embedder e : embedders) {
      if (byKind.putIfAbsent(e.kind(), e) != null) {
        throw new IllegalArgumentException("Two embedders of kind " + e.kind());
      }
    }
    this.embedders = java.util.Collections.unmodifiableMap(byKind);
    this.budget = budget;
    this.tempo = tempo;
  }

  /**
   * Creates an analyzer with the settings of {@code config} (segment policy, embedding budget, BPM
   * range).
   *
   * @param embedders the embedders, one per kind (may be empty)
   */
  public static TrackAnalyzer of(
      TrackIdentifier identifier, AnalysisConfig config, List<Embedder> embedders) {
    return new TrackAnalyzer(
        identifier,
        config.segmentPolicy(),
        embedders,
        config.embeddingBudget(),
        new TempoEstimator(config.minBpm(), config.maxBpm()));
  }

  /** Returns everything this analyzer computes: every group and every embedder's kind. */
  public Work everything() {
    return new Work(EnumSet.allOf(Group.class), embedders.keySet());
  }

  /**
   * Returns the version every group would be stored with now: segment-based groups include the
   * segment policy, so changing it recomputes them.
   */
  public Map<String, String> currentVersions() {
    Map<String, String> v = new TreeMap<>();
    String seg =
        String.format(
            Locale.ROOT,
            "seg(%s,%s,%d,%s,%s)",
            policy.windowSec(),
            policy.hopSec(),
            policy.segments(),
            policy.edgeGuardSec(),
            policy.minGapFactor());
    for (Embedder e : embedders.values()) {
      v.put(e.kind(), e.version(budget));
    }
    for (Group g : Group.values()) {
      switch (g) {
        // The tempo reads the whole track since tempo-v2: the segment policy no longer matters.
        case TEMPO ->
            v.put(
                g.key(),
                String.format(
                    Locale.ROOT, "%s/bpm(%s,%s)", g.version, tempo.minBpm(), tempo.maxBpm()));
        case RMS, TONAL, TIMBRE -> v.put(g.key(), g.version + "/" + seg);
        default -> v.put(g.key(), g.version);
      }
    }
    return v;
  }

  /** Returns the groups and embedding kinds whose stored version differs from the current one. */
  public Work stale(SongFeatures stored) {
    Map<String, String> now = currentVersions();
    Set<Group> stale = EnumSet.noneOf(Group.class);
    for (Group g : Group.values()) {
      String want = now.get(g.key());
      if (want != null
          && (stored == null || !want.equals(stored.extractorVersions().get(g.key())))) {
        stale.add(g);
      }
    }
    Set<String> kinds = new java.util.TreeSet<>();
    for (String kind : embedders.keySet()) {
      if (stored == null || !now.get(kind).equals(stored.extractorVersions().get(kind))) {
        kinds.add(kind);
      }
    }
    return new Work(stale, kinds);
  }

  /**
   * Returns the part of {@code features} whose feature groups and embedding kinds carry the version
   * this analyzer computes now ({@link #currentVersions()}), with only those versions; the rest is
   * left out (null: a partial upsert keeps what is stored). Returns null when no group is current.
   * This is how analyses made elsewhere are imported with the rules of a scan.
   */
  public SongFeatures keepCurrent(SongFeatures features) {
    Map<String, String> now = currentVersions();
    Map<String, String> given = features.extractorVersions();
    SongFeatures.Builder b = SongFeatures.builder(features.songId()).fileHash(features.fileHash());
    boolean any = false;
    for (Group g : Group.values()) {
      String v = now.get(g.key());
      if (v == null || !v.equals(given.get(g.key()))) {
        continue;
      }
      any = true;
      b.extractorVersion(g.key(), v);
      switch (g) {
        case FORMAT ->
            b.durationSec(features.durationSec())
                .bitrateKbps(features.bitrateKbps())
                .metadata(features.metadata());
        case RMS -> b.rmsMean(features.rmsMean());
        case LOUDNESS -> b.loudnessLufs(features.loudnessLufs());
        case TEMPO ->
            b.bpm(features.bpm())
                .bpmConfidence(features.bpmConfidence())
                .beatGrid(features.beatGrid());
        case TONAL ->
            b.hpcp(features.hpcp()).key(features.key()).keyStrength(features.keyStrength());
        case TIMBRE -> b.timbre(features.timbre());
        case CHROMAPRINT ->
            b.chromaprintFingerprint(features.chromaprintFingerprint())
                .chromaprintSimhash(features.chromaprintSimhash());
      }
    }
    for (String kind : embedders.keySet()) {
      String v = now.get(kind);
      if (v != null && v.equals(given.get(kind))) {
        any = true;
        b.extractorVersion(kind, v);
        features.embedding(kind).ifPresent(e -> b.embedding(kind, e));
      }
    }
    return any ? b.build() : null;
  }

  /**
   * The outcome of one analysis.
   *
   * @param identity what decoding and hashing found
   * @param features the features to store (only the requested groups are set)
   * @param audioSeconds seconds of audio decoded
   * @param tempo the tempo estimate with its alternatives, or null
   * @param tonal HPCP and key details, or null
   */
  public record Result(
      TrackIdentity identity,
      SongFeatures features,
      double audioSeconds,
      TempoEstimate tempo,
      TonalFeatures tonal) {}

  /**
   * Decodes {@code file} once and computes the requested groups.
   *
   * @throws SelectionException for an unreadable or undecodable file, or {@code CANCELLED}
   */
  public Result analyze(Path file, Work work, CancellationToken cancel) {
    Set<Group> groups = work.groups();
    List<Embedder> wanted = new ArrayList<>();
    for (String kind : work.kinds()) {
      Embedder e = embedders.get(kind);
      if (e == null) {
        throw new IllegalArgumentException("No embedder of kind " + kind);
      }
      wanted.add(e);
    }
    R128Loudness r128 = groups.contains(Group.LOUDNESS) ? new R128Loudness() : null;
    boolean needSegments =
        groups.contains(Group.RMS)
            || groups.contains(Group.TONAL)
            || groups.contains(Group.TIMBRE)
            || wanted.stream().anyMatch(e -> e.trackWindows() == null);
    SegmentCollector segments = needSegments ? new SegmentCollector(policy) : null;
    Map<String, WindowSampler> windowed = new java.util.LinkedHashMap<>();
    for (Embedder e : wanted) {
      if (e.trackWindows() != null) {
        windowed.put(e.kind(), new WindowSampler(e.trackWindows(), e.sampleRateHz()));
      }
    }
    ChromaprintFingerprinter chromaprint =
        groups.contains(Group.CHROMAPRINT) ? new ChromaprintFingerprinter() : null;

    OnsetEnvelopeSink onsets = groups.contains(Group.TEMPO) ? new OnsetEnvelopeSink() : null;
    List<PcmSink> monoSinks = new ArrayList<>();
    if (segments != null) {
      monoSinks.add(segments);
    }
    monoSinks.addAll(windowed.values());
    if (onsets != null) {
      // Tempo and beats read the whole track at the native rate (the sink decimates by itself).
      monoSinks.add(onsets);
    }
    if (chromaprint != null) {
      // Chromaprint reads only the first 120 s and only 28–3520 Hz: feed it just that head of the
      // track through the cheaper filter (the full-track, high-quality resampling was half the cost
      // of a scan; see docs/crash.md).
      monoSinks.add(
          new HeadSink(
              ChromaprintFingerprinter.DEFAULT_MAX_LENGTH_SEC + 1,
              new Resampler(
                  ChromaprintFingerprinter.SAMPLE_RATE_HZ, chromaprint, Resampler.Quality.FAST)));
    }
    List<PcmSink> sinks = new ArrayList<>();
    if (r128 != null) {
      sinks.add(r128);
    }
    if (!monoSinks.isEmpty()) {
      sinks.add(new MonoMixSink(monoSinks));
    }
    TrackIdentity id = identifier.identify(file, sinks, cancel);

    Map<String, String> versions = currentVersions();
    SongFeatures.Builder b =
        SongFeatures.builder(id.songId())
            .fileHash(id.fileHash())
            .durationSec(finite(id.durationSec()))
            .bitrateKbps(positive(id.bitrateKbps()))
            .metadata(id.tags().metadata())
            .extractorVersion(Group.FORMAT.key(), versions.get(Group.FORMAT.key()));

    List<AudioExcerpt> all = segments == null ? List.of() : segments.excerpts();
    if (groups.contains(Group.RMS)) {
      b.rmsMean(SegmentRms.rmsMean(all)).extractorVersion(Group.RMS.key(), versions.get("rms"));
    }
    // Excerpts without an audible alternating part (silence, DC) carry no tempo, key or timbre;
    // analysing them would only measure the resampler's edge transient.
    List<AudioExcerpt> excerpts = audible(all);
    if (r128 != null) {
      b.loudnessLufs(r128.integratedLufs())
          .extractorVersion(Group.LOUDNESS.key(), versions.get("loudness"));
    }
    cancel.throwIfCancelled();
    TempoEstimate t = null;
    TonalFeatures tf = null;
    if (groups.contains(Group.TEMPO)) {
      Rhythm rhythm = tempo.analyze(onsets.envelope());
      t = rhythm == null ? null : rhythm.tempo();
      if (t != null) {
        b.bpm(t.bpm()).bpmConfidence(t.confidence()).beatGrid(rhythm.grid());
      } else if (id.tags().bpm() != null) {
        b.bpm(id.tags().bpm());
      }
      b.extractorVersion(Group.TEMPO.key(), versions.get("tempo"));
    }
    List<AudioExcerpt> tonalExcerpts = null;
    if (groups.contains(Group.TONAL)) {
      tonalExcerpts = resampled(excerpts, TONAL_RATE_HZ);
      tf = tonal.analyze(tonalExcerpts);
      if (tf != null) {
        b.hpcp(tf.hpcp36()).key(tf.keyName()).keyStrength(tf.keyStrength());
      }
      b.extractorVersion(Group.TONAL.key(), versions.get("tonal"));
    }
    if (groups.contains(Group.TIMBRE)) {
      if (tonalExcerpts == null) {
        tonalExcerpts = resampled(excerpts, TONAL_RATE_HZ);
      }
      timbre.extract(tonalExcerpts).ifPresent(b::timbre);
      b.extractorVersion(Group.TIMBRE.key(), versions.get("timbre"));
    }
    if (chromaprint != null) {
      ChromaprintFingerprint fp = chromaprint.result();
      if (fp != null && !fp.isEmpty()) {
        b.chromaprintFingerprint(fp.encoded())
            .chromaprintSimhash(ChromaprintSimilarity.simhash64(fp.codes()));
      }
      b.extractorVersion(Group.CHROMAPRINT.key(), versions.get("chromaprint"));
    }
    for (Embedder e : wanted) {
      cancel.throwIfCancelled();
      WindowSampler sampler = windowed.get(e.kind());
      List<AudioExcerpt> audio =
          sampler != null ? sampler.excerpts() : resampled(excerpts, e.sampleRateHz());
      if (audio.isEmpty()) {
        b.extractorVersion(e.kind(), versions.get(e.kind()));
        continue;
      }
      try {
        Embedding emb = e.embed(audio, budget, cancel);
        b.embedding(e.kind(), emb).extractorVersion(e.kind(), versions.get(e.kind()));
      } catch (SelectionException ex) {
        if (ex.code() == ErrorCode.CANCELLED) {
          throw ex;
        }
        if (ex.code() == ErrorCode.CORRUPT_AUDIO) {
          // Silent or too short for this embedder: no vector, and nothing to retry.
          b.extractorVersion(e.kind(), versions.get(e.kind()));
        } else {
          // The embedding is optional: everything else of this track is still stored; a model
          // problem is retried on the next scan (no version is recorded).
          LOG.warn("No {} embedding for {}: {}", e.kind(), file, ex.getMessage());
        }
      }
    }
    return new Result(id, b.build(), id.durationSec(), t, tf);
  }

  /**
   * Decodes {@code file} once and returns its embedding of one kind, under {@code budget} for a
   * segment-policy embedder.
   *
   * @throws SelectionException {@code RUNTIME_UNAVAILABLE} without an embedder of that kind, or the
   *     embedder's and decoder's errors
   */
  public Embedding embed(Path file, String kind, EmbeddingBudget budget, CancellationToken cancel) {
    return embedWithIdentity(file, kind, budget, cancel).embedding();
  }

  /**
   * A file's identity and embedding from one decode.
   *
   * @param identity what decoding and hashing found
   * @param embedding the embedding
   */
  public record Embedded(TrackIdentity identity, Embedding embedding) {}

  /** As {@link #embed}, also returning the file's identity (songId) from the same decode. */
  public Embedded embedWithIdentity(
      Path file, String kind, EmbeddingBudget budget, CancellationToken cancel) {
    Embedder embedder = embedders.get(kind);
    if (embedder == null) {
      throw new SelectionException(
          ErrorCode.RUNTIME_UNAVAILABLE,
          SongFeatures.OPENL3.equals(kind)
              ? "No OpenL3 model: put manifest.json and the model under <library>/resources/ai/openl3"
                  + " or give the engine an openL3ModelDir"
              : "No " + kind + " embedder (for the built-in one add selection-model-efficientat)");
    }
    if (embedder.trackWindows() != null) {
      WindowSampler sampler = new WindowSampler(embedder.trackWindows(), embedder.sampleRateHz());
      TrackIdentity id =
          identifier.identify(file, List.of(new MonoMixSink(List.of(sampler))), cancel);
      return new Embedded(id, embedder.embed(sampler.excerpts(), budget, cancel));
    }
    SegmentCollector segments = new SegmentCollector(policy);
    TrackIdentity id =
        identifier.identify(file, List.of(new MonoMixSink(List.of(segments))), cancel);
    return new Embedded(
        id,
        embedder.embed(resampled(segments.excerpts(), embedder.sampleRateHz()), budget, cancel));
  }

  /** Returns the embedders by kind. */
  public Map<String, Embedder> embedders() {
    return embedders;
  }

  /** AC RMS below which an excerpt counts as silent: -80 dBFS. */
  private static final double MIN_AC_RMS = 1e-4;

  private static List<AudioExcerpt> audible(List<AudioExcerpt> excerpts) {
    List<AudioExcerpt> out = new ArrayList<>(excerpts.size());
    for (AudioExcerpt e : excerpts) {
      float[] x = e.samples();
      double sum = 0;
      double sumSq = 0;
      for (float v : x) {
        sum += v;
        sumSq += (double) v * v;
      }
      double n = Math.max(1, x.length);
      double mean = sum / n;
      double acPower = sumSq / n - mean * mean;
      if (acPower > MIN_AC_RMS * MIN_AC_RMS) {
        out.add(e);
      }
    }
    return out;
  }

  private static List<AudioExcerpt> resampled(List<AudioExcerpt> excerpts, int rateHz) {
    List<AudioExcerpt> out = new ArrayList<>(excerpts.size());
    for (AudioExcerpt e : excerpts) {
      out.add(
          e.sampleRateHz() == rateHz
              ? e
              : new AudioExcerpt(
                  Resampler.resample(e.samples(), e.sampleRateHz(), rateHz), rateHz, e.startSec()));
    }
    return out;
  }

  private static Double finite(double v) {
    return Double.isFinite(v) && v >= 0 ? v : null;
  }

  private static Double positive(double v) {
    return Double.isFinite(v) && v > 0 ? v : null;
  }
}
