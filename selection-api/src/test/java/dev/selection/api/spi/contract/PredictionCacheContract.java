package dev.selection.api.spi.contract;

import static dev.selection.api.spi.contract.Ids.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selection.api.spi.CachedScore;
import dev.selection.api.spi.PredictionCache;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link PredictionCache} must have. Extend it and implement {@link
 * #open(Path)}.
 */
public abstract class PredictionCacheContract {
  /** A folder made fresh for each test. */
  @TempDir protected Path dir;

  private final List<PredictionCache> opened = new ArrayList<>();

  /**
   * Opens the prediction cache of the library in {@code folder}; twice on one folder = same data.
   */
  protected abstract PredictionCache open(Path folder);

  /** Opens a cache on {@link #dir} that is closed after the test. */
  protected final PredictionCache cache() {
    PredictionCache c = open(dir);
    opened.add(c);
    return c;
  }

  @AfterEach
  void closeAll() {
    opened.forEach(PredictionCache::close);
  }

  @Test
  void get_returnsScoresOfTheRevisionAtTheCurrentHash() {
    PredictionCache c = cache();
    c.put(
        3,
        List.of(
            new CachedScore(id(1), "h1", 0.75),
            new CachedScore(id(2), "h2", 0.0),
            new CachedScore(id(3), "h3", 1.0)));
    Map<String, Double> got =
        c.get(Map.of(id(1), "h1", id(2), "h2", id(3), "changed", id(4), "h4"), 3);
    assertThat(got).isEqualTo(Map.of(id(1), 0.75, id(2), 0.0));
    assertThat(c.get(Map.of(id(1), "h1"), 2)).isEmpty();
    assertThat(c.get(Map.of(), 3)).isEmpty();
  }

  @Test
  void get_nullOrEmptyHash_matchesTheEmptyHash() {
    PredictionCache c = cache();
    c.put(1, List.of(new CachedScore(id(1), null, 0.5)));
    Map<String, String> wanted = new HashMap<>();
    wanted.put(id(1), null);
    assertThat(c.get(wanted, 1)).containsEntry(id(1), 0.5);
    assertThat(c.get(Map.of(id(1), ""), 1)).containsEntry(id(1), 0.5);
  }

  @Test
  void get_manySongs_findsAll() {
    PredictionCache c = cache();
    List<CachedScore> scores = new ArrayList<>();
    Map<String, String> wanted = new HashMap<>();
    for (int i = 0; i < 1500; i++) {
      scores.add(new CachedScore(id(i), "h", i / 1500.0));
      wanted.put(id(i), "h");
    }
    c.put(1, scores);
    Map<String, Double> got = c.get(wanted, 1);
    assertThat(got).hasSize(1500);
    assertThat(got.get(id(750))).isEqualTo(0.5);
  }

  @Test
  void put_sameKey_replacesScore() {
    PredictionCache c = cache();
    c.put(1, List.of(new CachedScore(id(1), "h", 0.1)));
    c.put(1, List.of(new CachedScore(id(1), "h", 0.9)));
    assertThat(c.get(Map.of(id(1), "h"), 1)).containsEntry(id(1), 0.9);
    assertThat(c.clear()).isEqualTo(1);
  }

  @Test
  void put_nullElement_writesNothing() {
    PredictionCache c = cache();
    List<CachedScore> scores = Arrays.asList(new CachedScore(id(1), "h", 0.1), null);
    assertThatThrownBy(() -> c.put(1, scores)).isInstanceOf(NullPointerException.class);
    assertThat(c.clear()).isZero();
  }

  @Test
  void deleteOtherRevisions_keepsOnlyOne() {
    PredictionCache c = cache();
    c.put(1, List.of(new CachedScore(id(1), "h", 0.1), new CachedScore(id(2), "h", 0.2)));
    c.put(2, List.of(new CachedScore(id(1), "h", 0.3)));
    c.put(3, List.of(new CachedScore(id(1), "h", 0.4)));
    assertThat(c.deleteOtherRevisions(2)).isEqualTo(3);
    assertThat(c.get(Map.of(id(1), "h"), 2)).containsEntry(id(1), 0.3);
    assertThat(c.get(Map.of(id(1), "h"), 1)).isEmpty();
    assertThat(c.get(Map.of(id(1), "h"), 3)).isEmpty();
  }

  @Test
  void deleteSongs_dropsEveryRowOfThoseSongs() {
    PredictionCache c = cache();
    c.put(1, List.of(new CachedScore(id(1), "h", 0.1), new CachedScore(id(2), "h", 0.2)));
    c.put(2, List.of(new CachedScore(id(1), "g", 0.3)));
    assertThat(c.deleteSongs(List.of(id(1), id(1), id(9)))).isEqualTo(2);
    assertThat(c.get(Map.of(id(2), "h"), 1)).containsEntry(id(2), 0.2);
    assertThat(c.deleteSongs(List.of())).isZero();
  }

  @Test
  void deleteStaleFileHashes_keepsTheCurrentHash() {
    PredictionCache c = cache();
    c.put(
        1,
        List.of(
            new CachedScore(id(1), "old", 0.1),
            new CachedScore(id(1), "new", 0.2),
            new CachedScore(id(2), "old", 0.3)));
    c.put(2, List.of(new CachedScore(id(1), "older", 0.4)));
    assertThat(c.deleteStaleFileHashes(id(1), "new")).isEqualTo(2);
    assertThat(c.get(Map.of(id(1), "new"), 1)).containsEntry(id(1), 0.2);
    assertThat(c.get(Map.of(id(2), "old"), 1)).containsEntry(id(2), 0.3);
  }

  @Test
  void clear_deletesEverything() {
    PredictionCache c = cache();
    c.put(1, List.of(new CachedScore(id(1), "h", 0.1)));
    c.put(2, List.of(new CachedScore(id(2), "h", 0.2)));
    assertThat(c.clear()).isEqualTo(2);
    assertThat(c.get(Map.of(id(1), "h", id(2), "h"), 1)).isEmpty();
  }

  @Test
  void data_survivesReopen() {
    try (PredictionCache c = open(dir)) {
      c.put(5, List.of(new CachedScore(id(1), "h", 0.5)));
    }
    assertThat(cache().get(Map.of(id(1), "h"), 5)).containsEntry(id(1), 0.5);
  }

  @Test
  void close_isIdempotent_andUseAfterCloseThrows() {
    PredictionCache c = open(dir);
    c.close();
    c.close();
    assertThatThrownBy(() -> c.get(Map.of(id(1), "h"), 1))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> c.put(1, List.of())).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(c::clear).isInstanceOf(IllegalStateException.class);
  }
}
