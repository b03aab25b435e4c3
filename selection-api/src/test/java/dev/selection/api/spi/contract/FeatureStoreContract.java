package dev.selection.api.spi.contract;

import static dev.selection.api.spi.contract.Ids.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selection.api.BeatGrid;
import dev.selection.api.Embedding;
import dev.selection.api.ErrorCode;
import dev.selection.api.ExtractionFailure;
import dev.selection.api.SongFeatures;
import dev.selection.api.SongMetadata;
import dev.selection.api.spi.FeatureStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
 * The behaviour every {@link FeatureStore} must have. Extend it and implement {@link #open(Path)}.
 */
public abstract class FeatureStoreContract {
  /** A folder made fresh for each test. */
  @TempDir protected Path dir;

  private final List<FeatureStore> opened = new ArrayList<>();

  /**
   * Opens the store of the library in {@code folder} (an existing, empty or previously used
   * folder). Opening twice on one folder gives two stores on the same data.
   */
  protected abstract FeatureStore open(Path folder);

  /** Opens a store on {@link #dir} that is closed after the test. */
  protected final FeatureStore store() {
    FeatureStore s = open(dir);
    opened.add(s);
    return s;
  }

  @AfterEach
  void closeAll() {
    opened.forEach(FeatureStore::close);
  }

  /** Seeds of the property tests: a few fixed ones and one new one, printed. */
  static Stream<Long> seeds() {
    long fresh = System.nanoTime();
    return LongStream.of(1, 2, 3, fresh).boxed();
  }

  static float[] vector(Random rnd, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) rnd.nextGaussian();
    }
    return v;
  }

  static SongFeatures full(long n) {
    Random rnd = new Random(n);
    return SongFeatures.builder(id(n))
        .fileHash("hash" + n)
        .modelVersion("openl3-music-mel128-512")
        .openl3Vector(vector(rnd, 512))
        .timbre(vector(rnd, 40))
        .chromaprintFingerprint("AQAA" + n)
        .chromaprintSimhash(-1234567890123L * n)
        .rmsMean(0.25)
        .loudnessLufs(-14.5)
        .hpcp(vector(rnd, 36))
        .bpm(128.0)
        .bpmConfidence(0.8)
        .key("A minor")
        .keyStrength(0.7)
        .durationSec(201.5)
        .bitrateKbps(320.0)
        .metadata(
            new SongMetadata(
                "Title " + n,
                "Artist",
                "Album",
                List.of("House", "Techno"),
                2020,
                "warm \"quoted\" \\ comment\n"))
        .embedding(
            SongFeatures.EFFICIENTAT,
            new Embedding(vector(rnd, 384), 24, "efficientat-v" + n, probabilities(rnd, 527)))
        .embedding("host-kind", new Embedding(vector(rnd, 16), 3, "host-1"))
        .extractorVersion("openl3", "1")
        .extractorVersion("hpcp", "2")
        .build();
  }

  static float[] probabilities(Random rnd, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = rnd.nextFloat();
    }
    return v;
  }

  @Test
  void upsert_embeddings_mergeKindByKindAndKeepTheirTags() {
    FeatureStore s = store();
    SongFeatures f = full(3);
    s.upsert(List.of(f));
    Random rnd = new Random(99);
    Embedding newer =
        new Embedding(vector(rnd, 384), 12, "efficientat-v2", probabilities(rnd, 527));
    // Naming one kind replaces that kind only; the others, OpenL3 included, stay.
    assertThat(
            s.upsert(
                List.of(
                    SongFeatures.builder(id(3))
                        .embedding(SongFeatures.EFFICIENTAT, newer)
                        .build())))
        .isEqualTo(1);
    SongFeatures got = s.get(id(3)).orElseThrow();
    assertThat(got.embeddings()).containsOnlyKeys("openl3", "efficientat", "host-kind");
    assertThat(got.embedding(SongFeatures.EFFICIENTAT)).contains(newer);
    assertThat(got.embedding("host-kind")).isEqualTo(f.embedding("host-kind"));
    assertThat(got.openl3Vector()).containsExactly(f.openl3Vector());
    assertThat(got.modelVersion()).isEqualTo(f.modelVersion());
    // The same embedding again is no change.
    assertThat(
            s.upsert(
                List.of(
                    SongFeatures.builder(id(3))
                        .embedding(SongFeatures.EFFICIENTAT, newer)
                        .build())))
        .isZero();
  }

  @Test
  void delete_removesTheEmbeddingsToo() {
    FeatureStore s = store();
    s.upsert(List.of(full(4)));
    assertThat(s.delete(List.of(id(4)))).isEqualTo(1);
    s.upsert(List.of(SongFeatures.builder(id(4)).bpm(120.0).build()));
    assertThat(s.get(id(4)).orElseThrow().embeddings()).isEmpty();
  }

  @Test
  void forEach_and_getAll_carryEveryEmbeddingKind() {
    FeatureStore s = store();
    List<SongFeatures> rows = new ArrayList<>();
    for (long n = 10; n < 20; n++) {
      rows.add(full(n));
    }
    s.upsert(rows);
    Map<String, SongFeatures> seen = new HashMap<>();
    s.forEach(f -> seen.put(f.songId(), f));
    Map<String, SongFeatures> all = s.getAll(seen.keySet());
    for (SongFeatures f : rows) {
      assertThat(seen.get(f.songId()).embeddings()).isEqualTo(f.embeddings());
      assertThat(all.get(f.songId()).embeddings()).isEqualTo(f.embeddings());
    }
  }

  static SongFeatures withoutTime(SongFeatures f) {
    return f.toBuilder().updatedAt(null).build();
  }

  @Test
  void upsert_newSong_storesEveryComponent() {
    FeatureStore s = store();
    SongFeatures f = full(1);
    assertThat(s.upsert(List.of(f))).isEqualTo(1);
    SongFeatures got = s.get(id(1)).orElseThrow();
    assertThat(withoutTime(got)).isEqualTo(f);
    assertThat(got.updatedAt()).isNotNull();
  }

  @Test
  void upsert_explicitUpdatedAt_isKept() {
    FeatureStore s = store();
    Instant at = Instant.parse("2024-05-06T07:08:09.123456Z");
    s.upsert(List.of(full(1).toBuilder().updatedAt(at).build()));
    assertThat(s.get(id(1)).orElseThrow().updatedAt()).isEqualTo(at);
  }

  @Test
  void upsert_sameValuesAgain_countsZeroAndKeepsUpdatedAt() {
    FeatureStore s = store();
    Instant at = Instant.parse("2024-01-01T00:00:00Z");
    s.upsert(List.of(full(1).toBuilder().updatedAt(at).build()));
    assertThat(s.upsert(List.of(full(1)))).isZero();
    assertThat(s.upsert(List.of(SongFeatures.builder(id(1)).bpm(128.0).build()))).isZero();
    assertThat(s.get(id(1)).orElseThrow().updatedAt()).isEqualTo(at);
  }

  @Test
  void upsert_changedValue_countsOneAndRefreshesUpdatedAt() {
    FeatureStore s = store();
    Instant at = Instant.parse("2024-01-01T00:00:00Z");
    s.upsert(List.of(full(1).toBuilder().updatedAt(at).build(), full(2)));
    assertThat(
            s.upsert(
                List.of(
                    SongFeatures.builder(id(1)).bpm(127.0).build(),
                    SongFeatures.builder(id(3)).bpm(90.0).build())))
        .isEqualTo(2);
    SongFeatures got = s.get(id(1)).orElseThrow();
    assertThat(got.bpm()).isEqualTo(127.0);
    assertThat(got.updatedAt()).isAfter(at);
  }

  @Test
  void upsert_nullComponents_neverEraseStoredValues() {
    FeatureStore s = store();
    SongFeatures f = full(1);
    s.upsert(List.of(f));
    s.upsert(List.of(SongFeatures.builder(id(1)).build()));
    s.upsert(List.of(SongFeatures.builder(id(1)).key("C major").build()));
    SongFeatures expected = f.toBuilder().key("C major").build();
    assertThat(withoutTime(s.get(id(1)).orElseThrow())).isEqualTo(expected);
  }

  @Test
  void upsert_extractorVersions_mergeKeyByKey() {
    FeatureStore s = store();
    s.upsert(
        List.of(
            SongFeatures.builder(id(1))
                .extractorVersion("openl3", "1")
                .extractorVersion("hpcp", "1")
                .build()));
    s.upsert(
        List.of(
            SongFeatures.builder(id(1))
                .extractorVersion("hpcp", "2")
                .extractorVersion("bpm", "1")
                .build()));
    assertThat(s.get(id(1)).orElseThrow().extractorVersions())
        .isEqualTo(Map.of("openl3", "1", "hpcp", "2", "bpm", "1"));
  }

  @Test
  void upsert_metadata_nullLeavesItNonNullReplacesIt() {
    FeatureStore s = store();
    SongMetadata m1 = new SongMetadata("T", "A", null, List.of("Jazz"), 1999, null);
    s.upsert(List.of(SongFeatures.builder(id(1)).metadata(m1).build()));
    s.upsert(List.of(SongFeatures.builder(id(1)).bpm(100.0).build()));
    assertThat(s.get(id(1)).orElseThrow().metadata()).isEqualTo(m1);
    SongMetadata m2 = new SongMetadata("T2", null, "Al", List.of(), null, "c");
    s.upsert(List.of(SongFeatures.builder(id(1)).metadata(m2).build()));
    assertThat(s.get(id(1)).orElseThrow().metadata()).isEqualTo(m2);
    s.upsert(List.of(SongFeatures.builder(id(1)).metadata(SongMetadata.EMPTY).build()));
    assertThat(s.get(id(1)).orElseThrow().metadata()).isEqualTo(SongMetadata.EMPTY);
  }

  @Test
  void upsert_songWithoutMetadata_readsNullMetadata() {
    FeatureStore s = store();
    s.upsert(List.of(SongFeatures.builder(id(1)).bpm(100.0).build()));
    assertThat(s.get(id(1)).orElseThrow().metadata()).isNull();
  }

  @Test
  void upsert_duplicateIdsInOneCall_mergeInOrder() {
    FeatureStore s = store();
    int n =
        s.upsert(
            List.of(
                SongFeatures.builder(id(1)).bpm(100.0).key("A minor").build(),
                SongFeatures.builder(id(1)).bpm(101.0).build()));
    assertThat(n).isEqualTo(1);
    SongFeatures got = s.get(id(1)).orElseThrow();
    assertThat(got.bpm()).isEqualTo(101.0);
    assertThat(got.key()).isEqualTo("A minor");
  }

  @Test
  void upsert_nullItem_writesNothing() {
    FeatureStore s = store();
    List<SongFeatures> items = Arrays.asList(full(1), null);
    assertThatThrownBy(() -> s.upsert(items)).isInstanceOf(NullPointerException.class);
    assertThat(s.count()).isZero();
  }

  @Test
  void upsert_emptyList_returnsZero() {
    assertThat(store().upsert(List.of())).isZero();
  }

  @Test
  void upsert_extremeScalars_roundTrip() {
    FeatureStore s = store();
    SongFeatures f =
        SongFeatures.builder(id(1))
            .rmsMean(Double.MIN_VALUE)
            .loudnessLufs(Double.NEGATIVE_INFINITY)
            .bpm(Double.MAX_VALUE)
            .bpmConfidence(-Double.MAX_VALUE)
            .chromaprintSimhash(Long.MIN_VALUE)
            .durationSec(1e-300)
            .bitrateKbps(Double.POSITIVE_INFINITY)
            .keyStrength(0.0)
            .build();
    s.upsert(List.of(f));
    assertThat(withoutTime(s.get(id(1)).orElseThrow())).isEqualTo(f);
    // A scalar -0.0 may come back as +0.0 (SQLite's REAL does that); it must still be zero.
    s.upsert(List.of(SongFeatures.builder(id(2)).bpmConfidence(-0.0).build()));
    assertThat(s.get(id(2)).orElseThrow().bpmConfidence() == 0.0).isTrue();
  }

  @ParameterizedTest(name = "seed={0}")
  @MethodSource("seeds")
  void vectors_roundTripBitExactly(long seed) {
    System.out.println("FeatureStoreContract.vectors_roundTripBitExactly seed=" + seed);
    Random rnd = new Random(seed);
    FeatureStore s = store();
    float[] special = {
      0f,
      -0f,
      Float.MIN_VALUE,
      -Float.MIN_VALUE,
      Float.MIN_NORMAL,
      Float.MIN_NORMAL / 3,
      Float.MAX_VALUE,
      -Float.MAX_VALUE,
      Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY,
      1f,
      -1f
    };
    List<SongFeatures> items = new ArrayList<>();
    for (int k = 0; k < 20; k++) {
      int n = k == 0 ? 0 : 1 + rnd.nextInt(600);
      float[] v = new float[n];
      for (int i = 0; i < n; i++) {
        v[i] =
            rnd.nextInt(4) == 0
                ? special[rnd.nextInt(special.length)]
                : Float.intBitsToFloat(rnd.nextInt());
        if (Float.isNaN(v[i])) {
          v[i] =
              Float.intBitsToFloat(
                  rnd.nextInt(0x7f800000)); // finite or subnormal, any sign bit off
        }
      }
      // Embeddings are finite by contract; timbre and HPCP round-trip any float.
      float[] finite = v.clone();
      for (int i = 0; i < finite.length; i++) {
        if (!Float.isFinite(finite[i])) {
          finite[i] = Float.MAX_VALUE;
        }
      }
      items.add(
          SongFeatures.builder(Ids.random(rnd)).openl3Vector(finite).timbre(v).hpcp(v).build());
    }
    s.upsert(items);
    for (SongFeatures f : items) {
      SongFeatures got = s.get(f.songId()).orElseThrow();
      for (float[][] pair :
          new float[][][] {
            {f.openl3Vector(), got.openl3Vector()},
            {f.timbre(), got.timbre()},
            {f.hpcp(), got.hpcp()}
          }) {
        assertThat(pair[1]).hasSameSizeAs(pair[0]);
        for (int i = 0; i < pair[0].length; i++) {
          assertThat(Float.floatToRawIntBits(pair[1][i]))
              .as("seed %d element %d", seed, i)
              .isEqualTo(Float.floatToRawIntBits(pair[0][i]));
        }
      }
    }
  }

  /** Random partial upserts against a model that merges component by component. */
  @ParameterizedTest(name = "seed={0}")
  @MethodSource("seeds")
  void partialUpserts_matchComponentwiseModel(long seed) {
    System.out.println("FeatureStoreContract.partialUpserts_matchComponentwiseModel seed=" + seed);
    Random rnd = new Random(seed);
    FeatureStore s = store();
    String[] ids = {id(1), id(2), id(3)};
    Map<String, SongFeatures> model = new HashMap<>();
    for (int step = 0; step < 60; step++) {
      String sid = ids[rnd.nextInt(ids.length)];
      SongFeatures.Builder b = SongFeatures.builder(sid);
      if (rnd.nextBoolean()) {
        b.bpm(60 + rnd.nextInt(100) + 0.5);
      }
      if (rnd.nextInt(3) == 0) {
        b.key(rnd.nextBoolean() ? "A minor" : "C major");
      }
      if (rnd.nextInt(3) == 0) {
        b.openl3Vector(vector(rnd, 8));
      }
      if (rnd.nextInt(4) == 0) {
        b.fileHash("h" + rnd.nextInt(3));
      }
      if (rnd.nextInt(4) == 0) {
        b.metadata(new SongMetadata("t" + rnd.nextInt(3), null, null, List.of(), null, null));
      }
      if (rnd.nextInt(3) == 0) {
        b.extractorVersion("g" + rnd.nextInt(3), "v" + rnd.nextInt(3));
      }
      if (rnd.nextInt(5) == 0) {
        b.chromaprintSimhash(rnd.nextLong());
      }
      SongFeatures item = b.build();
      SongFeatures before = model.get(sid);
      SongFeatures after = before == null ? item : mergeModel(before, item);
      model.put(sid, after);
      int n = s.upsert(List.of(item));
      assertThat(n).as("seed %d step %d", seed, step).isEqualTo(after.equals(before) ? 0 : 1);
    }
    for (SongFeatures expected : model.values()) {
      assertThat(withoutTime(s.get(expected.songId()).orElseThrow()))
          .as("seed %d", seed)
          .isEqualTo(expected);
    }
  }

  /** The merge rule written out independently of any store. */
  private static SongFeatures mergeModel(SongFeatures old, SongFeatures u) {
    SongFeatures.Builder b = old.toBuilder();
    if (u.fileHash() != null) {
      b.fileHash(u.fileHash());
    }
    if (u.bpm() != null) {
      b.bpm(u.bpm());
    }
    if (u.key() != null) {
      b.key(u.key());
    }
    if (u.openl3Vector() != null) {
      b.openl3Vector(u.openl3Vector());
    }
    if (u.metadata() != null) {
      b.metadata(u.metadata());
    }
    if (u.chromaprintSimhash() != null) {
      b.chromaprintSimhash(u.chromaprintSimhash());
    }
    u.extractorVersions().forEach(b::extractorVersion);
    return b.build();
  }

  @Test
  void upsert_beatGrid_roundTripsExactly_andNullKeepsIt() {
    FeatureStore s = store();
    BeatGrid grid =
        new BeatGrid(
            List.of(
                new BeatGrid.Section(0.123456789, 60 / 128.0, 400),
                new BeatGrid.Section(188.0, 0.47, 1),
                new BeatGrid.Section(188.5, 0.4687, 37)),
            4,
            3);
    s.upsert(List.of(full(1).toBuilder().beatGrid(grid).build()));
    assertThat(s.get(id(1)).orElseThrow().beatGrid()).isEqualTo(grid);
    s.upsert(List.of(SongFeatures.builder(id(1)).bpm(127.9).build()));
    assertThat(s.get(id(1)).orElseThrow().beatGrid())
        .as("a null grid keeps the stored one")
        .isEqualTo(grid);
    BeatGrid unknownBars = new BeatGrid(List.of(new BeatGrid.Section(2, 0.5, 10)), 0, -1);
    s.upsert(List.of(SongFeatures.builder(id(1)).beatGrid(unknownBars).build()));
    assertThat(s.get(id(1)).orElseThrow().beatGrid()).isEqualTo(unknownBars);
  }

  @Test
  void get_unknownSong_isEmpty() {
    assertThat(store().get(id(9))).isEmpty();
  }

  @Test
  void getAll_returnsOnlyStoredSongs() {
    FeatureStore s = store();
    s.upsert(List.of(full(1), full(2)));
    Map<String, SongFeatures> got = s.getAll(List.of(id(1), id(2), id(3), id(1)));
    assertThat(got).containsOnlyKeys(id(1), id(2));
    assertThat(withoutTime(got.get(id(2)))).isEqualTo(full(2));
    assertThat(s.getAll(List.of())).isEmpty();
  }

  @Test
  void getAll_manySongs_findsAll() {
    FeatureStore s = store();
    List<SongFeatures> items = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      items.add(SongFeatures.builder(id(i)).bpm((double) i).build());
      ids.add(id(i));
    }
    assertThat(s.upsert(items)).isEqualTo(1200);
    Map<String, SongFeatures> got = s.getAll(ids);
    assertThat(got).hasSize(1200);
    assertThat(got.get(id(777)).bpm()).isEqualTo(777.0);
  }

  @Test
  void fileHashes_andSongIds_readTheKeysOfStoredSongsOnly() {
    FeatureStore s = store();
    s.upsert(
        List.of(
            SongFeatures.builder(id(3)).fileHash("h3").bpm(1.0).build(),
            SongFeatures.builder(id(1)).bpm(2.0).build()));
    assertThat(s.fileHashes(List.of(id(1), id(2), id(3), id(3))))
        .containsOnly(Map.entry(id(1), ""), Map.entry(id(3), "h3"));
    assertThat(s.fileHashes(List.of())).isEmpty();
    assertThat(s.songIds()).containsExactly(id(1), id(3));
  }

  @Test
  void forEach_visitsEverySongInIdOrder() {
    FeatureStore s = store();
    List<SongFeatures> items = new ArrayList<>();
    for (int i = 700; i >= 0; i--) {
      items.add(SongFeatures.builder(id(i)).bpm((double) i).build());
    }
    s.upsert(items);
    List<String> seen = new ArrayList<>();
    s.forEach(f -> seen.add(f.songId()));
    assertThat(seen).hasSize(701).isSorted().startsWith(id(0)).endsWith(id(700));
  }

  @Test
  void forEachSummary_matchesTheFullRows_inIdOrder() {
    FeatureStore s = store();
    List<SongFeatures> items = new ArrayList<>();
    for (long i = 0; i < 20; i++) {
      items.add(full(i));
    }
    items.add(SongFeatures.builder(id(999)).bpm(120.0).build());
    s.upsert(items);
    List<dev.selection.api.SongSummary> expected = new ArrayList<>();
    s.forEach(f -> expected.add(dev.selection.api.SongSummary.of(f)));
    List<dev.selection.api.SongSummary> seen = new ArrayList<>();
    s.forEachSummary(seen::add);
    assertThat(seen).hasSize(21).isEqualTo(expected);
    assertThat(seen.get(0).metadata()).isNotNull();
  }

  @Test
  void count_and_delete() {
    FeatureStore s = store();
    assertThat(s.count()).isZero();
    s.upsert(List.of(full(1), full(2), full(3)));
    assertThat(s.count()).isEqualTo(3);
    assertThat(s.delete(List.of(id(1), id(3), id(4), id(1)))).isEqualTo(2);
    assertThat(s.count()).isEqualTo(1);
    assertThat(s.get(id(1))).isEmpty();
    assertThat(s.get(id(2))).isPresent();
  }

  @Test
  void failures_recordReplaceReadClear() {
    FeatureStore s = store();
    Instant at = Instant.parse("2025-03-04T05:06:07Z");
    ExtractionFailure a =
        new ExtractionFailure("/m/a.mp3", 10, 20, ErrorCode.CORRUPT_AUDIO, "bad", at);
    ExtractionFailure b =
        new ExtractionFailure("/m/b.xyz", -1, -1, ErrorCode.UNSUPPORTED_FORMAT, "no", at);
    s.recordFailure(a);
    s.recordFailure(b);
    assertThat(s.failure("/m/a.mp3")).contains(a);
    assertThat(s.failures()).containsExactly(a, b);
    ExtractionFailure a2 =
        new ExtractionFailure("/m/a.mp3", 11, 21, ErrorCode.IO_ERROR, "gone", at.plusSeconds(1));
    s.recordFailure(a2);
    assertThat(s.failure("/m/a.mp3")).contains(a2);
    assertThat(s.clearFailure("/m/a.mp3")).isTrue();
    assertThat(s.clearFailure("/m/a.mp3")).isFalse();
    assertThat(s.failure("/m/a.mp3")).isEmpty();
    assertThat(s.failures()).containsExactly(b);
  }

  @Test
  void data_survivesReopen() {
    try (FeatureStore s = open(dir)) {
      s.upsert(List.of(full(1)));
      s.recordFailure(
          new ExtractionFailure(
              "/x", 1, 2, ErrorCode.IO_ERROR, "m", Instant.parse("2025-01-01T00:00:00Z")));
    }
    FeatureStore s = store();
    assertThat(withoutTime(s.get(id(1)).orElseThrow())).isEqualTo(full(1));
    assertThat(s.failures()).hasSize(1);
  }

  @Test
  void twoStoresOnOneFolder_seeEachOthersWrites() {
    FeatureStore a = store();
    FeatureStore b = store();
    a.upsert(List.of(SongFeatures.builder(id(1)).bpm(120.0).build()));
    b.upsert(List.of(SongFeatures.builder(id(1)).key("A minor").build()));
    SongFeatures got = a.get(id(1)).orElseThrow();
    assertThat(got.bpm()).isEqualTo(120.0);
    assertThat(got.key()).isEqualTo("A minor");
  }

  @Test
  void concurrentUpserts_fromManyThreads_loseNothing() throws Exception {
    FeatureStore a = store();
    FeatureStore b = store();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        FeatureStore s = t % 2 == 0 ? a : b;
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 25; i++) {
                    // Every thread writes its own component group of the same songs: none may be
                    // lost.
                    s.upsert(
                        List.of(
                            SongFeatures.builder(id(i))
                                .extractorVersion("t" + thread, "v")
                                .build()));
                    s.upsert(
                        List.of(
                            SongFeatures.builder(id(1000 + thread * 100 + i)).bpm(1.0).build()));
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(a.count()).isEqualTo(25 + 100);
    assertThat(a.get(id(7)).orElseThrow().extractorVersions())
        .containsOnlyKeys("t0", "t1", "t2", "t3");
  }

  @Test
  void close_isIdempotent_andUseAfterCloseThrows() {
    FeatureStore s = open(dir);
    s.close();
    s.close();
    assertThatThrownBy(() -> s.get(id(1))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> s.upsert(List.of(full(1)))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> s.upsert(List.of())).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(s::count).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(s::failures).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> s.forEach(f -> {})).isInstanceOf(IllegalStateException.class);
  }
}
