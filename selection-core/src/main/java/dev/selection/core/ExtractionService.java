package dev.selection.core;

import dev.selection.api.CancellationToken;
import dev.selection.api.Embedding;
import dev.selection.api.EmbeddingBudget;
import dev.selection.api.EngineConfig;
import dev.selection.api.ErrorCode;
import dev.selection.api.ExtractOptions;
import dev.selection.api.ExtractionFailure;
import dev.selection.api.ExtractionReport;
import dev.selection.api.ProgressListener;
import dev.selection.api.SongFeatures;
import dev.selection.core.internal.audio.DecoderRegistry;
import dev.selection.core.internal.audio.PathKeys;
import dev.selection.core.internal.audio.TrackIdentifier;
import dev.selection.core.internal.extract.EmbedderSet;
import dev.selection.core.internal.extract.ExtractionRun;
import dev.selection.core.internal.extract.Mp3DecoderMigration;
import dev.selection.core.internal.extract.TrackAnalyzer;
import dev.selection.core.internal.extract.WorkScheduler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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
            keys);
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
