package dev.selection.core.internal.extract;

import dev.selection.api.CancellationToken;
import dev.selection.api.ErrorCode;
import dev.selection.api.ExtractOptions;
import dev.selection.api.ExtractionFailure;
import dev.selection.api.ExtractionReport;
import dev.selection.api.Phase;
import dev.selection.api.ProgressListener;
import dev.selection.api.SelectionException;
import dev.selection.api.SongFeatures;
import dev.selection.api.spi.FeatureStore;
import dev.selection.api.spi.PathIndex;
import dev.selection.api.spi.PathIndexEntry;
import dev.selection.api.spi.PredictionCache;
import dev.selection.core.internal.audio.PathKeys;
import dev.selection.core.internal.lock.ScanClaims;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One library-analysis run: every file is decoded at most once, songs whose stored features are
 * current for their file hash and extractor versions are skipped without decoding, results are
 * committed in batches by count or by time (a crash loses at most the batch in flight, about one
 * commit interval of work), and failures are recorded per file and not retried until the file's
 * size or modification time changes.
 */
public final class ExtractionRun {
  private static final Logger LOG = LoggerFactory.getLogger(ExtractionRun.class);

  /** How long a run waits before it tries again the files another run had claimed. */
  private static final long CLAIM_POLL_MS = 100;

  /**
   * How long (by the engine's clock) the files another run claimed may stay claimed without one of
   * them coming free before this run analyses them anyway.
   */
  static final Duration CLAIM_PATIENCE = Duration.ofMinutes(10);

  private final ThreadLocal<TrackAnalyzer> analyzers;
  private final FeatureStore features;
  private final PathIndex pathIndex;
  private final PredictionCache predictionCache;
  private final WorkScheduler scheduler;
  private final Clock clock;
  private final PathKeys keys;
  private final Path claimFile;

  /**
   * Creates a run.
   *
   * @param analyzers makes one analyzer per worker thread
   * @param keys the path keys of {@code pathIndex}
   * @param claimFile the library's {@link ScanClaims} file, shared with the other processes that
   *     scan it; null when runs need not be coordinated
   */
  public ExtractionRun(
      Supplier<TrackAnalyzer> analyzers,
      FeatureStore features,
      PathIndex pathIndex,
      PredictionCache predictionCache,
      WorkScheduler scheduler,
      Clock clock,
      PathKeys keys,
      Path claimFile) {
    this.analyzers = ThreadLocal.withInitial(analyzers);
    this.features = features;
    this.pathIndex = pathIndex;
    this.predictionCache = predictionCache;
    this.scheduler = scheduler;
    this.clock = clock;
    this.keys = keys;
    this.claimFile = claimFile;
  }

  private record Stat(long sizeBytes, long mtimeMs) {}

  private enum Outcome {
    EXTRACTED,
    SKIPPED,
    FAILED,
    CANCELLED,
    /** Claimed by another run: tried again once this run's other files are done. */
    DEFERRED
  }

  /**
   * Collects results of one run and commits them when {@code size} are pending or the oldest has
   * waited {@code intervalNanos} (a timer commits a lone finished song while others are still
   * analysed). A full disk fails the pending songs only: they are listed as failures (not recorded,
   * so the next run analyses them again) and the run goes on. Thread-safe.
   */
  private final class Batch {
    private final int size;
    private final ScanClaims claims;
    private final long intervalNanos;
    private final ScheduledExecutorService timer;
    private final List<SongFeatures> rows = new ArrayList<>();
    private final List<PathIndexEntry> entries = new ArrayList<>();
    private final List<String> failureKeys = new ArrayList<>();
    private final List<Integer> indices = new ArrayList<>();
    private final List<ExtractionFailure> failures = new ArrayList<>();
    private final List<ExtractionFailure> runFailures = new ArrayList<>();
    private final Set<Integer> lost = new HashSet<>();
    private long pendingSinceNanos;
    private ScheduledFuture<?> due;
    private SelectionException storeFault;

    Batch(int size, Duration interval, ScheduledExecutorService timer, ScanClaims claims) {
      this.size = size;
      this.intervalNanos = interval.toNanos();
      this.timer = timer;
      this.claims = claims;
    }

    synchronized void add(SongFeatures row, PathIndexEntry entry, String failureKey, int index) {
      rows.add(row);
      entries.add(entry);
      failureKeys.add(failureKey);
      indices.add(index);
      pending();
    }

    synchronized void fail(ExtractionFailure f) {
      failures.add(f);
      runFailures.add(f);
      pending();
    }

    /** Commits when the batch is full or overdue, or arms the timer for the first pending item. */
    private void pending() {
      long now = System.nanoTime();
      if (rows.size() + failures.size() == 1) {
        pendingSinceNanos = now;
        if (!timer.isShutdown()) {
          due = timer.schedule(this::flushOnTimer, intervalNanos, TimeUnit.NANOSECONDS);
        }
      }
      if (rows.size() >= size
          || failures.size() >= size
          || now - pendingSinceNanos >= intervalNanos) {
        flush();
      }
    }

    private void flushOnTimer() {
      try {
        flush();
      } catch (RuntimeException e) {
        LOG.error("Timed commit of extraction results failed", e);
      }
    }

    synchronized void flush() {
      if (due != null) {
        due.cancel(false);
        due = null;
      }
      if (storeFault != null || (rows.isEmpty() && failures.isEmpty())) {
        clearPending();
        return;
      }
      int indexed = 0; // rows stored with their path-index entry
      try {
        if (!rows.isEmpty()) {
          // Features first, then the path index: an index entry never names a song without
          // features; a song stored without its entry is analysed again by the next run.
          features.upsert(rows);
          for (int i = 0; i < rows.size(); i++) {
            SongFeatures f = rows.get(i);
            pathIndex.put(entries.get(i));
            indexed = i + 1;
            features.clearFailure(failureKeys.get(i));
            if (f.fileHash() != null) {
              predictionCache.deleteStaleFileHashes(f.songId(), f.fileHash());
            }
          }
        }
        for (ExtractionFailure f : failures) {
          features.recordFailure(f);
        }
      } catch (SelectionException e) {
        if (isDiskFull(e)) {
          diskFull(e, indexed);
        } else {
          storeFault = e;
        }
      } finally {
        clearPending();
      }
    }

    /**
     * Forgets the pending songs and gives back their claims: committed (or failed for good), other
     * runs may now look these files up.
     */
    private void clearPending() {
      failureKeys.forEach(claims::release);
      failures.forEach(f -> claims.release(f.path()));
      rows.clear();
      entries.clear();
      failureKeys.clear();
      indices.clear();
      failures.clear();
    }

    /**
     * Lists every song of the failed commit from {@code indexed} on (those before it were stored
     * with their path-index entry) as a failure, not recorded: the next run analyses them again.
     */
    private void diskFull(SelectionException e, int indexed) {
      LOG.warn(
          "Disk full: {} analysed songs could not be stored: {}",
          rows.size() - indexed,
          e.getMessage());
      for (int i = indexed; i < rows.size(); i++) {
        lost.add(indices.get(i));
        runFailures.add(
            new ExtractionFailure(
                failureKeys.get(i),
                entries.get(i).sizeBytes(),
                entries.get(i).mtimeMs(),
                ErrorCode.DB_ERROR,
                "Disk full: the song was analysed but could not be stored (no space left on the"
                    + " device holding the library); it will be analysed again by the next scan. "
                    + e.getMessage(),
                clock.instant()));
      }
    }

    /** Lists a failure in this run's report without recording it, so the next run retries. */
    synchronized void reportOnly(ExtractionFailure f) {
      runFailures.add(f);
    }

    synchronized boolean lost(int index) {
      return lost.contains(index);
    }

    synchronized SelectionException storeFault() {
      return storeFault;
    }

    synchronized List<ExtractionFailure> runFailures() {
      return List.copyOf(runFailures);
    }
  }

  /**
   * True when a store failed because its disk is full (SQLite's {@code SQLITE_FULL} or an {@code
   * ENOSPC} I/O error anywhere in the cause chain).
   */
  static boolean isDiskFull(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String m = t.getMessage();
      if (m != null) {
        String l = m.toLowerCase(java.util.Locale.ROOT);
        if (l.contains("disk full")
            || l.contains("disk is full")
            || l.contains("no space left")
            || l.contains("sqlite_full")) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Analyses files.
   *
   * @throws SelectionException {@code DB_ERROR} when the stores fail (finished batches are kept); a
   *     full disk is not thrown: the songs of the failed commit are listed as {@code DB_ERROR}
   *     failures saying "Disk full" and the run goes on
   */
  public ExtractionReport run(
      Collection<Path> files,
      ExtractOptions options,
      ProgressListener progress,
      CancellationToken cancel) {
    long startNanos = System.nanoTime();
    List<Path> unique = new ArrayList<>(new LinkedHashSet<>(files));
    ProgressThrottle throttle = ProgressThrottle.of(progress, Phase.EXTRACT, unique.size());
    throttle.start();
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "selection-extract-commit");
              t.setDaemon(true);
              return t;
            });
    // A timed commit not yet due when the run ends is dropped: the final flush commits its songs.
    timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    timer.setRemoveOnCancelPolicy(true);
    try {
      return run(unique, options, cancel, throttle, timer, startNanos);
    } finally {
      // Not shutdownNow(): interrupting a commit in progress would fail it.
      timer.shutdown();
    }
  }

  private ExtractionReport run(
      List<Path> unique,
      ExtractOptions options,
      CancellationToken cancel,
      ProgressThrottle throttle,
      ScheduledExecutorService timer,
      long startNanos) {
    Outcome[] outcomes = new Outcome[unique.size()];
    double[] audioSec = new double[unique.size()];
    try (ScanClaims claims = claimFile == null ? ScanClaims.none() : ScanClaims.open(claimFile)) {
      Batch batch = new Batch(options.batchSize(), options.commitInterval(), timer, claims);
      List<Integer> todo = new ArrayList<>(unique.size());
      for (int i = 0; i < unique.size(); i++) {
        todo.add(i);
      }
      Instant lastClaimProgress = clock.instant();
      while (true) {
        List<Future<?>> futures = new ArrayList<>(todo.size());
        for (int n : todo) {
          Path file = unique.get(n);
          futures.add(
              scheduler.submitExtraction(
                  () -> {
                    if (cancel.isCancelled() || batch.storeFault() != null) {
                      outcomes[n] = Outcome.CANCELLED;
                      return;
                    }
                    outcomes[n] = one(file, options, batch, claims, cancel, audioSec, n);
                    if (outcomes[n] != Outcome.DEFERRED) {
                      throttle.advance(
                          1,
                          audioSec[n],
                          file.getFileName() == null ? "" : file.getFileName().toString());
                    }
                  },
                  options.priority()));
        }
        for (Future<?> f : futures) {
          try {
            f.get();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel.cancel();
          } catch (ExecutionException e) {
            LOG.error("Extraction worker failed", e.getCause());
          }
        }
        // Commits, and so gives back every claim: a run that waits for another's files holds
        // none of its own, so two runs never wait for each other.
        batch.flush();
        int before = todo.size();
        todo = new ArrayList<>();
        for (int n = 0; n < outcomes.length; n++) {
          if (outcomes[n] == Outcome.DEFERRED) {
            todo.add(n);
          }
        }
        if (todo.isEmpty() || cancel.isCancelled() || batch.storeFault() != null) {
          break;
        }
        Instant now = clock.instant();
        if (todo.size() < before) {
          lastClaimProgress = now;
        } else if (Duration.between(lastClaimProgress, now).compareTo(CLAIM_PATIENCE) > 0) {
          // A scan that holds its claims this long has hung: analyse its files here rather than
          // wait for ever (at worst a file is analysed twice; the stores stay consistent).
          LOG.warn(
              "{} files stayed claimed by another scan of this library for over {}; analysing them"
                  + " here",
              todo.size(),
              CLAIM_PATIENCE);
          claims.ignoreOthers();
        }
        try {
          Thread.sleep(CLAIM_POLL_MS); // the other run commits its files in a batch or two
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          cancel.cancel();
        }
      }
      if (batch.storeFault() != null) {
        throw batch.storeFault();
      }
      return report(unique, outcomes, audioSec, batch, throttle, startNanos);
    }
  }

  private ExtractionReport report(
      List<Path> unique,
      Outcome[] outcomes,
      double[] audioSec,
      Batch batch,
      ProgressThrottle throttle,
      long startNanos) {
    int extracted = 0;
    int skipped = 0;
    int failed = 0;
    boolean cancelled = false;
    double audio = 0;
    for (int i = 0; i < outcomes.length; i++) {
      Outcome o = outcomes[i] == null ? Outcome.CANCELLED : outcomes[i];
      if (o == Outcome.EXTRACTED && batch.lost(i)) {
        o = Outcome.FAILED;
      }
      switch (o) {
        case EXTRACTED -> extracted++;
        case SKIPPED -> skipped++;
        case FAILED -> failed++;
        default -> cancelled = true;
      }
      audio += audioSec[i];
    }
    throttle.finish(cancelled ? "cancelled" : "done");
    return new ExtractionReport(
        unique.size(),
        extracted,
        skipped,
        failed,
        cancelled,
        batch.runFailures(),
        audio,
        Duration.ofNanos(System.nanoTime() - startNanos));
  }

  /**
   * Analyses one file under this run's claim on it: the store lookups that decide whether it is
   * skipped run once no other run works on it, and the claim is kept until its result is committed
   * (by {@link Batch#flush}).
   */
  private Outcome one(
      Path file,
      ExtractOptions options,
      Batch batch,
      ScanClaims claims,
      CancellationToken cancel,
      double[] audioSec,
      int n) {
    String key = PathIndex.normalize(file);
    if (!claims.tryClaim(key)) {
      return Outcome.DEFERRED;
    }
    boolean[] handedOver = new boolean[1];
    try {
      return claimed(file, key, options, batch, cancel, audioSec, n, handedOver);
    } finally {
      if (!handedOver[0]) {
        claims.release(key); // skipped, cancelled or only reported: nothing to commit
      }
    }
  }

  private Outcome claimed(
      Path file,
      String key,
      ExtractOptions options,
      Batch batch,
      CancellationToken cancel,
      double[] audioSec,
      int n,
      boolean[] handedOver) {
    Stat before;
    try {
      before = stat(file);
    } catch (SelectionException e) {
      handedOver[0] = true;
      batch.fail(failure(key, -1, -1, e));
      return Outcome.FAILED;
    }
    try {
      Optional<ExtractionFailure> old = Optional.empty();
      if (!options.force()) {
        old = features.failure(key);
        if (old.isPresent()
            && old.get().sizeBytes() == before.sizeBytes
            && old.get().mtimeMs() == before.mtimeMs) {
          return Outcome.FAILED;
        }
      }
      TrackAnalyzer analyzer = analyzers.get();
      TrackAnalyzer.Work work = analyzer.everything();
      // A copied library or a re-stamped file is known by its bytes: reused without decoding.
      Optional<PathIndexEntry> hit =
          options.force()
              ? Optional.empty()
              : keys.lookup(pathIndex, file, before.sizeBytes, before.mtimeMs, clock);
      if (hit.isPresent()) {
        SongFeatures stored = features.get(hit.get().songId()).orElse(null);
        if (stored != null
            && hit.get().fileHash() != null
            && hit.get().fileHash().equals(stored.fileHash())) {
          work = analyzer.stale(stored);
          if (!options.embeddings()) {
            work = work.withoutEmbeddings();
          }
          if (work.isEmpty()) {
            if (old.isPresent()) {
              features.clearFailure(key); // the file changed into one whose bytes are known
            }
            return Outcome.SKIPPED;
          }
        }
      }
      if (!options.embeddings()) {
        work = work.withoutEmbeddings();
      }
      TrackAnalyzer.Result r = analyzer.analyze(file, work, cancel);
      Stat after = stat(file);
      if (!after.equals(before)) {
        throw new SelectionException(
            ErrorCode.IO_ERROR,
            "File changed while it was analysed; it will be analysed again: " + file);
      }
      audioSec[n] = r.audioSeconds();
      handedOver[0] = true;
      batch.add(
          r.features(),
          new PathIndexEntry(
              keys.key(file),
              before.sizeBytes,
              before.mtimeMs,
              r.identity().songId(),
              r.identity().fileHash(),
              r.identity().decoder(),
              clock.instant()),
          key,
          n);
      return Outcome.EXTRACTED;
    } catch (SelectionException e) {
      if (e.code() == ErrorCode.CANCELLED) {
        return Outcome.CANCELLED;
      }
      if (e.code() == ErrorCode.DB_ERROR) {
        throw e;
      }
      // A file that changed under us is not recorded, so the next run retries it.
      if (!(e.code() == ErrorCode.IO_ERROR && e.getMessage().startsWith("File changed"))) {
        handedOver[0] = true;
        batch.fail(failure(key, before.sizeBytes, before.mtimeMs, e));
      } else {
        batch.reportOnly(failure(key, before.sizeBytes, before.mtimeMs, e));
      }
      return Outcome.FAILED;
    } catch (RuntimeException | OutOfMemoryError e) {
      LOG.error("Unexpected failure analysing {}", file, e);
      handedOver[0] = true;
      batch.fail(
          failure(
              key,
              before.sizeBytes,
              before.mtimeMs,
              new SelectionException(ErrorCode.INTERNAL_ERROR, e.toString(), e)));
      return Outcome.FAILED;
    }
  }

  private ExtractionFailure failure(String key, long size, long mtime, SelectionException e) {
    return new ExtractionFailure(key, size, mtime, e.code(), e.getMessage(), clock.instant());
  }

  private static Stat stat(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      if (!a.isRegularFile()) {
        throw new SelectionException(
            ErrorCode.IO_ERROR,
            (a.isDirectory()
                    ? "Not a regular file (a folder): "
                    : "Not a regular file (a FIFO, socket or device; never opened): ")
                + file);
      }
      if (!Files.isReadable(file)) {
        throw new SelectionException(ErrorCode.IO_ERROR, "File is not readable: " + file);
      }
      return new Stat(a.size(), a.lastModifiedTime().toMillis());
    } catch (java.nio.file.NoSuchFileException e) {
      if (Files.isSymbolicLink(file)) {
        throw new SelectionException(
            ErrorCode.IO_ERROR, "Dangling symbolic link (its target does not exist): " + file, e);
      }
      throw new SelectionException(ErrorCode.IO_ERROR, "Cannot read " + file + ": " + e, e);
    } catch (IOException e) {
      throw new SelectionException(ErrorCode.IO_ERROR, "Cannot read " + file + ": " + e, e);
    }
  }
}
