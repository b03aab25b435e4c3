package dev.selection.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selection.api.spi.FeatureStore;
import dev.selection.api.spi.LabelStore;
import dev.selection.api.spi.PathIndex;
import dev.selection.api.spi.PredictionCache;
import dev.selection.api.spi.StoreProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreProviderTest {
  @TempDir Path dir;

  @Test
  void serviceLoader_findsTheSqliteProvider() {
    StoreProvider provider =
        ServiceLoader.load(StoreProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.name().equals("sqlite"))
            .findFirst()
            .orElseThrow();
    assertThat(provider).isInstanceOf(SqliteStoreProvider.class);
    assertThat(provider.priority()).isZero();
  }

  @Test
  void provider_opensEveryStoreInItsFile() {
    StoreProvider provider = new SqliteStoreProvider();
    try (FeatureStore f = provider.openFeatureStore(dir);
        LabelStore l = provider.openLabelStore(dir);
        PathIndex p = provider.openPathIndex(dir);
        PredictionCache c = provider.openPredictionCache(dir)) {
      assertThat(f).isInstanceOf(SqliteFeatureStore.class);
      assertThat(l).isInstanceOf(SqliteLabelStore.class);
      assertThat(p).isInstanceOf(SqlitePathIndex.class);
      assertThat(c).isInstanceOf(SqlitePredictionCache.class);
      assertThat(((SqliteFeatureStore) f).file()).isEqualTo(dir.resolve("features.db"));
      assertThat(((SqlitePredictionCache) c).file()).isEqualTo(dir.resolve("features.db"));
      assertThat(((SqliteLabelStore) l).file()).isEqualTo(dir.resolve("selection_labels.db"));
      assertThat(((SqlitePathIndex) p).file()).isEqualTo(dir.resolve("selection_path_index.db"));
    }
    assertThat(dir.resolve("features.db")).isRegularFile();
    assertThat(dir.resolve("selection_labels.db")).isRegularFile();
    assertThat(dir.resolve("selection_path_index.db")).isRegularFile();
    assertThat(Files.exists(dir.resolve("models"))).isFalse();
  }
}
