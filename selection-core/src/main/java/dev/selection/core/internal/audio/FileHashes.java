package dev.selection.core.internal.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 helpers: the fileHash of a file's bytes and hex formatting. Stateless and thread-safe.
 */
public final class FileHashes {
  private FileHashes() {}

  /**
   * Returns the lowercase hex SHA-256 of the file's bytes, read in 64 KiB blocks.
   *
   * @throws dev.selection.api.SelectionException {@code IO_ERROR} when the file cannot be read
   */
  public static String sha256(Path file) {
    SourceFile.checkReadableRegularFile(file);
    MessageDigest md = newSha256();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      int r;
      while ((r = in.read(buf)) >= 0) {
        md.update(buf, 0, r);
      }
    } catch (IOException e) {
      throw SourceFile.ioError(file, e);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** Returns a new SHA-256 digest (always present in the JDK). */
  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
    }
  }
}
