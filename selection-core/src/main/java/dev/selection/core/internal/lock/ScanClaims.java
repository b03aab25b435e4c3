package dev.selection.core.internal.lock;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which files an analysis run is working on, shared with the other runs on the library (in this and
 * other processes), so that two scans at once analyse each file once: a run claims a file before it
 * looks the file up in the stores and keeps the claim until its result is committed; a file claimed
 * elsewhere is left for later, when it has usually been committed and is skipped.
 *
 * <p>A claim is an OS lock on one byte of the claim file, at an offset taken from a 62-bit hash of
 * the file's path key ({@link FileChannel#tryLock(long, long, boolean)}; the file stays empty). The
 * OS drops a dead process's locks, so a crash leaves no stale claim. Two paths whose hashes collide
 * only delay each other. Because closing any channel of a file may release every lock the JVM holds
 * on it (POSIX), the runs of this JVM share one channel per claim file, closed with the last run.
 * Where the file system cannot lock, a warning is logged and every claim succeeds (runs are not
 * coordinated, as before). Thread-safe.
 */
public final class ScanClaims implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ScanClaims.class);

  /** Claim files open in this JVM, with their number of runs; guarded by itself. */
  private static final Map<Path, Shared> OPEN = new HashMap<>();

  private static final class Shared {
    final FileChannel channel;
    int runs;

    Shared(FileChannel channel) {
      this.channel = channel;
    }
  }

  private final Path file;
  private final Shared shared;
  private final Map<Long, Held> held = new HashMap<>();
  private boolean unsupported;
  private boolean closed;

  private record Held(FileLock lock, Set<String> keys) {}

  private ScanClaims(Path file, Shared shared) {
    this.file = file;
    this.shared = shared;
    this.unsupported = shared == null;
  }

  /** Returns claims that always succeed: a run not coordinated with any other. */
  public static ScanClaims none() {
    return new ScanClaims(Path.of(""), null);
  }

  /**
   * Starts a run's claims on a claim file (created when missing).
   *
   * @param file the claim file, e.g. {@code <libraryRoot>/selection_scan.lock}
   */
  public static ScanClaims open(Path file) {
    Path key = file.toAbsolutePath().normalize();
    synchronized (OPEN) {
      Shared s = OPEN.get(key);
      if (s == null) {
        try {
          s =
              new Shared(
                  FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE));
        } catch (IOException | UnsupportedOperationException e) {
          LOG.warn("Cannot open {} ({}): concurrent scans are not coordinated", key, e.toString());
          return new ScanClaims(key, null);
        }
        OPEN.put(key, s);
      }
      s.runs++;
      return new ScanClaims(key, s);
    }
  }

  /**
   * Claims a file for this run.
   *
   * @param key the file's path key
   * @return true when this run holds the claim (also when it held it already); false when another
   *     run (here or in another process) holds it
   */
  public synchronized boolean tryClaim(String key) {
    if (unsupported || closed) {
      return true;
    }
    long position = position(key);
    Held h = held.get(position);
    if (h != null) {
      h.keys.add(key);
      return true;
    }
    FileLock lock;
    try {
      lock = shared.channel.tryLock(position, 1, false);
    } catch (OverlappingFileLockException e) {
      return false; // another run of this JVM
    } catch (IOException e) {
      LOG.warn("Cannot lock {} ({}): concurrent scans are not coordinated", file, e.toString());
      unsupported = true;
      return true;
    }
    if (lock == null) {
      return false; // another process
    }
    Set<String> keys = new HashSet<>();
    keys.add(key);
    held.put(position, new Held(lock, keys));
    return true;
  }

  /**
   * From now on, every claim of this run succeeds, whoever else holds the file (for a run that
   * waited too long on another one); claims already held are kept until released.
   */
  public synchronized void ignoreOthers() {
    unsupported = true;
  }

  /** Gives a claim back; nothing happens when this run does not hold it. */
  public synchronized void release(String key) {
    long position = position(key);
    Held h = held.get(position);
    if (h == null || !h.keys.remove(key) || !h.keys.isEmpty()) {
      return;
    }
    held.remove(position);
    releaseQuietly(h.lock);
  }

  /** Gives back every claim of this run. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      held.values().forEach(h -> releaseQuietly(h.lock));
      held.clear();
    }
    if (shared == null) {
      return;
    }
    synchronized (OPEN) {
      if (--shared.runs == 0) {
        OPEN.remove(file);
        try {
          shared.channel.close();
        } catch (IOException e) {
          LOG.debug("Cannot close {}", file, e);
        }
      }
    }
  }

  private static void releaseQuietly(FileLock lock) {
    try {
      lock.release();
    } catch (IOException e) {
      LOG.debug("Cannot release a claim", e);
    }
  }

  /** A 62-bit FNV-1a hash of the key: a non-negative offset with room for the one-byte lock. */
  static long position(String key) {
    long h = 0xcbf29ce484222325L;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h & 0x3fff_ffff_ffff_ffffL;
  }
}
