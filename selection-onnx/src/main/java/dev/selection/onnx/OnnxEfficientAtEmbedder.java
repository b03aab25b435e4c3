package dev.selection.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.selection.api.CancellationToken;
import dev.selection.api.Embedding;
import dev.selection.api.EmbeddingBudget;
import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.AudioExcerpt;
import dev.selection.api.spi.BundledModel;
import dev.selection.api.spi.Embedder;
import dev.selection.api.spi.NamedSpiLoader;
import dev.selection.api.spi.TrackWindows;
import dev.selection.onnx.internal.EfficientAtManifest;
import dev.selection.onnx.internal.OrtCalls;
import dev.selection.onnx.internal.OrtRuntime;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in embedding: EfficientAT {@code mn04_as} (MIT, AudioSet-trained MobileNetV3, about 1 M
 * parameters) on ONNX Runtime, with the log-mel front end in Java ({@link EfficientAtFrontEnd}).
 *
 * <p>The track is analysed in windows of {@value #WINDOW_SEC} s (the length the network was trained
 * on) spread evenly over the whole track, at most {@link #maxWindows()} of them ({@link
 * #trackWindows()}; {@value #DEFAULT_MAX_WINDOWS} by default). Each window gives the 384-d global
 * average of the network's last convolution block and the 527 AudioSet logits. The song's vector is
 * the per-dimension mean of its windows' activations followed by their standard deviation ({@value
 * #DIMENSION} values, not normalised: the ranker standardises it with statistics of the library),
 * and its tags are the mean of the windows' sigmoid probabilities. docs/efficientat.md gives the
 * measurements behind these choices (whole track rather than the segment policy, 8 windows, mean
 * and standard deviation, the 384-d block rather than the hidden layer or the tags). Windows below
 * {@value #SILENCE_DBFS} dBFS are skipped; a track with no audible window, or shorter than {@value
 * #MIN_SECONDS} s, has no embedding ({@code CORRUPT_AUDIO}, so the engine stores none).
 *
 * <p>The model comes from the {@code selection-model-efficientat} artifact on the class or module
 * path (a {@link BundledModel} named {@value #MODEL_NAME}), or from a folder a host gives that
 * holds the same {@code manifest.json} and files. The model file's SHA-256 is checked against the
 * manifest, and the manifest's front-end constants against this class's, before first use: a
 * mismatch is {@code MODEL_LOAD_FAILED}; no model at all is {@code RUNTIME_UNAVAILABLE}.
 *
 * <p>Sessions use the process-wide ONNX Runtime pool with spinning off (see {@code OrtRuntime}).
 * Thread-safe.
 */
public final class OnnxEfficientAtEmbedder implements Embedder {
  /** The kind under which the vectors are stored and ranked. */
  public static final String KIND = "efficientat";

  /** The name of the bundled model this embedder runs. */
  public static final String MODEL_NAME = "efficientat-mn04";

  /** Window length in seconds: the 10-s clips the network was trained on. */
  public static final double WINDOW_SEC = 10.0;

  /**
   * Default most windows per track: on real music 8 windows spread over the track rank as well as
   * every window of it, and better than the segment policy's three excerpts (docs/efficientat.md).
   */
  public static final int DEFAULT_MAX_WINDOWS = 8;

  /** Shortest audio that is embedded, in seconds. */
  public static final double MIN_SECONDS = 1.0;

  /** Windows quieter than this RMS level are skipped. */
  public static final double SILENCE_DBFS = -60.0;

  /** Windows per ONNX Runtime call. */
  public static final int BATCH_WINDOWS = 8;

  /** The network's embedding size per window. */
  public static final int WINDOW_DIMENSION = 384;

  /** The song vector's size: mean and standard deviation of the windows' embeddings. */
  public static final int DIMENSION = 2 * WINDOW_DIMENSION;

  /** The number of AudioSet classes. */
  public static final int CLASSES = 527;

  /** Largest model file accepted, in bytes (the model is about 4 MB). */
  public static final long MAX_MODEL_BYTES = 64L << 20;

  private static final Logger LOG = LoggerFactory.getLogger(OnnxEfficientAtEmbedder.class);
  private static final int WINDOW_SAMPLES =
      (int) Math.round(WINDOW_SEC * EfficientAtFrontEnd.SAMPLE_RATE_HZ);
  private static final double SILENCE_RMS = Math.pow(10, SILENCE_DBFS / 20);

  /** Where the model files come from. */
  private interface Source {
    InputStream open(String file) throws IOException;

    boolean hasManifest();

    String describe();
  }

  private final Source source;
  private final int threads;
  private final int maxWindows;
  private OrtSession session;
  private EfficientAtManifest manifest;
  private List<String> tagNames;
  private boolean closed;

  /**
   * Creates an embedder on a model folder a host supplies.
   *
   * @param modelDir folder with {@code manifest.json} and the files it names
   * @param threads most CPU threads for inference (the shared pool's size if this creates it)
   * @param maxWindows most {@value #WINDOW_SEC}-s windows per track
   */
  public OnnxEfficientAtEmbedder(Path modelDir, int threads, int maxWindows) {
    this(folder(Objects.requireNonNull(modelDir, "modelDir")), threads, maxWindows);
  }

  private OnnxEfficientAtEmbedder(Source source, int threads, int maxWindows) {
    if (threads < 1 || maxWindows < 1) {
      throw new IllegalArgumentException(
          "threads and maxWindows must be >= 1: " + threads + ", " + maxWindows);
    }
    this.source = source;
    this.threads = threads;
    this.maxWindows = maxWindows;
  }

  /**
   * Returns an embedder on the bundled model ({@code selection-model-efficientat} on the class or
   * module path); it is unavailable ({@link #isAvailable()} false) when the artifact is absent.
   */
  public static OnnxEfficientAtEmbedder bundled(int threads, int maxWindows) {
    return new OnnxEfficientAtEmbedder(bundledSource(), threads, maxWindows);
  }

  @Override
  public String name() {
    return MODEL_NAME;
  }

  @Override
  public String kind() {
    return KIND;
  }

  /** Returns the most windows per track. */
  public int maxWindows() {
    return maxWindows;
  }

  @Override
  public TrackWindows trackWindows() {
    return new TrackWindows(WINDOW_SEC, maxWindows);
  }

  /**
   * Returns e.g. {@code efficientat-mn04;model=2c43a8033fe3491c;win=10.0;max=8;pool=meanstd}: the
   * model checksum's first 16 hex digits and the window policy; the segment budget does not apply.
   */
  @Override
  public String version(EmbeddingBudget budget) {
    String sha = checksumOrNull();
    return MODEL_NAME
        + ";model="
        + (sha == null ? "none" : sha.substring(0, 16))
        + ";win="
        + WINDOW_SEC
        + ";max="
        + maxWindows
        + ";pool=meanstd";
  }

  @Override
  public int dimension() {
    return DIMENSION;
  }

  @Override
  public int sampleRateHz() {
    return EfficientAtFrontEnd.SAMPLE_RATE_HZ;
  }

  /**
   * Returns the 527 AudioSet class names in the model's output order.
   *
   * @throws SelectionException as {@link #embed} when the model cannot be loaded
   */
  @Override
  public List<String> tagNames() {
    synchronized (this) {
      if (tagNames == null) {
        tagNames = readLabels(loadedManifest());
      }
      return tagNames;
    }
  }

  /** Returns true when the model's manifest can be found (it is verified on first use). */
  @Override
  public boolean isAvailable() {
    return source != null && source.hasManifest();
  }

  /**
   * Embeds windows of mono 32-kHz audio: each excerpt is cut into {@value #WINDOW_SEC}-s windows (a
   * shorter excerpt of at least {@value #MIN_SECONDS} s is one window), silent windows are skipped,
   * the rest are pooled.
   *
   * @throws SelectionException {@code RUNTIME_UNAVAILABLE} without a model, {@code
   *     MODEL_LOAD_FAILED} for a bad or mismatched model, {@code CORRUPT_AUDIO} when no window is
   *     long and loud enough, {@code CANCELLED} on cancellation, {@code INTERNAL_ERROR} if
   *     inference fails
   * @throws IllegalArgumentException if an excerpt is not at 32 kHz
   * @throws IllegalStateException after {@link #close()}
   */
  @Override
  public Embedding embed(
      List<AudioExcerpt> excerpts, EmbeddingBudget budget, CancellationToken cancel) {
    Objects.requireNonNull(excerpts, "excerpts");
    Objects.requireNonNull(cancel, "cancel");
    cancel.throwIfCancelled();
    List<float[]> full = new ArrayList<>();
    List<float[]> shorter = new ArrayList<>();
    int minSamples = (int) Math.ceil(MIN_SECONDS * EfficientAtFrontEnd.SAMPLE_RATE_HZ);
    for (AudioExcerpt e : excerpts) {
      if (e.sampleRateHz() != EfficientAtFrontEnd.SAMPLE_RATE_HZ) {
        throw new IllegalArgumentException("EfficientAT needs 32 kHz audio: " + e.sampleRateHz());
      }
      float[] x = e.samples();
      if (x.length < WINDOW_SAMPLES) {
        if (x.length >= minSamples && audible(x, 0, x.length)) {
          shorter.add(x);
        }
        continue;
      }
      for (int off = 0; off + WINDOW_SAMPLES <= x.length; off += WINDOW_SAMPLES) {
        if (audible(x, off, WINDOW_SAMPLES)) {
          full.add(
              off == 0 && x.length == WINDOW_SAMPLES
                  ? x
                  : java.util.Arrays.copyOfRange(x, off, off + WINDOW_SAMPLES));
        }
      }
    }
    if (full.isEmpty() && shorter.isEmpty()) {
      throw new SelectionException(
          ErrorCode.CORRUPT_AUDIO,
          "No audio to embed: shorter than "
              + MIN_SECONDS
              + " s or silent (every window below "
              + SILENCE_DBFS
              + " dBFS)");
    }
    Pool pool = new Pool();
    EfficientAtFrontEnd frontEnd = new EfficientAtFrontEnd();
    int frames = EfficientAtFrontEnd.frames(WINDOW_SAMPLES);
    for (int start = 0; start < full.size(); start += BATCH_WINDOWS) {
      cancel.throwIfCancelled();
      int n = Math.min(BATCH_WINDOWS, full.size() - start);
      float[] mel = new float[n * EfficientAtFrontEnd.MEL_BANDS * frames];
      for (int i = 0; i < n; i++) {
        frontEnd.compute(
            full.get(start + i),
            0,
            WINDOW_SAMPLES,
            mel,
            i * EfficientAtFrontEnd.MEL_BANDS * frames);
      }
      pool.add(runNetwork(mel, n, frames, cancel));
    }
    for (float[] x : shorter) {
      cancel.throwIfCancelled();
      int t = EfficientAtFrontEnd.frames(x.length);
      float[] mel = new float[EfficientAtFrontEnd.MEL_BANDS * t];
      frontEnd.compute(x, 0, x.length, mel, 0);
      pool.add(runNetwork(mel, 1, t, cancel));
    }
    return pool.result(version(budget));
  }

  /**
   * The network's outputs for a batch of windows.
   *
   * @param logits {@code [n][527]} AudioSet logits
   * @param embedding {@code [n][384]} global average of the last convolution block
   * @param hidden {@code [n][512]} the classifier's hidden layer
   */
  public record Outputs(float[][] logits, float[][] embedding, float[][] hidden) {}

  /**
   * Runs the network on log-mel images computed elsewhere (e.g. by {@link EfficientAtFrontEnd}),
   * for tests, benchmarks and tools.
   *
   * @param mel {@code n × 128 × frames} values, band-major per window
   * @param n number of windows
   * @param frames frames per window
   * @throws SelectionException as {@link #embed}
   */
  public Outputs runNetwork(float[] mel, int n, int frames, CancellationToken cancel) {
    if (n < 1 || frames < 1 || mel.length != (long) n * EfficientAtFrontEnd.MEL_BANDS * frames) {
      throw new IllegalArgumentException("mel must hold n x 128 x frames values");
    }
    OrtSession s = session();
    return OrtCalls.run(
        "EfficientAT",
        s,
        threads,
        "mel",
        mel,
        new long[] {n, 1, EfficientAtFrontEnd.MEL_BANDS, frames},
        cancel,
        result -> {
          try {
            float[][] logits = (float[][]) value(result, "logits").getValue();
            float[][] embedding = (float[][]) value(result, "embedding").getValue();
            float[][] hidden = (float[][]) value(result, "hidden").getValue();
            if (logits.length != n || embedding.length != n || hidden.length != n) {
              throw new SelectionException(
                  ErrorCode.MODEL_LOAD_FAILED, "The EfficientAT model returned a wrong batch size");
            }
            return new Outputs(logits, embedding, hidden);
          } catch (OrtException e) {
            throw new SelectionException(
                ErrorCode.INTERNAL_ERROR, "EfficientAT inference failed: " + e.getMessage(), e);
          }
        });
  }

  private static OnnxValue value(OrtSession.Result result, String name) {
    return result
        .get(name)
        .orElseThrow(
            () ->
                new SelectionException(
                    ErrorCode.MODEL_LOAD_FAILED, "The EfficientAT model has no output " + name));
  }

  /**
   * Loads and verifies the model now (it is otherwise loaded on first use), with {@link #embed}'s
   * errors.
   */
  public void load() {
    session();
  }

  /** Closes the session. Idempotent; {@link #embed} then throws {@link IllegalStateException}. */
  @Override
  public synchronized void close() {
    closed = true;
    if (session != null) {
      try {
        session.close();
      } catch (OrtException e) {
        LOG.warn("Closing the EfficientAT session failed: {}", e.getMessage());
      }
      session = null;
    }
  }

  /** Mean and standard deviation of the windows' embeddings, mean of their tag probabilities. */
  private static final class Pool {
    private final double[] embedding = new double[WINDOW_DIMENSION];
    private final double[] squares = new double[WINDOW_DIMENSION];
    private final double[] tags = new double[CLASSES];
    private int windows;

    void add(Outputs o) {
      for (int w = 0; w < o.embedding().length; w++) {
        float[] e = o.embedding()[w];
        float[] l = o.logits()[w];
        for (int i = 0; i < WINDOW_DIMENSION; i++) {
          embedding[i] += e[i];
          squares[i] += (double) e[i] * e[i];
        }
        for (int i = 0; i < CLASSES; i++) {
          tags[i] += 1.0 / (1.0 + Math.exp(-l[i]));
        }
        windows++;
      }
    }

    Embedding result(String version) {
      float[] v = new float[DIMENSION];
      for (int i = 0; i < WINDOW_DIMENSION; i++) {
        double mean = embedding[i] / windows;
        v[i] = (float) mean;
        double variance = Math.max(0, squares[i] / windows - mean * mean);
        v[WINDOW_DIMENSION + i] = (float) Math.sqrt(variance);
      }
      float[] p = new float[CLASSES];
      for (int i = 0; i < CLASSES; i++) {
        p[i] = (float) Math.min(1.0, Math.max(0.0, tags[i] / windows));
      }
      for (float f : v) {
        if (!Float.isFinite(f)) {
          throw new SelectionException(
              ErrorCode.INTERNAL_ERROR, "The EfficientAT model gave a non-finite embedding");
        }
      }
      return new Embedding(v, windows, version, p);
    }
  }

  private static boolean audible(float[] x, int off, int len) {
    double sum = 0;
    double sumSq = 0;
    for (int i = off; i < off + len; i++) {
      sum += x[i];
      sumSq += (double) x[i] * x[i];
    }
    double mean = sum / len;
    return sumSq / len - mean * mean > SILENCE_RMS * SILENCE_RMS;
  }

  private synchronized OrtSession session() {
    if (closed) {
      throw new IllegalStateException("The EfficientAT embedder is closed");
    }
    if (session == null) {
      session = loadSession();
    }
    return session;
  }

  private synchronized EfficientAtManifest loadedManifest() {
    if (manifest == null) {
      manifest = readManifest();
    }
    return manifest;
  }

  private EfficientAtManifest readManifest() {
    if (source == null) {
      throw new SelectionException(
          ErrorCode.RUNTIME_UNAVAILABLE,
          "No EfficientAT model: add the"
              + " selection-model-efficientat artifact or give the engine an EfficientAT model folder");
    }
    try (InputStream in = source.open(BundledModel.MANIFEST)) {
      EfficientAtManifest m = EfficientAtManifest.read(in);
      m.checkFrontEnd();
      return m;
    } catch (FileNotFoundException | NoSuchFileException e) {
      throw new SelectionException(
          ErrorCode.RUNTIME_UNAVAILABLE,
          "No EfficientAT model: " + source.describe() + " has no manifest.json",
          e);
    } catch (IOException e) {
      throw new SelectionException(
          ErrorCode.RUNTIME_UNAVAILABLE,
          "Cannot read the EfficientAT manifest of " + source.describe() + ": " + e.getMessage(),
          e);
    } catch (IllegalArgumentException e) {
      throw new SelectionException(
          ErrorCode.MODEL_LOAD_FAILED,
          "Bad EfficientAT manifest in " + source.describe() + ": " + e.getMessage(),
          e);
    }
  }

  private OrtSession loadSession() {
    EfficientAtManifest m = loadedManifest();
    byte[] bytes;
    try (InputStream in = source.open(m.modelFile())) {
      bytes = in.readNBytes((int) MAX_MODEL_BYTES + 1);
    } catch (FileNotFoundException | NoSuchFileException e) {
      throw new SelectionException(
          ErrorCode.RUNTIME_UNAVAILABLE,
          "No EfficientAT model: "
              + m.modelFile()
              + " named by the manifest is missing from "
              + source.describe(),
          e);
    } catch (IOException e) {
      throw new SelectionException(
          ErrorCode.RUNTIME_UNAVAILABLE,
          "Cannot read " + m.modelFile() + " of " + source.describe() + ": " + e.getMessage(),
          e);
    }
    if (bytes.length > MAX_MODEL_BYTES) {
      throw new SelectionException(
          ErrorCode.MODEL_LOAD_FAILED,
          m.modelFile()
              + " of "
              + source.describe()
              + " is larger than "
              + MAX_MODEL_BYTES
              + " bytes; the model is ~4 MB");
    }
    String actual = EfficientAtManifest.sha256(bytes);
    if (!actual.equals(m.sha256())) {
      throw new SelectionException(
          ErrorCode.MODEL_LOAD_FAILED,
          "Checksum mismatch for "
              + m.modelFile()
              + " of "
              + source.describe()
              + ": manifest says "
              + m.sha256()
              + ", file is "
              + actual);
    }
    OrtSession created = null;
    try {
      OrtEnvironment env = OrtRuntime.environment(threads);
      try (OrtSession.SessionOptions options = OrtRuntime.sessionOptions(threads)) {
        created = env.createSession(bytes, options);
      }
      checkSignature(created);
      LOG.debug(
          "Loaded EfficientAT model {} of {} ({} bytes)",
          m.modelFile(),
          source.describe(),
          bytes.length);
      return created;
    } catch (OrtException e) {
      throw new SelectionException(
          ErrorCode.MODEL_LOAD_FAILED,
          "ONNX Runtime cannot load "
              + m.modelFile()
              + " of "
              + source.describe()
              + ": "
              + e.getMessage(),
          e);
    } catch (LinkageError e) {
      throw new SelectionException(
          ErrorCode.RUNTIME_UNAVAILABLE,
          "The ONNX Runtime native library is unavailable on this platform: " + e.getMessage(),
          e);
    } catch (SelectionException e) {
      if (created != null) {
        try {
          created.close();
        } catch (OrtException ignored) {
          // The session is discarded anyway.
        }
      }
      throw e;
    }
  }

  private void checkSignature(OrtSession s) throws OrtException {
    Map<String, NodeInfo> inputs = s.getInputInfo();
    Map<String, NodeInfo> outputs = s.getOutputInfo();
    boolean ok =
        inputs.size() == 1
            && inputs.containsKey("mel")
            && shape(inputs.get("mel"), 4, 1, EfficientAtFrontEnd.MEL_BANDS)
            && shape(outputs.get("logits"), 2, CLASSES, -1)
            && shape(outputs.get("embedding"), 2, WINDOW_DIMENSION, -1)
            && outputs.containsKey("hidden");
    if (!ok) {
      throw new SelectionException(
          ErrorCode.MODEL_LOAD_FAILED,
          "The model of "
              + source.describe()
              + " is not EfficientAT mn04: inputs "
              + inputs.keySet()
              + ", outputs "
              + outputs.keySet()
              + "; expected mel [N,1,128,T] -> logits [N,527], embedding [N,384], hidden [N,512]");
    }
  }

  /** True for a float tensor of {@code rank} dimensions whose dimension 1 (and 2) are as given. */
  private static boolean shape(NodeInfo node, int rank, long dim1, long dim2) {
    if (node == null || !(node.getInfo() instanceof TensorInfo t) || t.type != OnnxJavaType.FLOAT) {
      return false;
    }
    long[] s = t.getShape();
    return s.length == rank && s[1] == dim1 && (dim2 < 0 || s[2] == dim2);
  }

  private List<String> readLabels(EfficientAtManifest m) {
    List<String> names = new ArrayList<>(CLASSES);
    try (InputStream in = source.open(m.labelsFile());
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line = r.readLine(); // header: index,mid,display_name
      while ((line = r.readLine()) != null) {
        if (!line.isBlank()) {
          names.add(EfficientAtManifest.labelOf(line));
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new SelectionException(
          ErrorCode.MODEL_LOAD_FAILED,
          "Cannot read the AudioSet labels of " + source.describe() + ": " + e.getMessage(),
          e);
    }
    if (names.size() != CLASSES) {
      throw new SelectionException(
          ErrorCode.MODEL_LOAD_FAILED,
          "The labels of "
              + source.describe()
              + " name "
              + names.size()
              + " classes, not "
              + CLASSES);
    }
    return List.copyOf(names);
  }

  private String checksumOrNull() {
    try {
      return loadedManifest().sha256();
    } catch (SelectionException e) {
      return null;
    }
  }

  private static Source bundledSource() {
    return NamedSpiLoader.load(BundledModel.class, OnnxEfficientAtEmbedder.class.getClassLoader())
        .find(MODEL_NAME)
        .map(
            m ->
                new Source() {
                  @Override
                  public InputStream open(String file) throws IOException {
                    return m.open(file);
                  }

                  @Override
                  public boolean hasManifest() {
                    return true;
                  }

                  @Override
                  public String describe() {
                    return "the bundled model " + MODEL_NAME;
                  }
                })
        .orElse(null);
  }

  private static Source folder(Path dir) {
    return new Source() {
      @Override
      public InputStream open(String file) throws IOException {
        if (file.contains("/") || file.contains("\\") || file.equals("..")) {
          throw new FileNotFoundException("not a plain file name: " + file);
        }
        return Files.newInputStream(dir.resolve(file));
      }

      @Override
      public boolean hasManifest() {
        return Files.isRegularFile(dir.resolve(BundledModel.MANIFEST));
      }

      @Override
      public String describe() {
        return dir.toString();
      }
    };
  }

  @Override
  public String toString() {
    return "OnnxEfficientAtEmbedder[" + (source == null ? "no model" : source.describe()) + "]";
  }
}
