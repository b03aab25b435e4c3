package dev.selection.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.selection.api.CancellationToken;
import dev.selection.api.Embedding;
import dev.selection.api.EmbeddingBudget;
import dev.selection.api.EngineConfig;
import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.AudioExcerpt;
import dev.selection.api.spi.Embedder;
import dev.selection.onnx.internal.ModelManifestFile;
import dev.selection.onnx.internal.OrtCalls;
import dev.selection.onnx.internal.OrtRuntime;
import dev.selection.onnx.internal.WindowPlanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenL3 ({@code mel256}, {@code music}, 512-d) on ONNX Runtime: the Java log-mel front end ({@link
 * OpenL3FrontEnd}), batched inference of 1-s windows, RMS-weighted pooling of the windows'
 * embeddings and L2 normalisation.
 *
 * <p>The model is the ONNX file named by {@code manifest.json} ({@code modelFile}, {@code sha256})
 * in the model folder: by default {@code resources/ai/openl3/} under the library root, or the
 * folder the host gives. It is loaded on first use, after its SHA-256 is checked; the session is
 * reused until {@link #close()}. Without a manifest or model file, {@link #embed} throws {@code
 * RUNTIME_UNAVAILABLE}; with a wrong checksum, a file ONNX Runtime cannot load, or a graph whose
 * input is not {@code [N, 256, 199, 1]} float, {@code MODEL_LOAD_FAILED}.
 *
 * <p>All sessions share one process-wide ONNX Runtime thread pool with spinning off (see {@code
 * OrtRuntime}); its size is the thread budget of the first embedder that loads a model.
 * Cancellation stops a running inference through {@code RunOptions.setTerminate(true)}.
 *
 * <p>Thread-safe: concurrent {@link #embed} calls share the session.
 */
public final class OnnxOpenL3Embedder implements Embedder {
  /** The kind under which the vectors are stored and ranked. */
  public static final String KIND = "openl3";

  /** The embedder's name, also stored in the model manifest. */
  public static final String NAME = "openl3-mel256-music-512";

  /** The model folder's path under the library root ({@link EngineConfig#OPENL3_MODEL_SUBDIR}). */
  public static final String DEFAULT_MODEL_SUBDIR = EngineConfig.OPENL3_MODEL_SUBDIR;

  /** Largest model file accepted, in bytes (the real model is about 19 MB). */
  public static final long MAX_MODEL_BYTES = 256L << 20;

  /** Windows per ONNX Runtime call. */
  public static final int BATCH_WINDOWS = 8;

  private static final Logger LOG = LoggerFactory.getLogger(OnnxOpenL3Embedder.class);

  private final Path modelDir;
  private final int threads;
  private final OpenL3FrontEnd.Padding padding;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private OrtSession session;
  private String modelSha256;
  private int dimension = 512;
  private boolean closed;

  /**
   * Creates an embedder with zero-padded front end frames.
   *
   * @param modelDir folder with {@code manifest.json}, or null for none ({@code
   *     RUNTIME_UNAVAILABLE})
   * @param threads most CPU threads for inference (the shared pool's size if this embedder creates
   *     it)
   */
  public OnnxOpenL3Embedder(Path modelDir, int threads) {
    this(modelDir, threads, OpenL3FrontEnd.Padding.ZEROS);
  }

  /**
   * Creates an embedder.
   *
   * @param modelDir folder with {@code manifest.json}, or null for none ({@code
   *     RUNTIME_UNAVAILABLE})
   * @param threads most CPU threads for inference (the shared pool's size if this embedder creates
   *     it)
   * @param padding the front end's padding of each window
   */
  public OnnxOpenL3Embedder(Path modelDir, int threads, OpenL3FrontEnd.Padding padding) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1: " + threads);
    }
    this.modelDir = modelDir;
    this.threads = threads;
    this.padding = Objects.requireNonNull(padding, "padding");
  }

  /** Returns {@code libraryRoot/resources/ai/openl3}, the default model folder. */
  public static Path defaultModelDir(Path libraryRoot) {
    return libraryRoot.resolve(DEFAULT_MODEL_SUBDIR);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Returns {@code "openl3"}: its vectors are the {@code openl3_vector} column. */
  @Override
  public String kind() {
    return KIND;
  }

  /**
   * Returns e.g. {@code openl3-mel256-music-512;fe=zeros;hop=0.5;maxWindows=48;maxSeconds=36.0;
   * model=1a2b3c4d5e6f7a8b}: the front end's padding, the budget and the first 16 hex digits of the
   * model checksum (from the manifest; {@code model=none} when there is none).
   */
  @Override
  public String version(EmbeddingBudget budget) {
    String sha = modelChecksumOrNull();
    return NAME
        + ";fe="
        + padding.name().toLowerCase(Locale.ROOT)
        + ";hop="
        + budget.hopSec()
        + ";maxWindows="
        + budget.maxWindows()
        + ";maxSeconds="
        + budget.maxSeconds()
        + ";model="
        + (sha == null ? "none" : sha.substring(0, 16));
  }

  @Override
  public int dimension() {
    lock.readLock().lock();
    try {
      return dimension;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public int sampleRateHz() {
    return OpenL3FrontEnd.SAMPLE_RATE_HZ;
  }

  /**
   * Embeds the excerpts (mono, 48 kHz).
   *
   * @throws SelectionException {@code RUNTIME_UNAVAILABLE} without a model, {@code
   *     MODEL_LOAD_FAILED} for a bad model, {@code CORRUPT_AUDIO} when there is no audio or every
   *     window is silent (below −60 dBFS RMS), {@code CANCELLED} on cancellation, {@code
   *     INTERNAL_ERROR} if inference fails or gives no finite vector
   * @throws IllegalArgumentException if an excerpt is not at 48 kHz
   * @throws IllegalStateException after {@link #close()}
   */
  @Override
  public Embedding embed(
      List<AudioExcerpt> excerpts, EmbeddingBudget budget, CancellationToken cancel) {
    Objects.requireNonNull(excerpts, "excerpts");
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(cancel, "cancel");
    cancel.throwIfCancelled();
    WindowPlanner.Plan plan = WindowPlanner.plan(excerpts, budget);
    if (plan.totalSamples() == 0) {
      throw new SelectionException(ErrorCode.CORRUPT_AUDIO, "No audio to embed");
    }
    if (plan.windows().isEmpty()) {
      throw new SelectionException(
          ErrorCode.CORRUPT_AUDIO,
          "The audio is silent (every 1-s window is"
              + " below "
              + WindowPlanner.ABSOLUTE_FLOOR_DBFS
              + " dBFS RMS): no OpenL3 embedding");
    }
    lock.readLock().lock();
    try {
      OrtSession s = sessionLocked();
      List<WindowPlanner.Window> windows = plan.windows();
      float[][] embeddings = new float[windows.size()][];
      double[] rms = new double[windows.size()];
      OpenL3FrontEnd frontEnd = new OpenL3FrontEnd(padding);
      for (int start = 0; start < windows.size(); start += BATCH_WINDOWS) {
        cancel.throwIfCancelled();
        int n = Math.min(BATCH_WINDOWS, windows.size() - start);
        float[] input = new float[n * OpenL3FrontEnd.VALUES_PER_WINDOW];
        for (int i = 0; i < n; i++) {
          WindowPlanner.Window w = windows.get(start + i);
          frontEnd.compute(w.samples(), w.offset(), input, i * OpenL3FrontEnd.VALUES_PER_WINDOW);
          rms[start + i] = w.rms();
        }
        float[][] out = run(s, input, n, cancel);
        System.arraycopy(out, 0, embeddings, start, n);
      }
      float[] pooled = WindowPlanner.pool(embeddings, rms);
      if (pooled == null) {
        throw new SelectionException(
            ErrorCode.INTERNAL_ERROR,
            "The OpenL3 model gave no finite non-zero embedding for "
                + windows.size()
                + " windows");
      }
      return new Embedding(pooled, windows.size(), version(budget));
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Runs the model on log-mel images computed elsewhere (e.g. by {@link OpenL3FrontEnd}), for
   * tests, benchmarks and tools.
   *
   * @param melspec {@code windows × 256 × 199} values, NHWC order
   * @param windows number of windows in {@code melspec}
   * @return one embedding per window
   * @throws SelectionException as {@link #embed}
   */
  public float[][] embedMelSpectrograms(float[] melspec, int windows, CancellationToken cancel) {
    if (windows < 1 || melspec.length != (long) windows * OpenL3FrontEnd.VALUES_PER_WINDOW) {
      throw new IllegalArgumentException("melspec must hold windows x 256 x 199 values");
    }
    lock.readLock().lock();
    try {
      return run(sessionLocked(), melspec, windows, cancel);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Returns true when the model folder has a {@code manifest.json} (verified on first use). */
  @Override
  public boolean isAvailable() {
    return modelDir != null && java.nio.file.Files.isRegularFile(modelDir.resolve("manifest.json"));
  }

  /**
   * Loads the model now (it is otherwise loaded on first use), with the same errors as {@link
   * #embed}.
   */
  public void load() {
    lock.readLock().lock();
    try {
      sessionLocked();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Closes the session. Idempotent; {@link #embed} then throws {@link IllegalStateException}. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      closed = true;
      if (session != null) {
        try {
          session.close();
        } catch (OrtException e) {
          LOG.warn("Closing the OpenL3 session failed: {}", e.getMessage());
        }
        session = null;
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private float[][] run(OrtSession s, float[] input, int n, CancellationToken cancel) {
    String inputName = s.getInputNames().iterator().next();
    return OrtCalls.run(
        "OpenL3",
        s,
        threads,
        inputName,
        input,
        new long[] {n, OpenL3FrontEnd.MEL_BANDS, OpenL3FrontEnd.FRAMES, 1},
        cancel,
        result -> {
          float[][] out;
          try {
            OnnxValue value = result.get(0);
            out = (float[][]) value.getValue();
          } catch (OrtException e) {
            throw new SelectionException(
                ErrorCode.INTERNAL_ERROR, "OpenL3 inference failed: " + e.getMessage(), e);
          }
          if (out.length != n) {
            throw new SelectionException(
                ErrorCode.MODEL_LOAD_FAILED,
                "The OpenL3 model returned " + out.length + " rows for " + n + " windows");
          }
          return out;
        });
  }

  /** Returns the session, loading it under the read lock (loading itself is serialised). */
  private OrtSession sessionLocked() {
    if (closed) {
      throw new IllegalStateException("The OpenL3 embedder is closed");
    }
    synchronized (this) {
      if (session == null) {
        session = loadSession();
      }
      return session;
    }
  }

  private OrtSession loadSession() {
    if (modelDir == null) {
      throw new SelectionException(
          ErrorCode.RUNTIME_UNAVAILABLE,
          "No OpenL3 model folder is configured (set one on the engine builder)");
    }
    Path manifestPath = modelDir.resolve(ModelManifestFile.FILE_NAME);
    ModelManifestFile manifest;
    try {
      manifest = ModelManifestFile.read(manifestPath);
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      throw new SelectionException(
          ErrorCode.RUNTIME_UNAVAILABLE, "No OpenL3 model: " + manifestPath + " is missing", e);
    } catch (IOException e) {
      throw new SelectionException(
          ErrorCode.RUNTIME_UNAVAILABLE, "Cannot read " + manifestPath + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new SelectionException(
          ErrorCode.MODEL_LOAD_FAILED,
          "Bad OpenL3 manifest " + manifestPath + ": " + e.getMessage(),
          e);
    }
    Path modelPath = modelDir.resolve(manifest.modelFile());
    byte[] bytes;
    try {
      long size = Files.size(modelPath);
      if (size > MAX_MODEL_BYTES) {
        throw new SelectionException(
            ErrorCode.MODEL_LOAD_FAILED,
            modelPath
                + " is "
                + size
                + " bytes; an OpenL3 model is about 19 MB (limit "
                + MAX_MODEL_BYTES
                + ")");
      }
      bytes = Files.readAllBytes(modelPath);
    } catch (NoSuchFileException e) {
      throw new SelectionException(
          ErrorCode.RUNTIME_UNAVAILABLE,
          "No OpenL3 model: " + modelPath + " named by " + manifestPath + " is missing",
          e);
    } catch (IOException e) {
      throw new SelectionException(
          ErrorCode.RUNTIME_UNAVAILABLE, "Cannot read " + modelPath + ": " + e.getMessage(), e);
    }
    String actual = ModelManifestFile.sha256(bytes);
    if (!actual.equals(manifest.sha256())) {
      throw new SelectionException(
          ErrorCode.MODEL_LOAD_FAILED,
          "Checksum mismatch for "
              + modelPath
              + ": manifest says "
              + manifest.sha256()
              + ", file is "
              + actual);
    }
    OrtSession created = null;
    try {
      OrtEnvironment env = OrtRuntime.environment(threads);
      try (OrtSession.SessionOptions options = OrtRuntime.sessionOptions(threads)) {
        created = env.createSession(bytes, options);
      }
      int dim = checkSignature(created, modelPath);
      synchronized (this) {
        modelSha256 = actual;
      }
      dimension = dim;
      LOG.info(
          "Loaded OpenL3 model {} ({} bytes, sha256 {}, {}-d)",
          modelPath,
          bytes.length,
          actual,
          dim);
      return created;
    } catch (OrtException e) {
      throw new SelectionException(
          ErrorCode.MODEL_LOAD_FAILED,
          "ONNX Runtime cannot load " + modelPath + ": " + e.getMessage(),
          e);
    } catch (LinkageError e) {
      throw new SelectionException(
          ErrorCode.RUNTIME_UNAVAILABLE,
          "The ONNX Runtime native library is" + " unavailable on this platform: " + e.getMessage(),
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

  private static int checkSignature(OrtSession s, Path modelPath) throws OrtException {
    Map<String, NodeInfo> inputs = s.getInputInfo();
    Map<String, NodeInfo> outputs = s.getOutputInfo();
    if (inputs.size() != 1 || outputs.size() != 1) {
      throw new SelectionException(
          ErrorCode.MODEL_LOAD_FAILED,
          modelPath
              + " must have one input and"
              + " one output, has "
              + inputs.size()
              + " and "
              + outputs.size());
    }
    NodeInfo in = inputs.values().iterator().next();
    NodeInfo out = outputs.values().iterator().next();
    if (!(in.getInfo() instanceof TensorInfo ti) || !(out.getInfo() instanceof TensorInfo to)) {
      throw new SelectionException(
          ErrorCode.MODEL_LOAD_FAILED, modelPath + " input/output are not tensors");
    }
    long[] shape = ti.getShape();
    boolean inputOk =
        ti.type == ai.onnxruntime.OnnxJavaType.FLOAT
            && shape.length == 4
            && shape[1] == OpenL3FrontEnd.MEL_BANDS
            && shape[2] == OpenL3FrontEnd.FRAMES
            && shape[3] == 1;
    long[] outShape = to.getShape();
    boolean outputOk =
        to.type == ai.onnxruntime.OnnxJavaType.FLOAT && outShape.length == 2 && outShape[1] > 0;
    if (!inputOk || !outputOk) {
      throw new SelectionException(
          ErrorCode.MODEL_LOAD_FAILED,
          modelPath
              + " has input "
              + java.util.Arrays.toString(shape)
              + " "
              + ti.type
              + " and output "
              + java.util.Arrays.toString(outShape)
              + "; expected float [N, 256, 199, 1] -> [N, D]");
    }
    return (int) outShape[1];
  }

  private String modelChecksumOrNull() {
    synchronized (this) {
      if (modelSha256 != null) {
        return modelSha256;
      }
    }
    if (modelDir == null) {
      return null;
    }
    try {
      return ModelManifestFile.read(modelDir.resolve(ModelManifestFile.FILE_NAME)).sha256();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
