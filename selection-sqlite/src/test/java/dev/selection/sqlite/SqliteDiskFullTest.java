package dev.selection.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.PathIndexEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A library on a full disk (a 16 MB tmpfs, so the test needs root and {@code mount}; skipped with
 * the reason printed otherwise): a write is a {@code DB_ERROR} that says "disk full", rows written
 * before it stay, and once space is freed the store writes again and passes {@code PRAGMA
 * integrity_check}.
 */
class SqliteDiskFullTest {
  @TempDir Path dir;

  @Test
  void fullDisk_isDbErrorSayingDiskFull_andKeepsEveryEarlierRow() throws Exception {
    Path mount = Files.createDirectories(dir.resolve("tmpfs"));
    if (!run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", mount.toString())) {
      String why = "cannot mount a tmpfs (needs root and mount): full-disk test skipped";
      System.out.println("SqliteDiskFullTest: " + why);
      assumeTrue(false, why);
    }
    try {
      Path filler = mount.resolve("filler");
      try (SqlitePathIndex index = SqlitePathIndex.open(mount)) {
        for (int i = 0; i < 100; i++) {
          index.put(entry(i));
        }
        fill(filler);
        SelectionException full = null;
        for (int i = 100; i < 200_000 && full == null; i++) {
          try {
            index.put(entry(i));
          } catch (SelectionException e) {
            full = e;
          }
        }
        assertThat(full).as("a write fails on the full disk").isNotNull();
        assertThat(full.code()).isEqualTo(ErrorCode.DB_ERROR);
        assertThat(full.getMessage()).contains("disk full").contains("selection_path_index.db");
        Files.delete(filler);
        long before = index.count();
        assertThat(before).isGreaterThanOrEqualTo(100);
        index.put(entry(999_999));
        assertThat(index.count()).isEqualTo(before + 1);
        for (int i = 0; i < 100; i++) {
          assertThat(index.lookup(entry(i).path(), 1000 + i, i)).as("row %d", i).isPresent();
        }
      }
      assertThat(Raw.column(mount.resolve("selection_path_index.db"), "PRAGMA integrity_check"))
          .containsExactly("ok");
    } finally {
      run("umount", mount.toString());
    }
  }

  private static PathIndexEntry entry(int i) {
    return new PathIndexEntry(
        "/music/song-" + i + "/" + "long folder name ".repeat(10) + ".flac",
        1000 + i,
        i,
        String.format(java.util.Locale.ROOT, "%064x", i),
        String.format(java.util.Locale.ROOT, "%064x", i + 1),
        "flac",
        Instant.EPOCH);
  }

  /** Writes until the file system has no space left. */
  static void fill(Path filler) {
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException expected) {
      // ENOSPC: the disk is full now.
    }
  }

  private static boolean run(String... command) {
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
