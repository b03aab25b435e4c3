package dev.selection.api;

import dev.selection.api.spi.AudioDecoder;
import dev.selection.api.spi.Embedder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How audio files are analysed: decoders, embedders and the analysers' settings. Used by an {@link
 * AudioAnalyzer} on its own and, inside {@link EngineConfig}, by an engine.
 *
 * <p>Immutable. Create one with {@link #builder()}; {@link #defaults()} holds every default.
 * Decoders and embedders given here belong to the host: the SDK never closes them.
 */
public final class AnalysisConfig {
  /** Default lowest tempo the BPM estimator reports. */
  public static final double DEFAULT_MIN_BPM = 60;

  /** Default highest tempo the BPM estimator reports (exclusive). */
  public static final double DEFAULT_MAX_BPM = 200;

  /** Lowest value {@link Builder#bpmRange} accepts for its minimum. */
  public static final double LOWEST_MIN_BPM = 30;

  /** Highest value {@link Builder#bpmRange} accepts for its maximum. */
  public static final double HIGHEST_MAX_BPM = 360;

  /** Most threads used by default: two, or one on a one-core machine (SPEC: 1–2). */
  public static final int DEFAULT_THREAD_BUDGET =
      Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));

  private static final AnalysisConfig DEFAULTS = builder().build();

  private final List<AudioDecoder> decoders;
  private final Path ffmpegPath;
  private final List<Embedder> embedders;
  private final boolean embeddings;
  private final Path openL3ModelDir;
  private final Path efficientAtModelDir;
  private final SegmentPolicy segmentPolicy;
  private final EmbeddingBudget embeddingBudget;
  private final double minBpm;
  private final double maxBpm;
  private final int threadBudget;

  private AnalysisConfig(Builder b) {
    this.decoders = List.copyOf(b.decoders);
    this.ffmpegPath = b.ffmpegPath;
    this.embedders = List.copyOf(b.embedders);
    this.embeddings = b.embeddings;
    this.openL3ModelDir = b.openL3ModelDir;
    this.efficientAtModelDir = b.efficientAtModelDir;
    this.segmentPolicy = b.segmentPolicy;
    this.embeddingBudget = b.embeddingBudget;
    this.minBpm = b.minBpm;
    this.maxBpm = b.maxBpm;
    this.threadBudget = b.threadBudget;
  }

  /** Returns a new builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the configuration with every default. */
  public static AnalysisConfig defaults() {
    return DEFAULTS;
  }

  /** Returns the host's decoders, tried before discovered ones, in this order. */
  public List<AudioDecoder> decoders() {
    return decoders;
  }

  /** Returns the ffmpeg executable for formats the pure-Java decoders lack, if set. */
  public Optional<Path> ffmpegPath() {
    return Optional.ofNullable(ffmpegPath);
  }

  /** Returns the host's embedders, one per kind; discovered ones add the kinds these lack. */
  public List<Embedder> embedders() {
    return embedders;
  }

  /** Returns whether embeddings are computed at all (false: none, whatever is available). */
  public boolean embeddings() {
    return embeddings;
  }

  /** Returns the folder holding the OpenL3 {@code manifest.json} and model, if set. */
  public Optional<Path> openL3ModelDir() {
    return Optional.ofNullable(openL3ModelDir);
  }

  /** Returns the folder whose model replaces the bundled EfficientAT model, if set. */
  public Optional<Path> efficientAtModelDir() {
    return Optional.ofNullable(efficientAtModelDir);
  }

  /** Returns the shared excerpt strategy. */
  public SegmentPolicy segmentPolicy() {
    return segmentPolicy;
  }

  /** Returns the OpenL3 cost budget. */
  public EmbeddingBudget embeddingBudget() {
    return embeddingBudget;
  }

  /** Returns the lowest tempo the BPM estimator reports. */
  public double minBpm() {
    return minBpm;
  }

  /** Returns the highest tempo the BPM estimator reports (exclusive). */
  public double maxBpm() {
    return maxBpm;
  }

  /** Returns the most CPU threads used at once, across all work. */
  public int threadBudget() {
    return threadBudget;
  }

  /**
   * Returns a copy whose OpenL3 model folder is {@code dir} unless one is set (an engine uses this
   * to put the default folder under its library root).
   */
  public AnalysisConfig withDefaultOpenL3ModelDir(Path dir) {
    if (openL3ModelDir != null) {
      return this;
    }
    Builder b = toBuilder();
    b.openL3ModelDir = Objects.requireNonNull(dir, "dir");
    return new AnalysisConfig(b);
  }

  private Builder toBuilder() {
    Builder b = new Builder();
    b.decoders.addAll(decoders);
    b.ffmpegPath = ffmpegPath;
    b.embedders.addAll(embedders);
    b.embeddings = embeddings;
    b.openL3ModelDir = openL3ModelDir;
    b.efficientAtModelDir = efficientAtModelDir;
    b.segmentPolicy = segmentPolicy;
    b.embeddingBudget = embeddingBudget;
    b.minBpm = minBpm;
    b.maxBpm = maxBpm;
    b.threadBudget = threadBudget;
    return b;
  }

  @Override
  public String toString() {
    List<String> kinds = new ArrayList<>();
    embedders.forEach(e -> kinds.add(e.kind()));
    return "AnalysisConfig[decoders="
        + decoders.size()
        + ", ffmpeg="
        + ffmpegPath
        + ", embedders="
        + kinds
        + ", embeddings="
        + embeddings
        + ", openL3="
        + openL3ModelDir
        + ", efficientAt="
        + efficientAtModelDir
        + ", bpm="
        + minBpm
        + ".."
        + maxBpm
        + ", threads="
        + threadBudget
        + "]";
  }

  /**
   * Builds an {@link AnalysisConfig}. Not thread-safe. Each setter validates its value at once and
   * refuses to be called twice, so a configuration mistake shows where it is made.
   */
  public static final class Builder {
    private final Set<String> set = new HashSet<>();
    private final List<AudioDecoder> decoders = new ArrayList<>();
    private Path ffmpegPath;
    private final List<Embedder> embedders = new ArrayList<>();
    private boolean embeddings = true;
    private Path openL3ModelDir;
    private Path efficientAtModelDir;
    private SegmentPolicy segmentPolicy = SegmentPolicy.DEFAULT;
    private EmbeddingBudget embeddingBudget = EmbeddingBudget.DEFAULT;
    private double minBpm = DEFAULT_MIN_BPM;
    private double maxBpm = DEFAULT_MAX_BPM;
    private int threadBudget = DEFAULT_THREAD_BUDGET;

    private Builder() {}

    private void once(String name) {
      if (!set.add(name)) {
        throw new IllegalStateException(name + " was already set");
      }
    }

    /** Adds decoders tried before discovered ones, in the given order. */
    public Builder decoders(AudioDecoder... decoders) {
      once("decoders");
      for (AudioDecoder d : decoders) {
        this.decoders.add(Objects.requireNonNull(d, "decoder"));
      }
      return this;
    }

    /** Sets the ffmpeg executable used for formats the pure-Java decoders do not read. */
    public Builder ffmpegPath(Path ffmpeg) {
      once("ffmpegPath");
      this.ffmpegPath = Objects.requireNonNull(ffmpeg, "ffmpeg");
      return this;
    }

    /**
     * Adds an embedder of the host's; call once per kind ({@link Embedder#kind()}). Embedders of
     * the {@link dev.selection.api.spi.EmbedderProvider}s on the class or module path (the built-in
     * EfficientAT model when {@code selection-model-efficientat} is present, OpenL3 when its model
     * is) add the kinds the host's lack.
     *
     * @throws IllegalStateException if an embedder of the same kind was added
     */
    public Builder embedder(Embedder embedder) {
      Objects.requireNonNull(embedder, "embedder");
      for (Embedder e : embedders) {
        if (e.kind().equals(embedder.kind())) {
          throw new IllegalStateException(
              "an embedder of kind " + embedder.kind() + " was already set");
        }
      }
      embedders.add(embedder);
      return this;
    }

    /**
     * Turns embeddings on (the default) or off. Off, no embedder runs, whatever is available: a
     * scan is faster and the ranker uses the other features only.
     */
    public Builder embeddings(boolean enabled) {
      once("embeddings");
      this.embeddings = enabled;
      return this;
    }

    /** Sets the folder holding the OpenL3 {@code manifest.json} and model. */
    public Builder openL3ModelDir(Path dir) {
      once("openL3ModelDir");
      this.openL3ModelDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /**
     * Sets a folder whose {@code manifest.json} and model replace the bundled EfficientAT model (a
     * missing or mismatched model there is reported, never silently replaced by the bundled one).
     */
    public Builder efficientAtModelDir(Path dir) {
      once("efficientAtModelDir");
      this.efficientAtModelDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** Sets the shared excerpt strategy (default {@link SegmentPolicy#DEFAULT}). */
    public Builder segmentPolicy(SegmentPolicy policy) {
      once("segmentPolicy");
      this.segmentPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Sets the OpenL3 budget (default {@link EmbeddingBudget#DEFAULT}). */
    public Builder embeddingBudget(EmbeddingBudget budget) {
      once("embeddingBudget");
      this.embeddingBudget = Objects.requireNonNull(budget, "budget");
      return this;
    }

    /**
     * Sets the tempo range the BPM estimator reports (default {@value #DEFAULT_MIN_BPM}–{@value
     * #DEFAULT_MAX_BPM} BPM, which holds the felt tempo of nearly all music with a beat): a tempo
     * outside it is reported in the octave that falls inside (½×, 2×, never 2:3). A DJ who wants,
     * say, every track between 78 and 180 BPM sets that range here.
     *
     * @throws IllegalArgumentException unless {@code 30 <= minBpm} and {@code 2 * minBpm <= maxBpm
     *     <= 360} (the range must hold a whole octave)
     */
    public Builder bpmRange(double minBpm, double maxBpm) {
      once("bpmRange");
      if (!(minBpm >= LOWEST_MIN_BPM) || !(maxBpm >= 2 * minBpm) || !(maxBpm <= HIGHEST_MAX_BPM)) {
        throw new IllegalArgumentException(
            "bpmRange needs 30 <= min and 2*min <= max <= 360: " + minBpm + ".." + maxBpm);
      }
      this.minBpm = minBpm;
      this.maxBpm = maxBpm;
      return this;
    }

    /** Sets the most CPU threads used at once (default {@link #DEFAULT_THREAD_BUDGET}). */
    public Builder threadBudget(int threads) {
      once("threadBudget");
      if (threads < 1) {
        throw new IllegalArgumentException("threadBudget must be >= 1: " + threads);
      }
      this.threadBudget = threads;
      return this;
    }

    /** Returns the configuration this builder holds. */
    public AnalysisConfig build() {
      return new AnalysisConfig(this);
    }
  }
}
