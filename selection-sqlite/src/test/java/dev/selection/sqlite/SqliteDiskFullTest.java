package dev.selection.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.PathIndexEntry;
import dev.selection.api.testing.SmallDisk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
    SmallDisk disk = SmallDisk.mountOrSkip(dir.resolve("tmpfs"), "16m", "SqliteDiskFullTest");
    Path mount = disk.root();
    try {
      Path filler = mount.resolve("filler");
      try (SqlitePathIndex index = SqlitePathIndex.open(mount)) {
        for (int i = 0; i < 100; i++) {
          index.put(entry(i));
        }
        SmallDisk.fill(filler);
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
      disk.close();
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
}
