package dev.selection.core.internal.audio.lossy;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;
import org.slf4j.Logger;

/** Helpers shared by the lossy decoders: optional-library checks, versions and file errors. */
final class LossySupport {
  private LossySupport() {}

  /** Returns true when {@code className} can be loaded by this module's class loader. */
  static boolean classPresent(String className) {
    try {
      Class.forName(className, false, LossySupport.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * Returns the version from a library jar's Maven {@code pom.properties}, or "unknown".
   *
   * @param anchor a class of the library (its loader finds the resource)
   * @param groupId the Maven group
   * @param artifactId the Maven artifact
   */
  static String mavenVersion(String anchor, String groupId, String artifactId) {
    try {
      Class<?> c = Class.forName(anchor, false, LossySupport.class.getClassLoader());
      String res = "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
      try (InputStream in = c.getResourceAsStream(res)) {
        if (in != null) {
          Properties p = new Properties();
          p.load(in);
          String v = p.getProperty("version");
          if (v != null && !v.isBlank()) {
            return v.strip();
          }
        }
      }
    } catch (ClassNotFoundException | LinkageError | IOException | RuntimeException e) {
      // fall through
    }
    return "unknown";
  }

  /** Opens a file for reading, mapping failures to {@code IO_ERROR}. */
  static InputStream openFile(Path file) {
    try {
      if (!Files.isRegularFile(file)) {
        throw new SelectionException(ErrorCode.IO_ERROR, "Not a regular file: " + file);
      }
      return Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new SelectionException(ErrorCode.IO_ERROR, "File not found: " + file, e);
    } catch (AccessDeniedException e) {
      throw new SelectionException(ErrorCode.IO_ERROR, "Permission denied: " + file, e);
    } catch (IOException e) {
      throw new SelectionException(ErrorCode.IO_ERROR, "Cannot read " + file + ": " + e, e);
    }
  }

  /** Closes a stream opened by {@link #openFile}; a failure is only logged (to {@code log}). */
  static void closeQuietly(InputStream in, Path file, Logger log) {
    try {
      in.close();
    } catch (IOException e) {
      log.debug("Closing {}: {}", file, e.toString());
    }
  }

  /** Reads up to {@code n} bytes at {@code offset} of a file; fewer at its end, none on error. */
  static byte[] readAt(Path file, long offset, int n) {
    try (var ch = Files.newByteChannel(file)) {
      ch.position(offset);
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(n);
      while (b.hasRemaining() && ch.read(b) > 0) {
        // keep reading
      }
      return java.util.Arrays.copyOf(b.array(), b.position());
    } catch (IOException | RuntimeException e) {
      return new byte[0];
    }
  }

  /** Clamps a decoded sample to [-1, 1). */
  static float clamp(float v) {
    return v >= 1f ? 32767f / 32768f : (v < -1f ? -1f : v);
  }
}
