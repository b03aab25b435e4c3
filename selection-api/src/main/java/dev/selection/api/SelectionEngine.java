package dev.selection.api;

import dev.selection.api.spi.AudioDecoder;
import dev.selection.api.spi.Embedder;
import dev.selection.api.spi.EngineProvider;
import dev.selection.api.spi.FeatureStore;
import dev.selection.api.spi.LabelStore;
import dev.selection.api.spi.ModelStore;
import dev.selection.api.spi.NamedSpiLoader;
import dev.selection.api.spi.PathIndex;
import dev.selection.api.spi.PredictionCache;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The one entry point of the SDK: labels, feature extraction, training and prediction for one
 * library.
 *
 * <p>Create one per library root with {@link #builder(Path)}. All methods are thread-safe. Long
 * operations take a {@link ProgressListener} and a {@link CancellationToken} and never need the
 * host's UI thread; call them from a worker. {@link #close()} cancels running work and frees native
 * handles; any call after it throws {@link IllegalStateException}.
 *
 * <p>Song ids are the lowercase hex SHA-256 of a track's canonical PCM (see the README); the
 * file-path conveniences compute them through the persistent path index.
 */
public interface SelectionEngine extends AutoCloseable {

  /**
   * Starts building an engine for a library root.
   *
   * <p>The builder lives here, in the API module, so that a host programs against {@code
   * selection-api} alone and adds {@code selection-core} (and a store module) at run time: {@link
   * Builder#build()} finds the engine through {@link NamedSpiLoader} ({@link EngineProvider}), as
   * JDBC finds drivers. Values given to the builder always win over discovered ones.
   *
   * @param libraryRoot the folder of the host's library; everything the SDK stores goes under it
   */
  static Builder builder(Path libraryRoot) {
    return new Builder(libraryRoot);
  }

  // ---------------------------------------------------------------- labels

  /**
   * Sets one label on songs, in one transaction.
   *
   * @throws IllegalArgumentException for a null or malformed id or a null label (nothing is
   *     written)
   * @throws SelectionException {@code DB_ERROR}
   */
  LabelUpdate setSelectionLabels(Collection<String> songIds, Label label);

  /**
   * Sets one label on a large set of songs in chunks of 10,000, each chunk its own transaction,
   * with progress ({@code label} phase) and cancellation between chunks: a cancelled or crashed
   * call keeps the chunks already committed. Use {@link #setSelectionLabels(Collection, Label)} for
   * one all-or-nothing transaction.
   *
   * @throws IllegalArgumentException for a null or malformed id or a null label (nothing is
   *     written)
   * @throws SelectionException {@code DB_ERROR}
   */
  LabelUpdate setSelectionLabels(
      Collection<String> songIds, Label label, ProgressListener progress, CancellationToken cancel);

  /**
   * Sets one label on files, computing their song ids through the path index (decoding when
   * needed). A file that cannot be identified (missing, unreadable, not audio) is listed in {@link
   * LabelUpdate#fileFailures()} with its error; the others are labelled in one transaction.
   *
   * @throws SelectionException {@code DB_ERROR} (nothing is labelled)
   */
  LabelUpdate setLabelsForFilePaths(Collection<Path> files, Label label);

  /** Returns the liked and disliked ids and the sample change count. */
  LabelSnapshot getSelectionLabelSnapshot();

  /** Sets the sample change count to 0 and returns it. */
  long resetSelectionSampleChangeCount();

  /** Sets every label to neutral and the count to 0; returns how many labels were removed. */
  int resetSelectionLabels();

  /**
   * Tells the engine that a song's editable metadata was edited by the host. When it really
   * changed, the new metadata is stored and the song's cached scores are dropped; when the song is
   * a sample, one sample change is counted and retraining is scheduled. A song that was never
   * analysed (no stored features) is left alone: no row is created, so it is neither scored nor
   * counted as a training sample before its audio is analysed.
   *
   * @return true when the metadata really changed and was stored
   */
  boolean onMetadataChanged(String songId, SongMetadata before, SongMetadata after);

  /**
   * Resets all training data: every label to neutral, models and the prediction cache deleted,
   * model revision back to 0. Emits a {@code reset} auto-train event. Waits, as a training does,
   * while another process trains this library.
   *
   * @throws SelectionException {@code BUSY} when that training does not end within 10 minutes
   */
  void resetTrainingData();

  // ---------------------------------------------------------------- features

  /**
   * Inserts or updates features (null components leave stored values untouched).
   *
   * @return rows affected
   */
  int upsertSongFeatures(List<SongFeatures> items);

  /**
   * Imports analyses made outside this library — by {@link AudioAnalyzer#analyze} on other
   * machines, e.g. the {@code selection-spark} job — with the rules of a local scan ({@link
   * #extractFeatures}), so that a library filled this way ranks exactly like one scanned here:
   *
   * <ul>
   *   <li>Of each file's features, only the groups and embedding kinds whose extractor version is
   *       the one this engine computes now are stored (an older or newer version is left out and a
   *       later scan recomputes it; a file with none left counts as {@code outdated}); stored
   *       values of other groups are kept (a partial upsert).
   *   <li>A file whose path-index entry (path, size, mtime) already names its song and file hash,
   *       and whose stored features are current for every group it brings, is skipped.
   *   <li>Otherwise its features are stored, its path-index entry is written, a recorded failure of
   *       the path is cleared and the song's cached scores of other file hashes are dropped.
   *   <li>A failure is recorded as a scan records it: a scan does not retry the file until its size
   *       or modification time changes.
   * </ul>
   *
   * <p>A later scan of the same, unchanged files (same path, size and mtime) skips them without
   * decoding. Files are written in the order given; a path given twice ends with the later entry.
   *
   * @param files the analysed files (paths as this library sees them)
   * @return how many were imported, skipped, failed and outdated
   * @throws NullPointerException if {@code files} or an element is null (nothing is written)
   * @throws SelectionException {@code DB_ERROR} when a store fails (earlier batches are kept)
   */
  ImportReport importAnalyses(Collection<AnalyzedFile> files);

  /** Returns the stored features of one song. */
  java.util.Optional<SongFeatures> getSongFeatures(String songId);

  /**
   * Decodes files once each, hashes their PCM and extracts every feature, committing in batches.
   * Songs whose features are current for their file hash and extractor versions are skipped;
   * failures are recorded per file and not retried until the file changes.
   */
  ExtractionReport extractFeatures(
      Collection<Path> files,
      ExtractOptions options,
      ProgressListener progress,
      CancellationToken cancel);

  /** Same as {@link #extractFeatures} for songs known to the path index. */
  ExtractionReport extractFeaturesForSongs(
      Collection<String> songIds,
      ExtractOptions options,
      ProgressListener progress,
      CancellationToken cancel);

  /**
   * Computes the OpenL3 embedding of one file.
   *
   * @param maxSeconds most seconds of audio analysed, or null for the configured budget
   * @param maxWindows most windows, or null for the configured budget
   * @throws SelectionException {@code RUNTIME_UNAVAILABLE} when no model is available
   */
  Embedding extractOpenL3Embedding(Path file, Double maxSeconds, Integer maxWindows);

  /**
   * Decodes a file and returns its embedding of one kind, without storing anything: {@code
   * "efficientat"} (the built-in model), {@code "openl3"}, or a host embedder's kind.
   *
   * @throws SelectionException {@code RUNTIME_UNAVAILABLE} without an embedder of that kind, {@code
   *     CORRUPT_AUDIO} for silent or too short audio, and the decoder's errors
   */
  Embedding extractEmbedding(Path file, String kind);

  /**
   * Returns the embedding kinds this engine computes, best first (empty when embeddings are off).
   */
  List<String> embeddingKinds();

  /**
   * Returns the song id of a file: from the path index when path, size and mtime match, else by
   * decoding and hashing (and storing the answer).
   *
   * @throws SelectionException {@code IO_ERROR}, {@code UNSUPPORTED_FORMAT} or {@code
   *     CORRUPT_AUDIO}
   */
  String songIdFor(Path file);

  /**
   * Records a move that the host already made (the file is at {@code to}; the SDK never moves
   * files), so the path index keeps its song id without decoding. The entry of {@code from} moves
   * when it describes this very file (same size and modification time, as a move keeps them);
   * otherwise nothing changes, and the file at {@code to} is identified when next seen (by its
   * bytes, without decoding, when they are known).
   *
   * @return true if the entry of {@code from} was moved to {@code to}
   * @throws SelectionException {@code IO_ERROR} when no readable file is at {@code to} (nothing is
   *     changed)
   */
  boolean onFileMoved(Path from, Path to);

  /**
   * Forgets songs that left the library: their features, embeddings, cached scores and path index
   * entries are deleted. Their labels are kept (a song that comes back keeps its label) unless
   * {@code removeLabels}; removed labels count as sample changes. Ids the library does not know are
   * ignored.
   *
   * @param songIds the songs to forget
   * @param removeLabels whether their labels go too
   * @return how many of the songs had stored features
   * @throws IllegalArgumentException for a null or malformed id (nothing is deleted)
   * @throws SelectionException {@code DB_ERROR}
   */
  int forgetSongs(Collection<String> songIds, boolean removeLabels);

  /** Returns the ids of every song with stored features, sorted. */
  List<String> songIds();

  /**
   * Returns the summary (tags, BPM, key, duration) of every song with stored features, in song id
   * order, read without vectors: what a host's song list shows. The default reads each song's
   * features; the engine of {@code selection-core} reads the store's light columns only (about a
   * second for 50,000 songs on SQLite).
   *
   * @throws SelectionException {@code DB_ERROR}
   */
  default List<SongSummary> songSummaries() {
    List<SongSummary> out = new java.util.ArrayList<>();
    for (String id : songIds()) {
      getSongFeatures(id).map(SongSummary::of).ifPresent(out::add);
    }
    return out;
  }

  /** Returns the most recently seen path of a song, from the path index. */
  java.util.Optional<Path> pathOf(String songId);

  /** Returns the files whose extraction failed and that have not changed since. */
  List<ExtractionFailure> listFailures();

  // ---------------------------------------------------------------- training and prediction

  /**
   * Trains a new model from the given samples. An id both liked and disliked counts as liked.
   *
   * <p>One training runs at a time per library, across every engine and process that opens it (a
   * lock file, {@code models/selection/train.lock}, that the OS releases when its process dies). A
   * training that finds another one running waits for it, reporting the {@code prepare} phase with
   * the message "waiting for another training of this library to finish", and then saves the next
   * revision: two trainings never save the same revision. The wait ends with {@code cancelled} when
   * {@code cancel} is cancelled or the engine closes, and after 10 minutes with {@code failed} and
   * {@link ErrorCode#BUSY}.
   *
   * @return {@code trained}, {@code insufficient_samples}, {@code cancelled} or {@code failed}
   */
  TrainResult trainSelectionGbdt(
      Collection<String> positiveIds,
      Collection<String> negativeIds,
      ProgressListener progress,
      CancellationToken cancel);

  /**
   * Trains from the stored labels, read once this training holds the library's training lock (see
   * {@link #trainSelectionGbdt}); on success subtracts the sample changes it saw from the count.
   */
  TrainResult train(ProgressListener progress, CancellationToken cancel);

  /**
   * Scores candidates with the current model. Every candidate with features is scored; those
   * without are listed as unscored. Without a model the status is {@code not_trained} and there are
   * no scores.
   *
   * @param topK how many best items to return, or 0 for all
   */
  PredictResult predictSelectionCandidates(Collection<String> candidateIds, int topK);

  /** Same as {@link #predictSelectionCandidates} with progress and cancellation. */
  PredictResult predictSelectionCandidates(
      Collection<String> candidateIds,
      int topK,
      ProgressListener progress,
      CancellationToken cancel);

  /**
   * Scores files, computing song ids through the path index (decoding when needed). A file that
   * cannot be identified (missing, unreadable, not audio) is listed in {@link
   * PredictResult#fileFailures()} with its error; the others are scored as by {@link
   * #predictSelectionCandidates(Collection, int)}.
   */
  PredictResult predictForFilePaths(Collection<Path> files, int topK);

  /**
   * Explains one song's score: its nearest liked songs, its nearest songs of the model's disliked
   * (contrast) sample, and top feature contributions.
   *
   * @throws SelectionException {@code MODEL_LOAD_FAILED} or {@code INTERNAL_ERROR}
   */
  java.util.Optional<Explanation> explain(String songId);

  /**
   * "More like these": ranks the library's songs by similarity to seed songs, with no model and no
   * dislikes (for users who never press "dislike"). It is separate from prediction, which has no
   * fallback ranking. The similarity is the cosine to the centroid of the seeds on the built-in
   * embedding (EfficientAT, standardised with the library's statistics), else on OpenL3, else on
   * the timbre descriptor (see {@link SimilarResult#descriptor()}); docs/efficientat.md compares it
   * with nearest-neighbour scoring. Seeds are never returned.
   *
   * @param seedIds the songs to find more of
   * @param k how many songs to return, or 0 for all
   * @throws IllegalArgumentException if {@code k < 0}
   * @throws SelectionException {@code DB_ERROR} when the features cannot be read
   */
  SimilarResult similar(Collection<String> seedIds, int k);

  /**
   * Returns a song's strongest sound-event tags (the built-in model's AudioSet classes), most
   * probable first; empty when the song has no tags (no embedding, or the model is absent).
   *
   * @param k how many tags at most
   */
  List<Tag> topTags(String songId, int k);

  /**
   * Evaluates the current labels without saving a model: the model's metrics next to the
   * centroid-cosine baseline on the same folds — a time split (the latest 20 % of labels held out)
   * when labels were set at different times and both classes fall on each side, else stratified
   * 5-fold.
   */
  TrainingMetrics evaluate(ProgressListener progress, CancellationToken cancel);

  /**
   * Evaluates the current labels as {@link #evaluate} does, with the expected outcomes as results
   * rather than exceptions; saves nothing.
   *
   * @return {@code trained} with the {@link TrainResult#metrics()} (the path is null, the revision
   *     that of the stored model), {@code insufficient_samples} with the counts needed and present
   *     in the message (as {@link #train} reports them), {@code cancelled}, or {@code failed} with
   *     its error code
   */
  TrainResult evaluateLabels(ProgressListener progress, CancellationToken cancel);

  // ---------------------------------------------------------------- state

  /**
   * Returns a summary of the library's labels, features and model; the model file is read and its
   * checksum verified, so a damaged manifest or a missing or damaged model file shows as {@link
   * ModelState#DAMAGED}.
   */
  EngineStatus status();

  /** Returns the library root. */
  Path libraryRoot();

  /** Cancels running work, waits briefly for it and frees every resource. Idempotent. */
  @Override
  void close();

  /**
   * Builds a {@link SelectionEngine}. Not thread-safe. Each setter validates its value at once and
   * refuses to be called twice, so a configuration mistake shows where it is made. The analysis
   * settings are those of {@link AnalysisConfig.Builder}.
   */
  final class Builder {
    final Path libraryRoot;
    final AnalysisConfig.Builder analysis = AnalysisConfig.builder();
    private final java.util.Set<String> set = new java.util.HashSet<>();
    FeatureStore featureStore;
    LabelStore labelStore;
    PathIndex pathIndex;
    PredictionCache predictionCache;
    ModelStore modelStore;
    String storeProvider;
    Clock clock = Clock.systemUTC();
    int extractionConcurrency = EngineConfig.DEFAULT_EXTRACTION_CONCURRENCY;
    int trainingThreads = EngineConfig.DEFAULT_TRAINING_THREADS;
    int minPositives = EngineConfig.DEFAULT_MIN_POSITIVES;
    double negativeRatio = EngineConfig.DEFAULT_NEGATIVE_RATIO;
    boolean autoTrain = true;
    int autoTrainThreshold = EngineConfig.DEFAULT_AUTO_TRAIN_THRESHOLD;
    Duration autoTrainDebounce = EngineConfig.DEFAULT_AUTO_TRAIN_DEBOUNCE;
    AutoTrainListener autoTrainListener;
    Duration pathIndexTtl = EngineConfig.DEFAULT_PATH_INDEX_TTL;
    long pathIndexMaxEntries = EngineConfig.DEFAULT_PATH_INDEX_MAX_ENTRIES;
    boolean createLibraryRoot;
    java.util.Set<FeatureGroup> excludedFeatureGroups = java.util.Set.of();

    private Builder(Path libraryRoot) {
      this.libraryRoot = Objects.requireNonNull(libraryRoot, "libraryRoot");
    }

    private void once(String name) {
      if (!set.add(name)) {
        throw new IllegalStateException(name + " was already set");
      }
    }

    // ---------------------------------------------------------------- analysis

    /** See {@link AnalysisConfig.Builder#decoders}. */
    public Builder decoders(AudioDecoder... decoders) {
      analysis.decoders(decoders);
      return this;
    }

    /** See {@link AnalysisConfig.Builder#ffmpegPath}. */
    public Builder ffmpegPath(Path ffmpeg) {
      analysis.ffmpegPath(ffmpeg);
      return this;
    }

    /** See {@link AnalysisConfig.Builder#embedder}. */
    public Builder embedder(Embedder embedder) {
      analysis.embedder(embedder);
      return this;
    }

    /** See {@link AnalysisConfig.Builder#embeddings}. */
    public Builder embeddings(boolean enabled) {
      analysis.embeddings(enabled);
      return this;
    }

    /**
     * See {@link AnalysisConfig.Builder#openL3ModelDir}; the default is {@link
     * EngineConfig#OPENL3_MODEL_SUBDIR} under the library root.
     */
    public Builder openL3ModelDir(Path dir) {
      analysis.openL3ModelDir(dir);
      return this;
    }

    /** See {@link AnalysisConfig.Builder#efficientAtModelDir}. */
    public Builder efficientAtModelDir(Path dir) {
      analysis.efficientAtModelDir(dir);
      return this;
    }

    /** See {@link AnalysisConfig.Builder#segmentPolicy}. */
    public Builder segmentPolicy(SegmentPolicy policy) {
      analysis.segmentPolicy(policy);
      return this;
    }

    /** See {@link AnalysisConfig.Builder#embeddingBudget}. */
    public Builder embeddingBudget(EmbeddingBudget budget) {
      analysis.embeddingBudget(budget);
      return this;
    }

    /** See {@link AnalysisConfig.Builder#bpmRange}. */
    public Builder bpmRange(double minBpm, double maxBpm) {
      analysis.bpmRange(minBpm, maxBpm);
      return this;
    }

    /**
     * Sets the most CPU threads the engine uses at once, across all work (default {@link
     * AnalysisConfig#DEFAULT_THREAD_BUDGET}).
     */
    public Builder threadBudget(int threads) {
      analysis.threadBudget(threads);
      return this;
    }

    // ---------------------------------------------------------------- stores

    /** Sets the feature store. */
    public Builder featureStore(FeatureStore store) {
      once("featureStore");
      this.featureStore = Objects.requireNonNull(store, "store");
      return this;
    }

    /** Sets the label store. */
    public Builder labelStore(LabelStore store) {
      once("labelStore");
      this.labelStore = Objects.requireNonNull(store, "store");
      return this;
    }

    /** Sets the path index. */
    public Builder pathIndex(PathIndex index) {
      once("pathIndex");
      this.pathIndex = Objects.requireNonNull(index, "index");
      return this;
    }

    /** Sets the prediction cache. */
    public Builder predictionCache(PredictionCache cache) {
      once("predictionCache");
      this.predictionCache = Objects.requireNonNull(cache, "cache");
      return this;
    }

    /** Sets the model store (default: files under {@code models/selection/}). */
    public Builder modelStore(ModelStore store) {
      once("modelStore");
      this.modelStore = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Chooses the {@link dev.selection.api.spi.StoreProvider} that opens the stores the host did
     * not give, by name (default: the highest-priority one on the class or module path; {@code
     * "sqlite"} is {@code selection-sqlite}'s). An unknown name fails {@link #build()} with {@code
     * RUNTIME_UNAVAILABLE} naming the available providers.
     */
    public Builder storeProvider(String name) {
      once("storeProvider");
      this.storeProvider = Objects.requireNonNull(name, "name");
      return this;
    }

    // ---------------------------------------------------------------- engine

    /** Sets the clock (tests use a fixed one). */
    public Builder clock(Clock clock) {
      once("clock");
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets how many tracks are decoded at once (default {@value
     * EngineConfig#DEFAULT_EXTRACTION_CONCURRENCY}).
     */
    public Builder extractionConcurrency(int tracks) {
      once("extractionConcurrency");
      this.extractionConcurrency = positive("extractionConcurrency", tracks);
      return this;
    }

    /** Sets XGBoost's {@code nthread} (default {@value EngineConfig#DEFAULT_TRAINING_THREADS}). */
    public Builder trainingThreads(int threads) {
      once("trainingThreads");
      this.trainingThreads = positive("trainingThreads", threads);
      return this;
    }

    /**
     * Sets the fewest liked samples needed to train (default {@value
     * EngineConfig#DEFAULT_MIN_POSITIVES}).
     */
    public Builder minPositives(int n) {
      once("minPositives");
      this.minPositives = positive("minPositives", n);
      return this;
    }

    /**
     * Sets the fewest disliked samples per liked one needed to train (default {@value
     * EngineConfig#DEFAULT_NEGATIVE_RATIO}).
     */
    public Builder negativeRatio(double ratio) {
      once("negativeRatio");
      if (!(ratio >= 0) || Double.isInfinite(ratio)) {
        throw new IllegalArgumentException("negativeRatio must be finite and >= 0: " + ratio);
      }
      this.negativeRatio = ratio;
      return this;
    }

    /**
     * Leaves feature groups out of training and prediction (default: none). The groups are stored
     * with the model; a stored model made with other exclusions is retrained as soon as the sample
     * thresholds hold (and is used until then, with its own exclusions).
     *
     * @param groups the groups to leave out; none is the default
     */
    public Builder excludeFeatureGroups(java.util.Collection<FeatureGroup> groups) {
      once("excludeFeatureGroups");
      java.util.EnumSet<FeatureGroup> set = java.util.EnumSet.noneOf(FeatureGroup.class);
      for (FeatureGroup g : groups) {
        set.add(Objects.requireNonNull(g, "group"));
      }
      this.excludedFeatureGroups = java.util.Collections.unmodifiableSet(set);
      return this;
    }

    /**
     * Configures automatic retraining (default: on, {@value
     * EngineConfig#DEFAULT_AUTO_TRAIN_THRESHOLD} changes, 8 s debounce).
     *
     * @param enabled whether label changes schedule retraining
     * @param threshold sample changes that trigger it
     * @param debounce quiet time after the last change
     */
    public Builder autoTrain(boolean enabled, int threshold, Duration debounce) {
      once("autoTrain");
      this.autoTrain = enabled;
      this.autoTrainThreshold = positive("threshold", threshold);
      Objects.requireNonNull(debounce, "debounce");
      if (debounce.isNegative()) {
        throw new IllegalArgumentException("debounce must not be negative");
      }
      this.autoTrainDebounce = debounce;
      return this;
    }

    /** Sets the receiver of {@code autoTrainStatus} events. */
    public Builder autoTrainListener(AutoTrainListener listener) {
      once("autoTrainListener");
      this.autoTrainListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Sets how the path index is kept small (default: entries unseen for {@link
     * EngineConfig#DEFAULT_PATH_INDEX_TTL} go, then the least recently seen beyond {@value
     * EngineConfig#DEFAULT_PATH_INDEX_MAX_ENTRIES}). The engine collects at most once per 24 h:
     * when it opens and after a library analysis.
     *
     * @param ttl how long an entry may go unseen (neither hit nor written)
     * @param maxEntries most entries kept
     * @throws IllegalArgumentException if {@code ttl} is negative or {@code maxEntries < 1}
     */
    public Builder pathIndexRetention(Duration ttl, long maxEntries) {
      once("pathIndexRetention");
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.isNegative() || maxEntries < 1) {
        throw new IllegalArgumentException(
            "ttl must not be negative and maxEntries must be >= 1: " + ttl + ", " + maxEntries);
      }
      this.pathIndexTtl = ttl;
      this.pathIndexMaxEntries = maxEntries;
      return this;
    }

    /**
     * Creates the library folder (and its parents) when it is missing, as the CLI does. Without it,
     * a missing folder fails {@link #build()} with {@code DB_ERROR}: it usually means a wrong path
     * or an unmounted drive.
     */
    public Builder createLibraryRoot() {
      once("createLibraryRoot");
      this.createLibraryRoot = true;
      return this;
    }

    /** Returns the validated configuration this builder holds. */
    public EngineConfig config() {
      return new EngineConfig(this);
    }

    /**
     * Creates the engine through the highest-priority {@link EngineProvider} on the class or module
     * path.
     *
     * @throws SelectionException {@code RUNTIME_UNAVAILABLE} when no provider is found (add {@code
     *     selection-core}) or the chosen store provider is missing; {@code DB_ERROR} when the
     *     library's stores cannot be opened
     */
    public SelectionEngine build() {
      EngineConfig config = config();
      return NamedSpiLoader.load(EngineProvider.class)
          .best("add dev.selection:selection-core to the class path")
          .create(config);
    }

    private static int positive(String name, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be >= 1: " + value);
      }
      return value;
    }
  }
}
