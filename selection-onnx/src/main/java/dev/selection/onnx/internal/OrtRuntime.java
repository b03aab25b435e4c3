package dev.selection.onnx.internal;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one process-wide ONNX Runtime environment. The first caller creates it with a global intra-op
 * thread pool of {@code threads} threads with spinning off ({@code setGlobalSpinControl(false)}),
 * so idle workers sleep instead of burning the host's CPU; sessions then share that pool ({@code
 * disablePerSessionThreads}). If someone else in the process created the environment first,
 * sessions get their own pool of {@code threads} threads with {@code
 * session.intra_op.allow_spinning=0}.
 *
 * <p>ONNX Runtime's MLAS kernels need no OpenMP in the default CPU build; if a host uses an OpenMP
 * build, set {@code OMP_WAIT_POLICY=PASSIVE} in the environment for the same effect. Thread-safe.
 */
public final class OrtRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(OrtRuntime.class);
  private static OrtEnvironment environment;
  private static boolean globalPool;
  private static int globalThreads;

  private OrtRuntime() {}

  /**
   * Returns the environment, creating it on first use with a global pool of {@code threads}
   * threads.
   *
   * @throws OrtException if the native library cannot be loaded or the environment not created
   */
  public static synchronized OrtEnvironment environment(int threads) throws OrtException {
    if (environment == null) {
      int n = Math.max(1, threads);
      try (OrtEnvironment.ThreadingOptions options = new OrtEnvironment.ThreadingOptions()) {
        options.setGlobalIntraOpNumThreads(n);
        options.setGlobalInterOpNumThreads(1);
        options.setGlobalSpinControl(false);
        options.setGlobalDenormalAsZero();
        environment =
            OrtEnvironment.getEnvironment(
                OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "selection", options);
        globalPool = true;
        globalThreads = n;
        LOG.debug(
            "ONNX Runtime {} with a global pool of {} threads, spinning off",
            environment.getVersion(),
            n);
      } catch (IllegalStateException alreadyCreated) {
        environment = OrtEnvironment.getEnvironment();
        globalPool = false;
        LOG.debug("ONNX Runtime environment already created elsewhere: per-session threads");
      }
    }
    return environment;
  }

  /**
   * Returns session options that use the shared pool, or {@code threads} own non-spinning threads.
   */
  public static synchronized OrtSession.SessionOptions sessionOptions(int threads)
      throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    try {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      if (globalPool) {
        options.disablePerSessionThreads();
      } else {
        options.setIntraOpNumThreads(Math.max(1, threads));
        options.setInterOpNumThreads(1);
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        options.addConfigEntry("session.inter_op.allow_spinning", "0");
      }
      return options;
    } catch (OrtException | RuntimeException e) {
      options.close();
      throw e;
    }
  }

  /** Returns the size of the global pool, or 0 if sessions use their own threads. */
  public static synchronized int globalThreads() {
    return globalPool ? globalThreads : 0;
  }
}
