package dev.selection.core;

import dev.selection.api.AnalyzedFile;
import dev.selection.api.CancellationToken;
import dev.selection.api.Embedding;
import dev.selection.api.EmbeddingBudget;
import dev.selection.api.EngineConfig;
import dev.selection.api.ErrorCode;
import dev.selection.api.ExtractOptions;
import dev.selection.api.ExtractionFailure;
import dev.selection.api.ExtractionReport;
import dev.selection.api.ImportReport;
import dev.selection.api.ProgressListener;
import dev.selection.api.SongFeatures;
import dev.selection.api.spi.PathIndex;
import dev.selection.api.spi.PathIndexEntry;
import dev.selection.core.internal.audio.DecoderRegistry;
import dev.selection.core.internal.audio.PathKeys;
import dev.selection.core.internal.audio.TrackIdentifier;
import dev.selection.core.internal.extract.EmbedderSet;
import dev.selection.core.internal.extract.ExtractionRun;
import dev.selection.core.internal.extract.Mp3DecoderMigration;
import dev.selection.core.internal.extract.TrackAnalyzer;
import dev.selection.core.internal.extract.WorkScheduler;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Song identity and feature extraction: decoding, features and embeddings into the feature store,
 * the path index, and per-file embeddings.
 */
final class ExtractionService {
  private final EngineConfig config;
  private final EngineStores stores;
  private final Operations operations;
  private final TrackIdentifier identifier;
  private final EmbedderSet embedders;
  private final ExtractionRun extraction;

  /** The file through which the processes scanning one library share out its files. */
  static final String SCAN_CLAIMS = "selection_scan.lock";

  ExtractionService(
      EngineConfig config,
      EngineStores stores,
      WorkScheduler scheduler,
      Operations operations,
      Owned owned) {
    this.config = config;
    this.stores = stores;
    this.operations = operations;
    PathKeys keys = PathKeys.under(config.libraryRoot());
    this.identifier =
        new TrackIdentifier(DecoderRegistry.discover(config.analysis()), config.clock(), keys);
    this.embedders = owned.own(EmbedderSet.discover(config.analysis()));
    this.extraction =
        new ExtractionRun(
            () -> TrackAnalyzer.of(identifier, config.analysis(), embedders.all()),
            stores.features(),
            Mp3DecoderMigration.install(
                stores.pathIndex(),
                stores.features(),
                stores.labels(),
                stores.predictionCache(),
                keys),
            stores.predictionCache(),
            scheduler,
            config.clock(),
            keys,
            config.libraryRoot().resolve(SCAN_CLAIMS));
  }

  EmbedderSet embedders() {
    return embedders;
  }

  /** Stores features given by the host; a new file hash drops the song's stale cached scores. */
  int upsert(List<SongFeatures> items) {
    int n = stores.features().upsert(items);
    for (SongFeatures f : items) {
      if (f.fileHash() != null) {
        stores.predictionCache().deleteStaleFileHashes(f.songId(), f.fileHash());
      }
    }
    return n;
  }

  /** Files imported per store transaction. */
  private static final int IMPORT_BATCH = 256;

  /**
   * Imports analyses made elsewhere with the version rules of a scan ({@link
   * dev.selection.api.SelectionEngine#importAnalyses}): only groups of current versions are stored;
   * a file whose path entry and features are current is skipped; failures are recorded as a scan
   * records them.
   */
  ImportReport importAnalyses(List<AnalyzedFile> files) {
    return operations.run(
        null,
        op -> {
          TrackAnalyzer analyzer = TrackAnalyzer.of(identifier, config.analysis(), embedders.all());
          int imported = 0;
          int skipped = 0;
          int failed = 0;
          int outdated = 0;
          int partial = 0;
          List<SongFeatures> rows = new ArrayList<>();
          List<PathIndexEntry> entries = new ArrayList<>();
          for (AnalyzedFile f : files) {
            op.throwIfCancelled();
            String key = PathIndex.normalize(f.path());
            Instant now = config.clock().instant();
            if (f.isFailure()) {
              stores
                  .features()
                  .recordFailure(
                      new ExtractionFailure(
                          key, f.sizeBytes(), f.mtimeMs(), f.errorCode(), f.errorMessage(), now));
              failed++;
              continue;
            }
            SongFeatures given = f.features();
            SongFeatures kept = analyzer.keepCurrent(given);
            if (kept == null) {
              outdated++;
              continue;
            }
            if (isCurrent(key, f, kept)) {
              skipped++;
              continue;
            }
            imported++;
            if (!kept.extractorVersions().keySet().equals(given.extractorVersions().keySet())) {
              partial++;
            }
            rows.add(kept);
            entries.add(
                new PathIndexEntry(
                    key,
                    f.sizeBytes(),
                    f.mtimeMs(),
                    kept.songId(),
                    kept.fileHash(),
                    f.decoder(),
                    now));
            if (rows.size() >= IMPORT_BATCH) {
              storeImported(rows, entries);
            }
          }
          storeImported(rows, entries);
          return new ImportReport(files.size(), imported, skipped, failed, outdated, partial);
        });
  }

  /**
   * The rule of a scan's skip: the path entry names the song and hash, the features are current.
   */
  private boolean isCurrent(String key, AnalyzedFile f, SongFeatures kept) {
    Optional<PathIndexEntry> hit = stores.pathIndex().lookup(key, f.sizeBytes(), f.mtimeMs());
    if (hit.isEmpty()
        || !hit.get().songId().equals(kept.songId())
        || !kept.fileHash().equals(hit.get().fileHash())) {
      return false;
    }
    SongFeatures stored = stores.features().get(kept.songId()).orElse(null);
    if (stored == null || !kept.fileHash().equals(stored.fileHash())) {
      return false;
    }
    for (Map.Entry<String, String> v : kept.extractorVersions().entrySet()) {
      if (!v.getValue().equals(stored.extractorVersions().get(v.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private void storeImported(List<SongFeatures> rows, List<PathIndexEntry> entries) {
    if (rows.isEmpty()) {
      return;
    }
    // As a scan's batch: features first, then the path entries that point at them.
    stores.features().upsert(rows);
    for (int i = 0; i < rows.size(); i++) {
      stores.pathIndex().put(entries.get(i));
      stores.features().clearFailure(entries.get(i).path());
      stores.predictionCache().deleteStaleFileHashes(rows.get(i).songId(), rows.get(i).fileHash());
    }
    rows.clear();
    entries.clear();
  }

  ExtractionReport extract(
      Collection<Path> files,
      ExtractOptions options,
      ProgressListener progress,
      CancellationToken cancel) {
    ExtractOptions opts = options == null ? ExtractOptions.DEFAULTS : options;
    return operations.run(cancel, op -> extraction.run(files, opts, progress, op));
  }

  /** Extracts songs by id through the path index; an unknown id is a failure of its own. */
  ExtractionReport extractSongs(
      List<String> songIds,
      ExtractOptions options,
      ProgressListener progress,
      CancellationToken cancel) {
    List<Path> files = new ArrayList<>();
    List<ExtractionFailure> unknown = new ArrayList<>();
    for (String id : songIds) {
      Optional<Path> path = pathOf(id);
      if (path.isPresent()) {
        files.add(path.get());
      } else {
        unknown.add(
            new ExtractionFailure(
                id,
                -1,
                -1,
                ErrorCode.IO_ERROR,
                "No file is known for song " + id + ": extract it by path first",
                config.clock().instant()));
      }
    }
    ExtractionReport r = extract(files, options, progress, cancel);
    if (unknown.isEmpty()) {
      return r;
    }
    List<ExtractionFailure> all = new ArrayList<>(r.failures());
    all.addAll(unknown);
    return new ExtractionReport(
        r.total() + unknown.size(),
        r.extracted(),
        r.skipped(),
        r.failed() + unknown.size(),
        r.cancelled(),
        all,
        r.audioSeconds(),
        r.elapsed());
  }

  /** One file's embedding of {@code kind}, within {@code budget}; nothing is stored. */
  Embedding embed(Path file, String kind, EmbeddingBudget budget) {
    return operations.run(
        null,
        op ->
            TrackAnalyzer.of(identifier, config.analysis(), embedders.all())
                .embed(file, kind, budget, op));
  }

  String songIdFor(Path file) {
    return identifier.songIdFor(file, stores.pathIndex());
  }

  /** Records a move the host made; the file is at {@code to}. */
  boolean onFileMoved(Path from, Path to) {
    return identifier.recordMove(from, to, stores.pathIndex());
  }

  Optional<Path> pathOf(String songId) {
    return stores.pathIndex().pathOf(songId).map(identifier.keys()::resolve);
  }
}
