package dev.selection.core.internal.audio;

import dev.selection.api.CancellationToken;
import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.AudioInfo;
import dev.selection.api.spi.AudioStream;
import dev.selection.api.spi.PathIndex;
import dev.selection.api.spi.PathIndexEntry;
import dev.selection.core.internal.audio.tags.TrackTags;
import dev.selection.core.internal.pipeline.PcmSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Identifies audio files: decodes once to compute the songId (and feed any extra sinks), hashes the
 * file bytes, reads the tags, and keeps the {@link PathIndex} so that unchanged files are not
 * decoded again. Thread-safe when its registry's decoders are.
 */
public final class TrackIdentifier {
  private final DecoderRegistry registry;
  private final Clock clock;
  private final PathKeys keys;

  /**
   * Creates an identifier that keys the path index by absolute paths.
   *
   * @param registry chooses the decoder of each file
   * @param clock stamps the path index entries' last-seen time
   */
  public TrackIdentifier(DecoderRegistry registry, Clock clock) {
    this(registry, clock, PathKeys.absolute());
  }

  /**
   * Creates an identifier.
   *
   * @param registry chooses the decoder of each file
   * @param clock stamps the path index entries' last-seen time
   * @param keys the path keys of the library's index
   */
  public TrackIdentifier(DecoderRegistry registry, Clock clock, PathKeys keys) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  /** Returns the path keys of the index. */
  public PathKeys keys() {
    return keys;
  }

  /**
   * Decodes a file once, computing its songId and fileHash and reading its tags.
   *
   * @throws SelectionException {@code IO_ERROR}, {@code UNSUPPORTED_FORMAT} or {@code
   *     CORRUPT_AUDIO} for this file
   */
  public TrackIdentity identify(Path file) {
    return identify(file, List.of(), CancellationToken.none());
  }

  /**
   * Decodes a file once, feeding the PCM hash and {@code extraSinks} (interleaved native-rate
   * blocks) from the same pass: the entry point of decode-once feature extraction.
   *
   * @param file the audio file
   * @param extraSinks more sinks fed in the same pass (e.g. a {@link MonoMixSink})
   * @param token checked between blocks
   * @throws SelectionException {@code IO_ERROR}, {@code UNSUPPORTED_FORMAT}, {@code CORRUPT_AUDIO}
   *     (including a file with no audio frames) or {@code CANCELLED}
   */
  public TrackIdentity identify(
      Path file, List<? extends PcmSink> extraSinks, CancellationToken token) {
    PcmHashSink hash = new PcmHashSink();
    List<PcmSink> sinks = new ArrayList<>();
    sinks.add(hash);
    sinks.addAll(extraSinks);
    AudioInfo info;
    TrackTags tags;
    long frames;
    try (AudioStream stream = registry.open(file)) {
      info = stream.info();
      checkReferenceDecoder(file, info);
      frames = DecodeSession.run(stream, sinks, token);
      tags =
          stream instanceof TaggedStream t
              ? t.tags()
              : new TrackTags(stream.metadata(), null, null);
    }
    if (frames == 0) {
      throw new SelectionException(ErrorCode.CORRUPT_AUDIO, "No audio frames in " + file);
    }
    double durationSec = (double) frames / info.sampleRateHz();
    double bitrate = info.bitrateKbps();
    if (!(bitrate > 0)) {
      try {
        bitrate = Files.size(file) * 8.0 / durationSec / 1000.0;
      } catch (IOException e) {
        bitrate = 0;
      }
    }
    String fileHash = FileHashes.sha256(file);
    return new TrackIdentity(
        file, hash.songId(), fileHash, info, durationSec, bitrate, tags, info.decoder());
  }

  /**
   * Lossy formats whose songId is defined on one decoder's PCM, by the format names decoders
   * report: another decoder's PCM differs in the last bits, so its songId would differ too.
   */
  private static final java.util.Map<String, String> REFERENCE_DECODERS =
      java.util.Map.of("mp3", "mp3/", "ogg", "vorbis/", "vorbis", "vorbis/");

  /**
   * Refuses to hash a lossy file decoded by another decoder than its reference one (Ogg Vorbis:
   * JOrbis; MP3: the built-in decoder): its songId would silently differ from the one any other
   * install computes. Lossless formats decode bit-exactly with any decoder and are not checked.
   *
   * @throws SelectionException {@code RUNTIME_UNAVAILABLE} naming what to add
   */
  static void checkReferenceDecoder(Path file, AudioInfo info) {
    String reference = REFERENCE_DECODERS.get(info.format());
    if (reference == null || info.decoder().startsWith(reference)) {
      return;
    }
    String needed =
        reference.startsWith("vorbis")
            ? "the JOrbis decoder (com.googlecode.soundlibs:jorbis on the class path)"
            : "the built-in MP3 decoder";
    throw new SelectionException(
        ErrorCode.RUNTIME_UNAVAILABLE,
        "Not identifying "
            + file
            + ": "
            + info.format()
            + " songIds are computed on "
            + needed
            + "'s PCM, and "
            + info.decoder()
            + " would give this file another songId than other installs");
  }

  /**
   * Returns the songId of a file from the index when its key, size and mtime match an entry, or
   * another file with the same bytes is known ({@link PathKeys#lookup}); otherwise decodes and
   * hashes it and stores a fresh entry (unless the file changed while being decoded).
   *
   * @throws SelectionException as {@link #identify(Path)}
   */
  public String songIdFor(Path file, PathIndex index) {
    Stat before = stat(file);
    Optional<PathIndexEntry> hit =
        keys.lookup(index, file, before.sizeBytes, before.mtimeMs, clock);
    if (hit.isPresent()) {
      return hit.get().songId();
    }
    TrackIdentity id = identify(file);
    Stat after = stat(file);
    if (after.equals(before)) {
      index.put(
          new PathIndexEntry(
              keys.key(file),
              after.sizeBytes,
              after.mtimeMs,
              id.songId(),
              id.fileHash(),
              id.decoder(),
              clock.instant()));
    }
    return id.songId();
  }

  /**
   * Records a move that the host already made: the file is now at {@code to}. The entry of {@code
   * from} moves to {@code to}, keeping its songId, when it describes this very file (same size and
   * mtime, as a move keeps them); otherwise nothing changes and the file is identified when next
   * seen (by its bytes, without decoding, if they are known).
   *
   * @return true if the entry of {@code from} was moved
   * @throws SelectionException {@code IO_ERROR} when no readable file is at {@code to} (nothing is
   *     changed then)
   */
  public boolean recordMove(Path from, Path to, PathIndex index) {
    Stat st = stat(to);
    String fromKey = keys.key(from);
    String toKey = keys.key(to);
    if (fromKey.equals(toKey)) {
      return false;
    }
    Optional<PathIndexEntry> old = index.lookup(fromKey, st.sizeBytes, st.mtimeMs);
    if (old.isEmpty()) {
      String legacy = PathIndex.normalize(from);
      if (!legacy.equals(fromKey) && index.lookup(legacy, st.sizeBytes, st.mtimeMs).isPresent()) {
        fromKey = legacy;
      } else {
        return false;
      }
    }
    return index.move(fromKey, toKey, st.sizeBytes, st.mtimeMs);
  }

  private record Stat(long sizeBytes, long mtimeMs) {}

  private static Stat stat(Path file) {
    SourceFile.checkReadableRegularFile(file);
    try {
      BasicFileAttributes a =
          Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (a.isSymbolicLink()) {
        a = Files.readAttributes(file, BasicFileAttributes.class);
      }
      return new Stat(a.size(), a.lastModifiedTime().toMillis());
    } catch (IOException e) {
      throw SourceFile.ioError(file, e);
    }
  }
}
