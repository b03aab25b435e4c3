package dev.selection.api.spi.contract;

import static dev.selection.api.spi.contract.Ids.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selection.api.Label;
import dev.selection.api.LabelSnapshot;
import dev.selection.api.LabelUpdate;
import dev.selection.api.spi.LabelEntry;
import dev.selection.api.spi.LabelStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The behaviour every {@link LabelStore} must have. Extend it and implement {@link #open(Path)}.
 */
public abstract class LabelStoreContract {
  /** A folder made fresh for each test. */
  @TempDir protected Path dir;

  private final List<LabelStore> opened = new ArrayList<>();

  /** Opens the label store of the library in {@code folder}; twice on one folder = same data. */
  protected abstract LabelStore open(Path folder);

  /** Opens a store on {@link #dir} that is closed after the test. */
  protected final LabelStore store() {
    LabelStore s = open(dir);
    opened.add(s);
    return s;
  }

  @AfterEach
  void closeAll() {
    opened.forEach(LabelStore::close);
  }

  static Stream<Long> seeds() {
    return LongStream.of(11, 12, 13, System.nanoTime()).boxed();
  }

  @Test
  void newStore_isEmpty() {
    LabelStore s = store();
    assertThat(s.snapshot()).isEqualTo(new LabelSnapshot(List.of(), List.of(), 0));
    assertThat(s.get(id(1))).isEqualTo(Label.NEUTRAL);
    assertThat(s.entries()).isEmpty();
  }

  @Test
  void setLabels_neutralToLiked_countsEach() {
    LabelStore s = store();
    LabelUpdate u = s.setLabels(List.of(id(2), id(1)), Label.LIKED);
    assertThat(u).isEqualTo(new LabelUpdate(2, 2, 2, 2));
    assertThat(s.get(id(1))).isEqualTo(Label.LIKED);
    assertThat(s.snapshot()).isEqualTo(new LabelSnapshot(List.of(id(1), id(2)), List.of(), 2));
  }

  @Test
  void setLabels_sameToSame_countsZero() {
    LabelStore s = store();
    s.setLabels(List.of(id(1)), Label.LIKED);
    assertThat(s.setLabels(List.of(id(1)), Label.LIKED)).isEqualTo(new LabelUpdate(1, 0, 1, 0));
    assertThat(s.setLabels(List.of(id(5)), Label.NEUTRAL)).isEqualTo(new LabelUpdate(1, 0, 1, 0));
  }

  @Test
  void setLabels_everyRealTransition_countsOne() {
    LabelStore s = store();
    Label[] path = {
      Label.LIKED, Label.DISLIKED, Label.NEUTRAL, Label.DISLIKED, Label.LIKED, Label.NEUTRAL
    };
    long expected = 0;
    for (Label l : path) {
      LabelUpdate u = s.setLabels(List.of(id(1)), l);
      expected++;
      assertThat(u).isEqualTo(new LabelUpdate(1, 1, expected, 1));
      assertThat(s.get(id(1))).isEqualTo(l);
    }
  }

  @Test
  void setLabels_neutral_removesTheEntry() {
    LabelStore s = store();
    s.setLabels(List.of(id(1), id(2)), Label.DISLIKED);
    s.setLabels(List.of(id(1)), Label.NEUTRAL);
    assertThat(s.entries()).extracting(LabelEntry::songId).containsExactly(id(2));
    assertThat(s.snapshot().negativeIds()).containsExactly(id(2));
  }

  @Test
  void setLabels_duplicateIds_countOnce() {
    LabelStore s = store();
    LabelUpdate u = s.setLabels(List.of(id(1), id(1), id(2), id(1)), Label.LIKED);
    assertThat(u).isEqualTo(new LabelUpdate(2, 1 + 1, 2, 2));
  }

  @Test
  void setLabels_emptyCollection_changesNothing() {
    LabelStore s = store();
    assertThat(s.setLabels(List.of(), Label.LIKED)).isEqualTo(new LabelUpdate(0, 0, 0, 0));
  }

  @Test
  void setLabels_invalidIds_refusedBeforeAnythingIsWritten() {
    LabelStore s = store();
    List<List<String>> bad =
        List.of(
            Arrays.asList(id(1), null),
            List.of(id(1), ""),
            List.of(id(1), "xyz"),
            List.of(id(1), id(2).toUpperCase().replace('0', 'A')),
            List.of(id(1), id(2) + "0"),
            List.of(id(1), id(2).substring(1) + "g"));
    for (List<String> ids : bad) {
      assertThatThrownBy(() -> s.setLabels(ids, Label.LIKED))
          .as("%s", ids)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> s.setLabels(List.of(id(1)), null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> s.setLabels(null, Label.LIKED))
        .isInstanceOf(NullPointerException.class);
    assertThat(s.snapshot()).isEqualTo(new LabelSnapshot(List.of(), List.of(), 0));
  }

  @Test
  void setLabels_sameLabelAgain_keepsUpdatedAt() {
    LabelStore s = store();
    s.setLabels(List.of(id(1)), Label.LIKED);
    LabelEntry first = s.entries().get(0);
    s.setLabels(List.of(id(1), id(2)), Label.LIKED);
    assertThat(s.entries().get(0)).isEqualTo(first);
    assertThat(s.entries()).hasSize(2);
  }

  @Test
  void entries_holdLabelAndTime() {
    LabelStore s = store();
    s.setLabels(List.of(id(2)), Label.DISLIKED);
    s.setLabels(List.of(id(1)), Label.LIKED);
    List<LabelEntry> e = s.entries();
    assertThat(e).extracting(LabelEntry::songId).containsExactly(id(1), id(2));
    assertThat(e).extracting(LabelEntry::label).containsExactly(Label.LIKED, Label.DISLIKED);
    assertThat(e).allSatisfy(x -> assertThat(x.updatedAt()).isNotNull());
  }

  @Test
  void addSampleChanges_addsAndRefusesNegative() {
    LabelStore s = store();
    s.setLabels(List.of(id(1)), Label.LIKED);
    assertThat(s.addSampleChanges(0)).isEqualTo(1);
    assertThat(s.addSampleChanges(3)).isEqualTo(4);
    assertThatThrownBy(() -> s.addSampleChanges(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(s.snapshot().sampleChangeCount()).isEqualTo(4);
  }

  @Test
  void subtractSampleChanges_keepsChangesMadeSinceTheSnapshot_neverBelowZero() {
    LabelStore s = store();
    s.setLabels(List.of(id(1), id(2)), Label.LIKED);
    long seen = s.snapshot().sampleChangeCount(); // a training takes its snapshot: 2
    s.setLabels(List.of(id(3)), Label.DISLIKED); // a change while it runs
    assertThat(s.subtractSampleChanges(seen)).isEqualTo(1);
    assertThat(s.snapshot().sampleChangeCount()).isEqualTo(1);
    assertThat(s.subtractSampleChanges(0)).isEqualTo(1);
    assertThat(s.subtractSampleChanges(5)).isZero();
    assertThatThrownBy(() -> s.subtractSampleChanges(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(s.snapshot().negativeIds()).containsExactly(id(3));
  }

  @Test
  void resetSampleChangeCount_keepsLabels() {
    LabelStore s = store();
    s.setLabels(List.of(id(1)), Label.LIKED);
    assertThat(s.resetSampleChangeCount()).isZero();
    assertThat(s.snapshot()).isEqualTo(new LabelSnapshot(List.of(id(1)), List.of(), 0));
    assertThat(s.setLabels(List.of(id(1)), Label.DISLIKED).sampleChangeCount()).isEqualTo(1);
  }

  @Test
  void resetLabels_removesAllAndZeroesCount() {
    LabelStore s = store();
    s.setLabels(List.of(id(1), id(2)), Label.LIKED);
    s.setLabels(List.of(id(3)), Label.DISLIKED);
    assertThat(s.resetLabels()).isEqualTo(3);
    assertThat(s.snapshot()).isEqualTo(new LabelSnapshot(List.of(), List.of(), 0));
    assertThat(s.resetLabels()).isZero();
  }

  @Test
  void data_survivesReopen() {
    try (LabelStore s = open(dir)) {
      s.setLabels(List.of(id(1)), Label.LIKED);
      s.setLabels(List.of(id(2)), Label.DISLIKED);
    }
    assertThat(store().snapshot()).isEqualTo(new LabelSnapshot(List.of(id(1)), List.of(id(2)), 2));
  }

  @Test
  void concurrentWriters_onTwoStores_countExactly() throws Exception {
    LabelStore a = store();
    LabelStore b = store();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        LabelStore s = t % 2 == 0 ? a : b;
        int base = t * 1000;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 50; i++) {
                    s.setLabels(List.of(id(base + i)), Label.LIKED);
                    s.setLabels(List.of(id(base + i)), Label.DISLIKED);
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    LabelSnapshot snap = a.snapshot();
    assertThat(snap.negativeIds()).hasSize(200);
    assertThat(snap.sampleChangeCount()).isEqualTo(400);
  }

  /** Random label sequences against a model of the counting rule written out in the test. */
  @ParameterizedTest(name = "seed={0}")
  @MethodSource("seeds")
  void randomTransitions_matchCountingModel(long seed) {
    System.out.println("LabelStoreContract.randomTransitions_matchCountingModel seed=" + seed);
    Random rnd = new Random(seed);
    LabelStore s = store();
    Map<String, Label> model = new HashMap<>();
    long count = 0;
    Label[] labels = Label.values();
    for (int step = 0; step < 80; step++) {
      if (rnd.nextInt(25) == 0) {
        s.resetSampleChangeCount();
        count = 0;
        continue;
      }
      int n = rnd.nextInt(6);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        ids.add(id(rnd.nextInt(8))); // few ids: repeats and duplicates are common
      }
      Label label = labels[rnd.nextInt(labels.length)];
      Set<String> distinct = new HashSet<>(ids);
      int changed = 0;
      for (String sid : distinct) {
        if (model.getOrDefault(sid, Label.NEUTRAL) != label) {
          changed++;
        }
        if (label == Label.NEUTRAL) {
          model.remove(sid);
        } else {
          model.put(sid, label);
        }
      }
      count += changed;
      LabelUpdate u = s.setLabels(ids, label);
      assertThat(u)
          .as("seed %d step %d", seed, step)
          .isEqualTo(new LabelUpdate(distinct.size(), changed, count, changed));
    }
    TreeSet<String> pos = new TreeSet<>();
    TreeSet<String> neg = new TreeSet<>();
    model.forEach((k, v) -> (v == Label.LIKED ? pos : neg).add(k));
    assertThat(s.snapshot())
        .as("seed %d", seed)
        .isEqualTo(new LabelSnapshot(List.copyOf(pos), List.copyOf(neg), count));
  }

  @Test
  void close_isIdempotent_andUseAfterCloseThrows() {
    LabelStore s = open(dir);
    s.close();
    s.close();
    assertThatThrownBy(() -> s.setLabels(List.of(id(1)), Label.LIKED))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(s::snapshot).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> s.get(id(1))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(s::entries).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(s::resetLabels).isInstanceOf(IllegalStateException.class);
  }
}
