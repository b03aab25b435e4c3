package dev.selection.core.internal.extract;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one scheduler of an engine: caps the CPU threads used at once across extraction, training and
 * prediction (SPEC §8). Training runs one task at a time; prediction runs at low thread priority;
 * extraction runs on {@code extractionConcurrency} workers fed from a queue with a priority lane,
 * so the songs a host shows now overtake a long scan. Every task holds CPU permits while it runs.
 */
public final class WorkScheduler implements AutoCloseable {
  private final Semaphore cpu;
  private final int threadBudget;
  private final ThreadPoolExecutor extraction;
  private final ExecutorService training;
  private final ExecutorService prediction;
  private final AtomicLong sequence = new AtomicLong();
  private final ForegroundGate gate = new ForegroundGate();

  /** Permits the running training holds (0 when none runs). */
  private final AtomicInteger trainingPermits = new AtomicInteger();

  /**
   * Creates the scheduler.
   *
   * @param threadBudget most CPU threads in use at once
   * @param extractionConcurrency extraction workers (tracks decoded at once)
   */
  public WorkScheduler(int threadBudget, int extractionConcurrency) {
    if (threadBudget < 1 || extractionConcurrency < 1) {
      throw new IllegalArgumentException("threadBudget and extractionConcurrency must be >= 1");
    }
    this.threadBudget = threadBudget;
    this.cpu = new Semaphore(threadBudget, true);
    this.extraction =
        new ThreadPoolExecutor(
            extractionConcurrency,
            extractionConcurrency,
            30,
            TimeUnit.SECONDS,
            new PriorityBlockingQueue<>(),
            daemons("selection-extract", Thread.NORM_PRIORITY));
    this.extraction.allowCoreThreadTimeOut(true);
    this.training =
        Executors.newSingleThreadExecutor(daemons("selection-train", Thread.NORM_PRIORITY));
    this.prediction =
        Executors.newSingleThreadExecutor(daemons("selection-predict", Thread.MIN_PRIORITY));
  }

  /** Returns the thread budget. */
  public int threadBudget() {
    return threadBudget;
  }

  /**
   * Queues one extraction job; priority jobs run before every queued ordinary job, and jobs of one
   * lane run in submission order. The job holds one CPU permit while it runs.
   */
  public Future<?> submitExtraction(Runnable job, boolean priority) {
    Ranked task =
        new Ranked(
            () ->
                withPermits(
                    1,
                    () -> {
                      job.run();
                      return null;
                    }),
            priority,
            sequence.getAndIncrement());
    extraction.execute(task);
    return task;
  }

  /**
   * Runs a training task on the training lane (one at a time) holding {@code threads} permits. The
   * task is background work of this scheduler's {@link ForegroundGate}: it pauses at its
   * checkpoints while a prediction runs on the threads it holds.
   */
  public <T> Future<T> submitTraining(int threads, Callable<T> task) {
    int n = Math.min(Math.max(1, threads), threadBudget);
    return training.submit(
        () ->
            withPermits(
                n,
                () -> {
                  trainingPermits.set(n);
                  try {
                    return gate.runAsBackground(task);
                  } finally {
                    trainingPermits.set(0);
                  }
                }));
  }

  /** Returns the gate through which predictions pause training. */
  public ForegroundGate gate() {
    return gate;
  }

  /** A task told how many threads it may use. */
  @FunctionalInterface
  public interface SharedTask<T> {
    /**
     * Runs the task.
     *
     * @param threads how many threads it may use, at least 1
     */
    T call(int threads) throws Exception;
  }

  /**
   * Runs a prediction task on the prediction lane (one at a time, low priority). It never waits for
   * CPU permits: it takes up to {@code threads} of the free ones. When a training holds the others,
   * the training pauses at its next checkpoint (a similarity tile or a boosting round:
   * milliseconds) until the prediction is done, and the prediction uses the training's threads too.
   * When a scan holds them all it runs on the lane's own share of one thread. So a host's
   * prediction is not stuck behind a training that may take minutes. The budget is exceeded only
   * while the prediction runs: by that one thread beside a scan, and beside a training by the
   * threads it lends, until the training reaches its next checkpoint.
   */
  public <T> Future<T> submitPrediction(int threads, SharedTask<T> task) {
    int n = Math.min(Math.max(1, threads), threadBudget);
    return prediction.submit(
        () -> {
          int got = 0;
          while (got < n && cpu.tryAcquire()) {
            got++;
          }
          int lent = Math.min(n - got, trainingPermits.get());
          if (lent > 0) {
            gate.enter();
          }
          try {
            return task.call(Math.max(1, got + lent));
          } finally {
            if (lent > 0) {
              gate.exit();
            }
            cpu.release(got);
          }
        });
  }

  /**
   * Runs {@code task} on the calling thread while holding {@code threads} CPU permits (capped at
   * the budget).
   */
  public <T> T withPermits(int threads, Callable<T> task) throws Exception {
    int n = Math.min(Math.max(1, threads), threadBudget);
    cpu.acquire(n);
    try {
      return task.call();
    } finally {
      cpu.release(n);
    }
  }

  /** Stops every lane; running tasks are interrupted. */
  @Override
  public void close() {
    extraction.shutdownNow();
    training.shutdownNow();
    prediction.shutdownNow();
    try {
      extraction.awaitTermination(5, TimeUnit.SECONDS);
      training.awaitTermination(5, TimeUnit.SECONDS);
      prediction.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory daemons(String name, int priority) {
    AtomicLong n = new AtomicLong();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      t.setPriority(priority);
      return t;
    };
  }

  /** A queued extraction job ordered by lane, then submission order. */
  private static final class Ranked extends java.util.concurrent.FutureTask<Object>
      implements Comparable<Ranked> {
    private final boolean priority;
    private final long seq;

    Ranked(Callable<Object> c, boolean priority, long seq) {
      super(c);
      this.priority = priority;
      this.seq = seq;
    }

    @Override
    public int compareTo(Ranked o) {
      if (priority != o.priority) {
        return priority ? -1 : 1;
      }
      return Long.compare(seq, o.seq);
    }
  }
}
