package dev.selection.core;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resources the engine opened and must close: closed last registered first, so workers stop before
 * the stores they use close. Resources the host gave are never registered.
 */
final class Owned implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Owned.class);

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();

  /** Registers {@code closeable} and returns it. */
  synchronized <T extends AutoCloseable> T own(T closeable) {
    resources.push(closeable);
    return closeable;
  }

  /** Closes every registered resource, logging (not throwing) failures. */
  @Override
  public synchronized void close() {
    while (!resources.isEmpty()) {
      AutoCloseable r = resources.pop();
      try {
        r.close();
      } catch (Exception e) {
        LOG.warn("Closing {} failed: {}", r.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
