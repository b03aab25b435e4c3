package dev.selection.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selection.api.Label;
import dev.selection.api.LabelSnapshot;
import dev.selection.api.SongFeatures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several engines starting together on one new library root: nobody fails on SQLITE_BUSY. */
class SqliteConcurrencyTest {
  @TempDir Path dir;

  @Test
  void enginesOpeningANewLibraryTogether_allCreateAndWrite() throws Exception {
    int engines = 4;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(engines);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int e = 0; e < engines; e++) {
        int engine = e;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  // Each engine opens its own stores (own connections) at the same moment on a new
                  // root.
                  try (SqliteLabelStore labels = SqliteLabelStore.open(dir);
                      SqliteFeatureStore features = SqliteFeatureStore.open(dir);
                      SqlitePathIndex paths = SqlitePathIndex.open(dir);
                      SqlitePredictionCache cache = SqlitePredictionCache.open(dir)) {
                    for (int i = 0; i < 20; i++) {
                      labels.setLabels(
                          List.of(String.format("%064x", engine * 1000 + i)), Label.DISLIKED);
                      features.upsert(
                          List.of(
                              SongFeatures.builder(String.format("%064x", i))
                                  .extractorVersion("e" + engine, "1")
                                  .build()));
                    }
                    paths.count();
                    cache.clear();
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    try (SqliteLabelStore labels = SqliteLabelStore.open(dir);
        SqliteFeatureStore features = SqliteFeatureStore.open(dir)) {
      LabelSnapshot snap = labels.snapshot();
      assertThat(snap.negativeIds()).hasSize(engines * 20);
      assertThat(snap.sampleChangeCount()).isEqualTo(engines * 20);
      assertThat(features.count()).isEqualTo(20);
      assertThat(features.get(String.format("%064x", 5)).orElseThrow().extractorVersions())
          .containsOnlyKeys("e0", "e1", "e2", "e3");
    }
    assertThat(
            Raw.column(
                dir.resolve("features.db"),
                "SELECT value FROM schema_meta WHERE key='schemaVersion'"))
        .containsExactly("3");
  }
}
