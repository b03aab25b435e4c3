package dev.selection.core.internal.extract;

import dev.selection.api.ErrorCode;
import dev.selection.api.ExtractionFailure;
import dev.selection.api.Label;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.FeatureStore;
import dev.selection.api.spi.LabelStore;
import dev.selection.api.spi.PathIndex;
import dev.selection.api.spi.PathIndexEntry;
import dev.selection.api.spi.PredictionCache;
import dev.selection.core.internal.audio.PathKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a library analysed with the former, JLayer-based MP3 decoder to our own decoder, once: MP3
 * songIds are hashes of the decoder's PCM, and the two decoders differ in the last bits, so every
 * MP3 file gets a new songId.
 *
 * <p>How: library analysis ({@link ExtractionRun}) sees the path index through {@link #pathIndex},
 * which hides the entries written by the JLayer decoder (decoder {@code mp3/1+jlayer-...}): such
 * files are decoded and analysed again, as if new. When the new entry is stored for the same path,
 * size, mtime and file hash, the song's label moves from the old id to the new one ("migrate by
 * fileHash"), the old id's feature row goes when it belongs to this very file (same fileHash), and
 * so do its cached scores. The moved labels count as label changes (the model's liked snapshot
 * names the old ids, so a retraining is due); their label times become the migration's time. Files
 * that failed only because JLayer was absent ({@code runtime_unavailable}) are forgotten as
 * failures, so the next analysis decodes them. Other callers (e.g. {@code songIdFor}) keep seeing
 * the old ids until a library scan migrates the file, so labels and features stay consistent in
 * between.
 *
 * <p>Kept apart from the engine on purpose: one call site ({@link #install}), no engine state.
 * Thread-safe when the stores are.
 */
public final class Mp3DecoderMigration {
  private static final Logger LOG = LoggerFactory.getLogger(Mp3DecoderMigration.class);

  /** The decoder names that the JLayer-based MP3 decoder recorded (version "1+jlayer-..."). */
  static final String SUPERSEDED_PREFIX = "mp3/1+jlayer-";

  private final PathIndex index;
  private final FeatureStore features;
  private final LabelStore labels;
  private final PredictionCache predictions;
  private final PathKeys keys;

  private Mp3DecoderMigration(
      PathIndex index,
      FeatureStore features,
      LabelStore labels,
      PredictionCache predictions,
      PathKeys keys) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.index = Objects.requireNonNull(index, "index");
    this.features = Objects.requireNonNull(features, "features");
    this.labels = Objects.requireNonNull(labels, "labels");
    this.predictions = Objects.requireNonNull(predictions, "predictions");
  }

  /**
   * Forgets the failures that only the absence of JLayer caused and returns the path index that
   * library analysis must use.
   *
   * @param index the library's path index
   * @param features the feature store (failures, stale rows)
   * @param labels the label store
   * @param predictions the prediction cache
   * @param keys the path keys of the index (JLayer-era entries have absolute keys)
   * @return a path index that re-identifies JLayer-era MP3 entries and migrates their labels
   */
  public static PathIndex install(
      PathIndex index,
      FeatureStore features,
      LabelStore labels,
      PredictionCache predictions,
      PathKeys keys) {
    Mp3DecoderMigration m = new Mp3DecoderMigration(index, features, labels, predictions, keys);
    m.forgetJLayerFailures();
    return m.new MigratingIndex();
  }

  /** True for a path index entry written by the JLayer-based MP3 decoder. */
  static boolean superseded(PathIndexEntry e) {
    return e.decoder() != null && e.decoder().startsWith(SUPERSEDED_PREFIX);
  }

  private void forgetJLayerFailures() {
    try {
      for (ExtractionFailure f : features.failures()) {
        if (f.code() == ErrorCode.RUNTIME_UNAVAILABLE && f.message().contains("JLayer")) {
          features.clearFailure(f.path());
          LOG.info("MP3 is now decoded without JLayer: {} will be analysed again", f.path());
        }
      }
    } catch (SelectionException e) {
      // Best effort: the failure stays and is retried when the file changes, as any failure.
      LOG.warn("Could not clear the JLayer failures: {}", e.getMessage());
    }
  }

  /** Moves what the library knows of {@code oldId} to {@code entry}'s id. */
  private void migrate(PathIndexEntry old, PathIndexEntry entry) {
    String oldId = old.songId();
    String newId = entry.songId();
    Label label = labels.get(oldId);
    if (label != Label.NEUTRAL) {
      if (labels.get(newId) == Label.NEUTRAL) {
        labels.setLabels(List.of(newId), label);
      }
      labels.setLabels(List.of(oldId), Label.NEUTRAL);
    }
    String oldHash = features.fileHashes(List.of(oldId)).get(oldId);
    if (oldHash != null && oldHash.equals(entry.fileHash())) {
      features.delete(List.of(oldId));
      predictions.deleteSongs(List.of(oldId));
    }
    LOG.info(
        "Re-identified {} with our MP3 decoder: songId {} -> {} ({} label kept)",
        entry.path(),
        oldId,
        newId,
        label);
  }

  /** The path index as library analysis sees it. */
  private final class MigratingIndex implements PathIndex {
    @Override
    public Optional<PathIndexEntry> lookup(String path, long sizeBytes, long mtimeMs) {
      Optional<PathIndexEntry> e = index.lookup(path, sizeBytes, mtimeMs);
      return e.isPresent() && superseded(e.get()) ? Optional.empty() : e;
    }

    @Override
    public void put(PathIndexEntry entry) {
      Optional<PathIndexEntry> old = index.lookup(entry.path(), entry.sizeBytes(), entry.mtimeMs());
      String legacy = PathIndex.normalize(keys.resolve(entry.path()));
      if (old.isEmpty() && !legacy.equals(entry.path())) {
        // Written before keys became relative to the library root.
        old = index.lookup(legacy, entry.sizeBytes(), entry.mtimeMs());
        if (old.isPresent() && superseded(old.get())) {
          index.remove(legacy);
        }
      }
      index.put(entry);
      if (old.isPresent()
          && superseded(old.get())
          && !old.get().songId().equals(entry.songId())
          && entry.fileHash() != null
          && entry.fileHash().equals(old.get().fileHash())) {
        migrate(old.get(), entry);
      }
    }

    @Override
    public boolean move(String fromPath, String toPath, long sizeBytes, long mtimeMs) {
      return index.move(fromPath, toPath, sizeBytes, mtimeMs);
    }

    @Override
    public Optional<PathIndexEntry> findByContent(long sizeBytes, String fileHash) {
      Optional<PathIndexEntry> e = index.findByContent(sizeBytes, fileHash);
      return e.isPresent() && superseded(e.get()) ? Optional.empty() : e;
    }

    @Override
    public boolean containsSize(long sizeBytes) {
      return index.containsSize(sizeBytes);
    }

    @Override
    public int removeSongs(Collection<String> songIds) {
      return index.removeSongs(songIds);
    }

    @Override
    public Optional<String> pathOf(String songId) {
      return index.pathOf(songId);
    }

    @Override
    public boolean remove(String path) {
      return index.remove(path);
    }

    @Override
    public long count() {
      return index.count();
    }

    @Override
    public int gc(Duration ttl, long maxEntries, Instant now, boolean force) {
      return index.gc(ttl, maxEntries, now, force);
    }

    /** Does not close the wrapped index: its owner does. */
    @Override
    public void close() {
      // the wrapped index belongs to the engine
    }
  }
}
