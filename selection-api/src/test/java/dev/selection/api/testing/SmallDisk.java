package dev.selection.api.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs mounted on a folder, for full-disk tests: {@link #fill} writes until no space is
 * left. Mounting needs root and {@code mount}; without them {@link #mountOrSkip} skips the test
 * with a printed reason. Closing unmounts it.
 */
public final class SmallDisk implements AutoCloseable {
  private final Path root;

  private SmallDisk(Path root) {
    this.root = root;
  }

  /**
   * Mounts a tmpfs of {@code size} (e.g. {@code "16m"}) on {@code folder} (created if missing), or
   * skips the calling test, printing why, when that is not possible here.
   *
   * @param test the test's name, for the printed reason
   */
  public static SmallDisk mountOrSkip(Path folder, String size, String test) throws IOException {
    Files.createDirectories(folder);
    if (!AudioFixtures.tryRun(
        "mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", folder.toString())) {
      String why = "cannot mount a tmpfs (needs root and mount): full-disk test skipped";
      System.out.println(test + ": " + why);
      Assumptions.abort(why);
    }
    return new SmallDisk(folder);
  }

  /** Returns the mounted folder. */
  public Path root() {
    return root;
  }

  /** Writes {@code filler} (under {@link #root()}) until the file system has no space left. */
  public static void fill(Path filler) {
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException expected) {
      // ENOSPC: the disk is full now.
    }
  }

  /** Unmounts the tmpfs (its files are gone). */
  @Override
  public void close() {
    AudioFixtures.tryRun("umount", root.toString());
  }
}
