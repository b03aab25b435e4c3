package dev.selection.core.internal.lock;

import dev.selection.api.CancellationToken;
import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exclusive lock on a library-wide operation (training), held by one thread of one process at a
 * time: a semaphore per lock file serialises the engines of this JVM, and an OS lock on the file
 * ({@link FileChannel#tryLock()}) serialises processes. The OS releases its lock when the process
 * dies (even by SIGKILL), so a crashed holder never blocks the next one: that is the stale-lock
 * recovery, and the lock file itself is left in place (its presence means nothing). Where the file
 * system cannot lock (some network shares), a warning is logged and only this JVM is serialised.
 *
 * <p>A waiter polls every {@value #POLL_MS} ms until the lock is free, its token is cancelled, or
 * its time is up. Thread-safe.
 */
public final class LibraryLock {
  private static final Logger LOG = LoggerFactory.getLogger(LibraryLock.class);

  /** How often a waiter tries again, in milliseconds. */
  static final long POLL_MS = 50;

  private static final ConcurrentMap<Path, Semaphore> IN_PROCESS = new ConcurrentHashMap<>();

  private LibraryLock() {}

  /** A held lock; {@link #close()} releases it (a second call is harmless). */
  public static final class Held implements AutoCloseable {
    private final Semaphore local;
    private final FileChannel channel;
    private boolean closed;

    private Held(Semaphore local, FileChannel channel) {
      this.local = local;
      this.channel = channel;
    }

    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        if (channel != null) {
          channel.close(); // releases the OS lock
        }
      } catch (IOException e) {
        LOG.warn("Cannot close a lock file: {}", e.toString());
      } finally {
        local.release();
      }
    }
  }

  /**
   * Takes the lock, waiting while another thread or process holds it.
   *
   * @param file the lock file (created with its folder when missing)
   * @param timeout the longest wait
   * @param cancel stops the wait
   * @param what the operation, for the messages (e.g. {@code "Training"})
   * @param onWait run once when the lock is found taken, before waiting (e.g. to report progress)
   * @return the held lock
   * @throws SelectionException {@code BUSY} when the time is up, {@code CANCELLED} when cancelled
   *     or interrupted
   */
  public static Held acquire(
      Path file, Duration timeout, CancellationToken cancel, String what, Runnable onWait) {
    Path key = file.toAbsolutePath().normalize();
    Semaphore local = IN_PROCESS.computeIfAbsent(key, k -> new Semaphore(1));
    long deadline = System.nanoTime() + timeout.toNanos();
    Waiter waiter = new Waiter(key, deadline, cancel, what, onWait);
    try {
      while (!local.tryAcquire(POLL_MS, TimeUnit.MILLISECONDS)) {
        waiter.waited();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SelectionException(ErrorCode.CANCELLED, what + " interrupted while waiting");
    }
    try {
      FileChannel ch = open(key);
      if (ch == null) {
        return new Held(local, null);
      }
      try {
        while (true) {
          FileLock lock;
          try {
            lock = ch.tryLock();
          } catch (IOException e) {
            LOG.warn(
                "Cannot lock {} ({}): only this process is kept to one {} at a time",
                key,
                e,
                what.toLowerCase(java.util.Locale.ROOT));
            return new Held(local, ch);
          }
          if (lock != null) {
            return new Held(local, ch);
          }
          waiter.waited();
          Thread.sleep(POLL_MS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        closeQuietly(ch);
        throw new SelectionException(ErrorCode.CANCELLED, what + " interrupted while waiting");
      } catch (RuntimeException e) {
        closeQuietly(ch);
        throw e;
      }
    } catch (RuntimeException e) {
      local.release();
      throw e;
    }
  }

  private static FileChannel open(Path key) {
    try {
      Files.createDirectories(Objects.requireNonNull(key.getParent()));
      return FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      LOG.warn("Cannot open the lock file {} ({}): only this process is serialised", key, e);
      return null;
    }
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      LOG.debug("Cannot close {}", ch, e);
    }
  }

  /** Counts down a waiter's time and cancellation, and reports the first wait once. */
  private static final class Waiter {
    private final Path file;
    private final long deadlineNanos;
    private final CancellationToken cancel;
    private final String what;
    private final Runnable onWait;
    private boolean reported;

    Waiter(Path file, long deadlineNanos, CancellationToken cancel, String what, Runnable onWait) {
      this.file = file;
      this.deadlineNanos = deadlineNanos;
      this.cancel = cancel;
      this.what = what;
      this.onWait = onWait;
    }

    void waited() {
      if (!reported) {
        reported = true;
        LOG.info("{} waits for another one on this library to finish ({})", what, file);
        onWait.run();
      }
      if (cancel.isCancelled()) {
        throw new SelectionException(
            ErrorCode.CANCELLED, what + " cancelled while waiting for another one to finish");
      }
      if (System.nanoTime() - deadlineNanos > 0) {
        throw new SelectionException(
            ErrorCode.BUSY,
            what
                + " is busy: another one on this library (in this or another process) still runs"
                + " after the wait; try again later");
      }
    }
  }
}
