package dev.selection.core;

import dev.selection.api.EngineConfig;
import dev.selection.api.ExtractionFailure;
import dev.selection.api.Label;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.PathIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The library as a set of files and songs: which songs a batch of files are (each file's failure
 * reported on its own), songs that leave the library, and keeping the path index small.
 */
final class LibraryService {
  private static final Logger LOG = LoggerFactory.getLogger(LibraryService.class);

  /** The song ids of a batch of files, and the files that could not be identified. */
  record Identified(List<String> songIds, List<ExtractionFailure> failures) {}

  private final EngineConfig config;
  private final EngineStores stores;
  private final ExtractionService extraction;
  private final LabelService labels;

  LibraryService(
      EngineConfig config, EngineStores stores, ExtractionService extraction, LabelService labels) {
    this.config = config;
    this.stores = stores;
    this.extraction = extraction;
    this.labels = labels;
  }

  /**
   * Identifies files through the path index; a file that cannot be identified is a failure of its
   * own and the batch goes on. A store fault ({@code DB_ERROR}) stops the batch.
   */
  Identified identify(Collection<Path> files) {
    Objects.requireNonNull(files, "files");
    List<String> ids = new ArrayList<>();
    List<ExtractionFailure> failures = new ArrayList<>();
    for (Path file : new LinkedHashSet<>(files)) {
      Objects.requireNonNull(file, "file");
      try {
        ids.add(extraction.songIdFor(file));
      } catch (SelectionException e) {
        if (e.code() == dev.selection.api.ErrorCode.DB_ERROR) {
          throw e;
        }
        failures.add(
            new ExtractionFailure(
                PathIndex.normalize(file),
                -1,
                -1,
                e.code(),
                e.getMessage(),
                config.clock().instant()));
      }
    }
    return new Identified(ids, failures);
  }

  /**
   * Forgets songs: cached scores, path index entries and features go (derived data first, so a
   * failed call can simply be repeated), then the labels if asked.
   *
   * @return how many songs had features
   */
  int forget(List<String> songIds, boolean removeLabels) {
    List<String> ids = List.copyOf(new LinkedHashSet<>(songIds));
    if (ids.isEmpty()) {
      return 0;
    }
    stores.predictionCache().deleteSongs(ids);
    stores.pathIndex().removeSongs(ids);
    int removed = stores.features().delete(ids);
    if (removeLabels) {
      labels.set(ids, Label.NEUTRAL);
    }
    LOG.debug("Forgot {} songs ({} with features)", ids.size(), removed);
    return removed;
  }

  /**
   * Runs the path index's garbage collection with the configured TTL and cap; the index skips it
   * when it ran less than 24 h ago. Best effort: a failure (a read-only library) is logged.
   */
  void collectPathIndexGarbage() {
    try {
      int removed =
          stores
              .pathIndex()
              .gc(
                  config.pathIndexTtl(),
                  config.pathIndexMaxEntries(),
                  config.clock().instant(),
                  false);
      if (removed > 0) {
        LOG.info("Path index garbage collection removed {} entries", removed);
      }
    } catch (SelectionException | UnsupportedOperationException e) {
      LOG.debug("Path index garbage collection skipped: {}", e.getMessage());
    }
  }
}
