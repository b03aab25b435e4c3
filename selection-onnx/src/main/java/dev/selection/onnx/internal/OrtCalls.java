package dev.selection.onnx.internal;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.selection.api.CancellationToken;
import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cancellable ONNX Runtime call: a float input tensor in, the outputs read by the caller, every
 * native handle closed. Cancelling the token stops a running inference through {@code
 * RunOptions.setTerminate(true)}; the call then throws {@code CANCELLED}.
 */
public final class OrtCalls {
  private static final Logger LOG = LoggerFactory.getLogger(OrtCalls.class);

  private OrtCalls() {}

  /**
   * Runs {@code session} on one float input and hands the result to {@code read} before closing it.
   *
   * @param what the model's name for error messages, e.g. {@code "OpenL3"}
   * @param threads the thread budget, for creating the shared environment on first use
   * @throws SelectionException {@code CANCELLED} when {@code cancel} fired, {@code
   *     RUNTIME_UNAVAILABLE} without ONNX Runtime, {@code INTERNAL_ERROR} when inference fails; and
   *     whatever {@code read} throws as a {@link SelectionException}
   */
  public static <T> T run(
      String what,
      OrtSession session,
      int threads,
      String inputName,
      float[] input,
      long[] shape,
      CancellationToken cancel,
      Function<OrtSession.Result, T> read) {
    OrtEnvironment env;
    try {
      env = OrtRuntime.environment(threads);
    } catch (OrtException e) {
      throw new SelectionException(ErrorCode.RUNTIME_UNAVAILABLE, "ONNX Runtime is unavailable", e);
    }
    Object terminateLock = new Object();
    boolean[] optionsOpen = {false};
    OnnxTensor tensor = null;
    OrtSession.Result result = null;
    OrtSession.RunOptions options = null;
    AutoCloseable registration = null;
    try {
      options = new OrtSession.RunOptions();
      optionsOpen[0] = true;
      OrtSession.RunOptions finalOptions = options;
      registration =
          cancel.onCancel(
              () -> {
                synchronized (terminateLock) {
                  if (optionsOpen[0]) {
                    try {
                      finalOptions.setTerminate(true);
                    } catch (OrtException e) {
                      LOG.debug("Could not terminate the {} run: {}", what, e.getMessage());
                    }
                  }
                }
              });
      tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
      result = session.run(Map.of(inputName, tensor), options);
      return read.apply(result);
    } catch (OrtException | RuntimeException e) {
      if (e instanceof SelectionException se) {
        throw se;
      }
      if (cancel.isCancelled()) {
        throw new SelectionException(ErrorCode.CANCELLED, what + " inference cancelled", e);
      }
      throw new SelectionException(
          ErrorCode.INTERNAL_ERROR, what + " inference failed: " + e.getMessage(), e);
    } finally {
      if (registration != null) {
        try {
          registration.close();
        } catch (Exception ignored) {
          // Unregistering a callback cannot fail.
        }
      }
      if (result != null) {
        result.close();
      }
      if (tensor != null) {
        tensor.close();
      }
      synchronized (terminateLock) {
        optionsOpen[0] = false;
        if (options != null) {
          options.close();
        }
      }
    }
  }
}
