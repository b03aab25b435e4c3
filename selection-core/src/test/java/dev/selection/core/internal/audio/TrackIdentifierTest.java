package dev.selection.core.internal.audio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selection.api.spi.AudioDecoder;
import dev.selection.api.spi.AudioStream;
import dev.selection.api.spi.PathIndex;
import dev.selection.api.spi.PathIndexEntry;
import dev.selection.api.testing.AudioFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackIdentifierTest {
  @TempDir Path dir;

  /** A plain in-memory PathIndex for the test. */
  static final class MemoryIndex implements PathIndex {
    final Map<String, PathIndexEntry> rows = new ConcurrentHashMap<>();
    final AtomicInteger contentLookups = new AtomicInteger();

    @Override
    public Optional<PathIndexEntry> lookup(String path, long sizeBytes, long mtimeMs) {
      PathIndexEntry e = rows.get(path);
      return e != null && e.sizeBytes() == sizeBytes && e.mtimeMs() == mtimeMs
          ? Optional.of(e)
          : Optional.empty();
    }

    @Override
    public void put(PathIndexEntry entry) {
      rows.put(entry.path(), entry);
    }

    @Override
    public boolean move(String fromPath, String toPath, long sizeBytes, long mtimeMs) {
      PathIndexEntry e = rows.remove(fromPath);
      if (e == null) {
        return false;
      }
      rows.put(
          toPath,
          new PathIndexEntry(
              toPath, sizeBytes, mtimeMs, e.songId(), e.fileHash(), e.decoder(), e.lastSeen()));
      return true;
    }

    @Override
    public Optional<PathIndexEntry> findByContent(long sizeBytes, String fileHash) {
      contentLookups.incrementAndGet();
      return rows.values().stream()
          .filter(e -> e.sizeBytes() == sizeBytes && fileHash.equals(e.fileHash()))
          .findFirst();
    }

    @Override
    public boolean containsSize(long sizeBytes) {
      return rows.values().stream().anyMatch(e -> e.sizeBytes() == sizeBytes);
    }

    @Override
    public Optional<String> pathOf(String songId) {
      return rows.values().stream()
          .filter(e -> e.songId().equals(songId))
          .map(PathIndexEntry::path)
          .findFirst();
    }

    @Override
    public boolean remove(String path) {
      return rows.remove(path) != null;
    }

    @Override
    public long count() {
      return rows.size();
    }

    @Override
    public int gc(Duration ttl, long maxEntries, Instant now, boolean force) {
      return 0;
    }

    @Override
    public void close() {}
  }

  /** Counts the files it opens. */
  static final class CountingWav implements AudioDecoder {
    final AtomicInteger opens = new AtomicInteger();
    final WavDecoder wav = new WavDecoder();

    @Override
    public String name() {
      return "wav";
    }

    @Override
    public String version() {
      return "1";
    }

    @Override
    public boolean canDecode(Path file, byte[] head) {
      return wav.canDecode(file, head);
    }

    @Override
    public AudioStream open(Path file) {
      opens.incrementAndGet();
      return wav.open(file);
    }
  }

  private final CountingWav counting = new CountingWav();
  private final Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
  private final TrackIdentifier ids =
      new TrackIdentifier(
          DecoderRegistry.discover(
              dev.selection.api.AnalysisConfig.builder().decoders(counting).build()),
          clock);

  @Test
  void identify_reportsEverything() throws Exception {
    short[] s = AudioFixtures.signal16(41, 44100, 2);
    byte[] info =
        WavDecoderTest.concat("INFO".getBytes(), TestAudio.chunk("IART", WavDecoderTest.z("Me")));
    Path f =
        TestAudio.riff(
            dir.resolve("a.wav"),
            TestAudio.chunk("fmt ", TestAudio.fmt(1, 2, 44100, 16)),
            TestAudio.chunk("LIST", info),
            TestAudio.chunk("data", TestAudio.le16(s)));
    TrackIdentity id = ids.identify(f);
    assertThat(id.songId()).isEqualTo(SongIdTest.sha256(TestAudio.le16(s)));
    assertThat(id.fileHash()).isEqualTo(SongIdTest.sha256(Files.readAllBytes(f)));
    assertThat(id.durationSec()).isEqualTo(1.0);
    assertThat(id.bitrateKbps()).isEqualTo(1411.2);
    assertThat(id.decoder()).isEqualTo("wav");
    assertThat(id.info().format()).isEqualTo("wav");
    assertThat(id.tags().metadata().artist()).isEqualTo("Me");
  }

  @Test
  void songIdFor_usesTheIndexWhenPathSizeAndMtimeMatch() throws Exception {
    Path f =
        AudioFixtures.wav16(dir.resolve("a.wav"), 8000, 1, AudioFixtures.signal16(42, 8000, 1));
    MemoryIndex index = new MemoryIndex();
    String first = ids.songIdFor(f, index);
    assertThat(counting.opens).hasValue(1);
    PathIndexEntry e = index.rows.get(PathIndex.normalize(f));
    assertThat(e.songId()).isEqualTo(first);
    assertThat(e.fileHash()).isEqualTo(SongIdTest.sha256(Files.readAllBytes(f)));
    assertThat(e.decoder()).isEqualTo("wav");
    assertThat(e.lastSeen()).isEqualTo(clock.instant());

    assertThat(ids.songIdFor(f, index)).isEqualTo(first);
    assertThat(counting.opens).hasValue(1); // a hit: not decoded again

    Files.setLastModifiedTime(f, FileTime.fromMillis(e.mtimeMs() + 5000));
    assertThat(ids.songIdFor(f, index)).isEqualTo(first);
    assertThat(counting.opens).hasValue(1); // mtime changed, same bytes: known by content

    AudioFixtures.wav16(f, 8000, 1, AudioFixtures.signal16(44, 8000, 1));
    assertThat(ids.songIdFor(f, index)).isNotEqualTo(first);
    assertThat(counting.opens).hasValue(2); // bytes changed: decoded again
  }

  @Test
  void songIdFor_ofANewFileOfAnUnknownSize_doesNotHashItBeforeDecoding() throws Exception {
    MemoryIndex index = new MemoryIndex();
    Path a =
        AudioFixtures.wav16(dir.resolve("a.wav"), 8000, 1, AudioFixtures.signal16(46, 8000, 1));
    Path b =
        AudioFixtures.wav16(dir.resolve("b.wav"), 8000, 1, AudioFixtures.signal16(47, 9000, 1));
    ids.songIdFor(a, index);
    ids.songIdFor(b, index);
    // No stored file had either size: the content lookup (a full read to hash) was skipped.
    assertThat(index.contentLookups).hasValue(0);
    assertThat(counting.opens).hasValue(2);
    // A copy of a known size is looked up by its bytes, and not decoded.
    Path copy = dir.resolve("copy.wav");
    Files.copy(a, copy);
    ids.songIdFor(copy, index);
    assertThat(index.contentLookups).hasValue(1);
    assertThat(counting.opens).hasValue(2);
  }

  @Test
  void songIdFor_underTheLibraryRoot_keysRelative_andACopiedRootIsNotDecoded() throws Exception {
    Path root = Files.createDirectories(dir.resolve("lib"));
    Path f =
        AudioFixtures.wav16(
            Files.createDirectories(root.resolve("music")).resolve("a.wav"),
            8000,
            1,
            AudioFixtures.signal16(45, 8000, 1));
    TrackIdentifier rooted =
        new TrackIdentifier(
            DecoderRegistry.discover(
                dev.selection.api.AnalysisConfig.builder().decoders(counting).build()),
            clock,
            PathKeys.under(root));
    MemoryIndex index = new MemoryIndex();
    String id = rooted.songIdFor(f, index);
    assertThat(index.rows).containsOnlyKeys("music/a.wav");

    Path copy = Files.createDirectories(dir.resolve("copy/music")).resolve("a.wav");
    Files.copy(f, copy, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
    TrackIdentifier copied =
        new TrackIdentifier(
            DecoderRegistry.discover(
                dev.selection.api.AnalysisConfig.builder().decoders(counting).build()),
            clock,
            PathKeys.under(dir.resolve("copy")));
    assertThat(copied.songIdFor(copy, index)).isEqualTo(id);
    assertThat(copied.keys().resolve("music/a.wav")).isEqualTo(copy);
    assertThat(counting.opens).hasValue(1);
  }

  @Test
  void recordMove_ofAMoveTheHostMade_keepsTheEntry_soTheFileIsNotDecodedAgain() throws Exception {
    Path f =
        AudioFixtures.wav16(dir.resolve("a.wav"), 8000, 1, AudioFixtures.signal16(43, 8000, 1));
    MemoryIndex index = new MemoryIndex();
    String id = ids.songIdFor(f, index);
    Path to = Files.createDirectories(dir.resolve("sub")).resolve("b.wav");
    Files.move(f, to); // the host moves the file
    assertThat(ids.recordMove(f, to, index)).isTrue();
    assertThat(index.rows).containsOnlyKeys(PathIndex.normalize(to));
    assertThat(ids.songIdFor(to, index)).isEqualTo(id);
    assertThat(counting.opens).hasValue(1);
  }

  @Test
  void recordMove_missingAtBothPaths_isAnIoError_andChangesNothing() throws Exception {
    Path f =
        AudioFixtures.wav16(dir.resolve("a.wav"), 8000, 1, AudioFixtures.signal16(46, 8000, 1));
    MemoryIndex index = new MemoryIndex();
    ids.songIdFor(f, index);
    Map<String, PathIndexEntry> before = Map.copyOf(index.rows);
    Files.delete(f);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ids.recordMove(f, dir.resolve("nowhere.wav"), index))
        .isInstanceOfSatisfying(
            dev.selection.api.SelectionException.class,
            e -> assertThat(e.code()).isEqualTo(dev.selection.api.ErrorCode.IO_ERROR));
    assertThat(index.rows).isEqualTo(before);
  }

  @Test
  void recordMove_ofAnotherFile_leavesTheOldEntry() throws Exception {
    Path f =
        AudioFixtures.wav16(dir.resolve("a.wav"), 8000, 1, AudioFixtures.signal16(47, 8000, 1));
    MemoryIndex index = new MemoryIndex();
    ids.songIdFor(f, index);
    Path other =
        AudioFixtures.wav16(dir.resolve("b.wav"), 8000, 1, AudioFixtures.signal16(48, 8000, 2));
    assertThat(ids.recordMove(f, other, index)).isFalse();
    assertThat(index.rows).containsOnlyKeys(PathIndex.normalize(f));
  }
}
