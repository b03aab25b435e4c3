package dev.selection.api.spi.contract;

import static dev.selection.api.spi.contract.Ids.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selection.api.spi.PathIndex;
import dev.selection.api.spi.PathIndexEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The behaviour every {@link PathIndex} must have. Extend it and implement {@link #open(Path)}.
 * Times are compared at millisecond precision.
 */
public abstract class PathIndexContract {
  /** A folder made fresh for each test. */
  @TempDir protected Path dir;

  private final List<PathIndex> opened = new ArrayList<>();

  /** Opens the path index of the library in {@code folder}; twice on one folder = same data. */
  protected abstract PathIndex open(Path folder);

  /** Opens an index on {@link #dir} that is closed after the test. */
  protected final PathIndex index() {
    PathIndex s = open(dir);
    opened.add(s);
    return s;
  }

  @AfterEach
  void closeAll() {
    opened.forEach(PathIndex::close);
  }

  static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");

  static PathIndexEntry entry(String path, long n, Instant lastSeen) {
    return new PathIndexEntry(path, 1000 + n, 5000 + n, id(n), "fh" + n, "ffmpeg", lastSeen);
  }

  @Test
  void normalize_makesAbsoluteSlashSeparatedPaths() {
    String n = PathIndex.normalize(Path.of("a", "..", "b", ".", "c.mp3"));
    assertThat(n)
        .endsWith("/b/c.mp3")
        .doesNotContain("\\")
        .doesNotContain("/./")
        .doesNotContain("..");
    assertThat(Path.of(n.replace('/', java.io.File.separatorChar)).isAbsolute()).isTrue();
  }

  @Test
  void lookup_needsPathSizeAndMtimeToMatch() {
    PathIndex p = index();
    PathIndexEntry e = entry("/music/a.mp3", 1, T0);
    p.put(e);
    assertThat(p.lookup("/music/a.mp3", e.sizeBytes(), e.mtimeMs())).isPresent();
    assertThat(p.lookup("/music/a.mp3", e.sizeBytes() + 1, e.mtimeMs())).isEmpty();
    assertThat(p.lookup("/music/a.mp3", e.sizeBytes(), e.mtimeMs() + 1)).isEmpty();
    assertThat(p.lookup("/music/A.mp3", e.sizeBytes(), e.mtimeMs())).isEmpty();
    assertThat(p.lookup("/music/b.mp3", e.sizeBytes(), e.mtimeMs())).isEmpty();
  }

  @Test
  void lookup_hit_returnsEntryAndRefreshesLastSeen() {
    PathIndex p = index();
    PathIndexEntry e = entry("/music/a.mp3", 1, T0.minus(Duration.ofDays(3000)));
    p.put(e);
    PathIndexEntry hit = p.lookup(e.path(), e.sizeBytes(), e.mtimeMs()).orElseThrow();
    assertThat(hit.songId()).isEqualTo(e.songId());
    assertThat(hit.fileHash()).isEqualTo(e.fileHash());
    assertThat(hit.decoder()).isEqualTo(e.decoder());
    assertThat(hit.lastSeen()).isAfter(e.lastSeen());
    // A GC with a TTL that the old time would fail keeps the refreshed entry.
    assertThat(p.gc(Duration.ofDays(1), 100, hit.lastSeen(), true)).isZero();
    assertThat(p.count()).isEqualTo(1);
  }

  @Test
  void put_replacesTheEntryOfItsPath() {
    PathIndex p = index();
    p.put(entry("/music/a.mp3", 1, T0));
    PathIndexEntry e2 = entry("/music/a.mp3", 2, T0);
    p.put(e2);
    assertThat(p.count()).isEqualTo(1);
    assertThat(p.lookup(e2.path(), e2.sizeBytes(), e2.mtimeMs()).orElseThrow().songId())
        .isEqualTo(id(2));
  }

  @Test
  void put_nullableFields_roundTrip() {
    PathIndex p = index();
    PathIndexEntry e = new PathIndexEntry("/m/x.flac", 0, -5, id(3), null, null, T0);
    p.put(e);
    PathIndexEntry hit = p.lookup("/m/x.flac", 0, -5).orElseThrow();
    assertThat(hit.fileHash()).isNull();
    assertThat(hit.decoder()).isNull();
  }

  @Test
  void move_keepsSongIdAtTheNewPath() {
    PathIndex p = index();
    p.put(entry("/old/a.mp3", 1, T0));
    assertThat(p.move("/old/a.mp3", "/new/a.mp3", 1001, 7777)).isTrue();
    assertThat(p.lookup("/old/a.mp3", 1001, 5001)).isEmpty();
    PathIndexEntry moved = p.lookup("/new/a.mp3", 1001, 7777).orElseThrow();
    assertThat(moved.songId()).isEqualTo(id(1));
    assertThat(moved.fileHash()).isEqualTo("fh1");
    assertThat(p.count()).isEqualTo(1);
    assertThat(p.pathOf(id(1))).contains("/new/a.mp3");
    assertThat(p.move("/nothing/here.mp3", "/x.mp3", 1, 1)).isFalse();
    assertThat(p.count()).isEqualTo(1);
  }

  @Test
  void move_ontoAnIndexedPath_replacesIt() {
    PathIndex p = index();
    p.put(entry("/a.mp3", 1, T0));
    p.put(entry("/b.mp3", 2, T0));
    assertThat(p.move("/a.mp3", "/b.mp3", 9, 9)).isTrue();
    assertThat(p.count()).isEqualTo(1);
    assertThat(p.lookup("/b.mp3", 9, 9).orElseThrow().songId()).isEqualTo(id(1));
  }

  @Test
  void pathOf_returnsMostRecentlySeenPath() {
    PathIndex p = index();
    p.put(new PathIndexEntry("/a.mp3", 1, 1, id(1), null, null, T0));
    p.put(new PathIndexEntry("/b.mp3", 1, 1, id(1), null, null, T0.plusSeconds(10)));
    p.put(new PathIndexEntry("/c.mp3", 1, 1, id(1), null, null, T0.minusSeconds(10)));
    assertThat(p.pathOf(id(1))).contains("/b.mp3");
    assertThat(p.pathOf(id(2))).isEmpty();
  }

  @Test
  void remove_dropsOneEntry() {
    PathIndex p = index();
    p.put(entry("/a.mp3", 1, T0));
    p.put(entry("/b.mp3", 2, T0));
    assertThat(p.remove("/a.mp3")).isTrue();
    assertThat(p.remove("/a.mp3")).isFalse();
    assertThat(p.count()).isEqualTo(1);
  }

  @Test
  void findByContent_matchesSizeAndFileHash_mostRecentlySeenFirst() {
    PathIndex p = index();
    p.put(new PathIndexEntry("music/a.mp3", 10, 1, id(1), "fhA", "mp3/2", T0));
    p.put(new PathIndexEntry("/old/a.mp3", 10, 2, id(1), "fhA", "mp3/2", T0.minusSeconds(5)));
    p.put(new PathIndexEntry("music/b.mp3", 11, 1, id(2), "fhB", "mp3/2", T0));
    assertThat(p.findByContent(10, "fhA"))
        .get()
        .extracting(PathIndexEntry::path)
        .isEqualTo("music/a.mp3");
    assertThat(p.findByContent(10, "fhA"))
        .get()
        .extracting(PathIndexEntry::songId)
        .isEqualTo(id(1));
    // The same hash with another size, or another hash, is another file.
    assertThat(p.findByContent(11, "fhA")).isEmpty();
    assertThat(p.findByContent(10, "fhB")).isEmpty();
    // The size probe agrees: sizes of stored files only.
    assertThat(p.containsSize(10)).isTrue();
    assertThat(p.containsSize(11)).isTrue();
    assertThat(p.containsSize(12)).isFalse();
  }

  @Test
  void removeSongs_dropsEveryEntryOfThoseSongsOnly() {
    PathIndex p = index();
    p.put(new PathIndexEntry("/a.mp3", 1, 1, id(1), null, null, T0));
    p.put(new PathIndexEntry("/a-copy.mp3", 1, 1, id(1), null, null, T0));
    p.put(new PathIndexEntry("/b.mp3", 1, 1, id(2), null, null, T0));
    assertThat(p.removeSongs(List.of(id(1), id(3)))).isEqualTo(2);
    assertThat(p.pathOf(id(1))).isEmpty();
    assertThat(p.pathOf(id(2))).contains("/b.mp3");
    assertThat(p.removeSongs(List.of())).isZero();
  }

  @Test
  void gc_dropsEntriesOlderThanTtl() {
    PathIndex p = index();
    p.put(entry("/old.mp3", 1, T0.minus(Duration.ofDays(40))));
    p.put(entry("/new.mp3", 2, T0.minus(Duration.ofDays(2))));
    assertThat(p.gc(Duration.ofDays(30), 1000, T0, false)).isEqualTo(1);
    assertThat(p.count()).isEqualTo(1);
    assertThat(p.pathOf(id(2))).contains("/new.mp3");
  }

  @Test
  void gc_capKeepsTheMostRecentlySeen() {
    PathIndex p = index();
    for (int i = 0; i < 10; i++) {
      p.put(entry("/f" + i + ".mp3", i, T0.minusSeconds(100 - i)));
    }
    assertThat(p.gc(Duration.ofDays(365), 4, T0, false)).isEqualTo(6);
    assertThat(p.count()).isEqualTo(4);
    for (int i = 6; i < 10; i++) {
      assertThat(p.pathOf(id(i))).contains("/f" + i + ".mp3");
    }
    assertThat(p.pathOf(id(5))).isEmpty();
  }

  @Test
  void gc_runsAtMostOncePer24hUnlessForced() {
    PathIndex p = index();
    assertThat(p.gc(Duration.ofDays(30), 1000, T0, false)).isZero();
    p.put(entry("/old.mp3", 1, T0.minus(Duration.ofDays(100))));
    assertThat(p.gc(Duration.ofDays(30), 1000, T0.plus(Duration.ofHours(23)), false)).isEqualTo(-1);
    assertThat(p.count()).isEqualTo(1);
    assertThat(p.gc(Duration.ofDays(30), 1000, T0.plus(Duration.ofHours(23)), true)).isEqualTo(1);
    p.put(entry("/old2.mp3", 2, T0.minus(Duration.ofDays(100))));
    // The forced run counts as a run: 23 h later is still too early; 24 h later is not.
    assertThat(p.gc(Duration.ofDays(30), 1000, T0.plus(Duration.ofHours(46)), false)).isEqualTo(-1);
    assertThat(p.gc(Duration.ofDays(30), 1000, T0.plus(Duration.ofHours(47)), false)).isEqualTo(1);
  }

  @Test
  void gc_lastRunIsRememberedAcrossReopen() {
    try (PathIndex p = open(dir)) {
      p.gc(Duration.ofDays(30), 1000, T0, false);
    }
    PathIndex p = index();
    assertThat(p.gc(Duration.ofDays(30), 1000, T0.plus(Duration.ofHours(1)), false)).isEqualTo(-1);
  }

  /**
   * Random entries and forced GCs against a model of the TTL-then-cap rule (distinct times, no
   * ties).
   */
  @ParameterizedTest(name = "seed={0}")
  @MethodSource("seeds")
  void gc_matchesTtlThenCapModel(long seed) {
    System.out.println("PathIndexContract.gc_matchesTtlThenCapModel seed=" + seed);
    Random rnd = new Random(seed);
    PathIndex p = index();
    TreeMap<Long, String> pathBySeenMs = new TreeMap<>();
    for (int round = 0; round < 4; round++) {
      for (int i = rnd.nextInt(30); i > 0; i--) {
        long seenMs;
        do {
          seenMs = T0.toEpochMilli() - rnd.nextInt(60 * 24 * 3600) * 1000L - rnd.nextInt(1000);
        } while (pathBySeenMs.containsKey(seenMs));
        String path = "/m/" + round + "/" + i + ".mp3";
        p.put(
            new PathIndexEntry(
                path, 1, 1, Ids.random(rnd), null, null, Instant.ofEpochMilli(seenMs)));
        pathBySeenMs.put(seenMs, path);
      }
      Duration ttl = Duration.ofDays(1 + rnd.nextInt(60));
      long cap = rnd.nextInt(40);
      long cutoffMs = T0.toEpochMilli() - ttl.toMillis();
      int expectedRemoved = pathBySeenMs.headMap(cutoffMs).size();
      pathBySeenMs.headMap(cutoffMs).clear();
      while (pathBySeenMs.size() > cap) {
        pathBySeenMs.pollFirstEntry();
        expectedRemoved++;
      }
      assertThat(p.gc(ttl, cap, T0, true))
          .as("seed %d round %d", seed, round)
          .isEqualTo(expectedRemoved);
      assertThat(p.count()).as("seed %d round %d", seed, round).isEqualTo(pathBySeenMs.size());
      for (String path : pathBySeenMs.values()) {
        assertThat(p.lookup(path, 1, 1)).as("seed %d: %s kept", seed, path).isPresent();
      }
      // The lookups refreshed the kept entries to the wall clock, outside the model's timeline:
      // remove them, so that the next round starts from an empty index.
      for (String path : pathBySeenMs.values()) {
        assertThat(p.remove(path)).isTrue();
      }
      pathBySeenMs.clear();
    }
  }

  static Stream<Long> seeds() {
    return LongStream.of(21, 22, 23, System.nanoTime()).boxed();
  }

  @Test
  void gc_refusesNegativeArguments() {
    PathIndex p = index();
    assertThatThrownBy(() -> p.gc(Duration.ofDays(-1), 10, T0, true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> p.gc(Duration.ofDays(1), -1, T0, true))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void data_survivesReopen() {
    try (PathIndex p = open(dir)) {
      p.put(entry("/a.mp3", 1, T0));
    }
    assertThat(index().lookup("/a.mp3", 1001, 5001)).isPresent();
  }

  @Test
  void close_isIdempotent_andUseAfterCloseThrows() {
    PathIndex p = open(dir);
    p.close();
    p.close();
    assertThatThrownBy(() -> p.lookup("/a", 1, 1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> p.put(entry("/a", 1, T0))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(p::count).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> p.gc(Duration.ZERO, 0, T0, true))
        .isInstanceOf(IllegalStateException.class);
  }
}
