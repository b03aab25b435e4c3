package dev.selection.core.internal.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WorkSchedulerTest {
  @Test
  void priorityJobs_overtakeQueuedOrdinaryJobs() throws Exception {
    try (WorkScheduler s = new WorkScheduler(1, 1)) {
      CountDownLatch gate = new CountDownLatch(1);
      List<String> order = Collections.synchronizedList(new ArrayList<>());
      s.submitExtraction(
          () -> {
            try {
              gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          },
          false);
      List<Future<?>> fs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        int n = i;
        fs.add(s.submitExtraction(() -> order.add("scan" + n), false));
      }
      fs.add(s.submitExtraction(() -> order.add("visible"), true));
      gate.countDown();
      for (Future<?> f : fs) {
        f.get(10, TimeUnit.SECONDS);
      }
      assertThat(order).containsExactly("visible", "scan0", "scan1", "scan2");
    }
  }

  @Test
  void cpuPermits_capConcurrencyAcrossLanes() throws Exception {
    try (WorkScheduler s = new WorkScheduler(2, 4)) {
      AtomicInteger running = new AtomicInteger();
      AtomicInteger peak = new AtomicInteger();
      Runnable work =
          () -> {
            int now = running.incrementAndGet();
            peak.accumulateAndGet(now, Math::max);
            double x = 0;
            for (int i = 0; i < 200_000; i++) {
              x += Math.sqrt(i);
            }
            if (x < 0) {
              throw new AssertionError();
            }
            running.decrementAndGet();
          };
      List<Future<?>> fs = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        fs.add(s.submitExtraction(work, i % 5 == 0));
      }
      fs.add(
          s.submitTraining(
              2,
              () -> {
                work.run();
                return null;
              }));
      fs.add(
          s.submitPrediction(
              1,
              threads -> {
                work.run();
                return null;
              }));
      for (Future<?> f : fs) {
        f.get(30, TimeUnit.SECONDS);
      }
      // The budget, plus at most the prediction lane's own share of one thread.
      assertThat(peak.get()).isBetween(1, 3);
    }
  }

  @Test
  void prediction_doesNotWaitForATrainingHoldingEveryPermit() throws Exception {
    try (WorkScheduler s = new WorkScheduler(2, 1)) {
      CountDownLatch training = new CountDownLatch(1);
      CountDownLatch started = new CountDownLatch(1);
      Future<Object> train =
          s.submitTraining(
              2,
              () -> {
                started.countDown();
                training.await(60, TimeUnit.SECONDS);
                return null;
              });
      started.await(60, TimeUnit.SECONDS);
      // The training holds both permits and waits: the prediction still runs, on the threads the
      // training lends it (the training pauses at its next checkpoint).
      assertThat(s.submitPrediction(2, threads -> threads).get(60, TimeUnit.SECONDS)).isEqualTo(2);
      assertThat(train.isDone()).isFalse();
      training.countDown();
      train.get(60, TimeUnit.SECONDS);
      // Idle: the prediction gets the whole budget.
      assertThat(s.submitPrediction(2, threads -> threads).get(60, TimeUnit.SECONDS)).isEqualTo(2);
    }
  }

  @Test
  void prediction_pausesATrainingAtItsCheckpoints_andTheTrainingGoesOnAfterwards()
      throws Exception {
    try (WorkScheduler s = new WorkScheduler(2, 1)) {
      AtomicLong steps = new AtomicLong();
      AtomicBoolean stop = new AtomicBoolean();
      CountDownLatch started = new CountDownLatch(1);
      Future<Object> train =
          s.submitTraining(
              2,
              () -> {
                // A training worker thread started by the task pauses too.
                Thread worker =
                    new Thread(
                        ForegroundGate.propagating(
                            () -> {
                              while (!stop.get()) {
                                ForegroundGate.checkpoint();
                                steps.incrementAndGet();
                                started.countDown();
                                Thread.onSpinWait();
                              }
                            }));
                worker.start();
                worker.join();
                return null;
              });
      assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
      long[] during =
          s.submitPrediction(
                  2,
                  threads -> {
                    // Once the worker has paused at a checkpoint, watch it stand still (a pause
                    // lasts up to 2 s).
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (s.gate().pauses() == 0 && System.nanoTime() < deadline) {
                      Thread.onSpinWait();
                    }
                    long a = steps.get();
                    Thread.sleep(300);
                    return new long[] {a, steps.get(), threads};
                  })
              .get(60, TimeUnit.SECONDS);
      assertThat(during[2]).isEqualTo(2);
      assertThat(during[1] - during[0]).as("training steps while the prediction ran").isZero();
      assertThat(s.gate().pauses()).isPositive();
      long after = steps.get();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (steps.get() == after && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(steps.get()).as("the training goes on after the prediction").isGreaterThan(after);
      stop.set(true);
      train.get(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void checkpoint_outsideBackgroundWork_neverPauses() throws Exception {
    try (WorkScheduler s = new WorkScheduler(2, 1)) {
      s.gate().enter();
      try {
        long t0 = System.nanoTime();
        ForegroundGate.checkpoint();
        assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.MILLISECONDS.toNanos(500));
        assertThat(s.gate().pauses()).isZero();
      } finally {
        s.gate().exit();
      }
    }
  }

  @Test
  void threadStartedDuringTraining_withoutPropagation_neverPauses() throws Exception {
    // A pool thread created from a training (a host's progress callback submitting work, say)
    // must not inherit the gate: its later checkpoints, in a prediction, would wait for itself.
    ForegroundGate g = new ForegroundGate();
    Thread[] plain = new Thread[1];
    long[] waited = new long[1];
    g.runAsBackground(
        () -> {
          plain[0] =
              new Thread(
                  () -> {
                    long t0 = System.nanoTime();
                    ForegroundGate.checkpoint();
                    waited[0] = System.nanoTime() - t0;
                  });
          return null;
        });
    g.enter();
    try {
      plain[0].start();
      plain[0].join(10_000);
    } finally {
      g.exit();
    }
    assertThat(waited[0]).isLessThan(TimeUnit.MILLISECONDS.toNanos(500));
    assertThat(g.pauses()).isZero();
  }

  @Test
  void checkpoint_pausesAtMostTheBound_whenForegroundWorkNeverEnds() throws Exception {
    ForegroundGate g = new ForegroundGate();
    g.enter();
    long t0 = System.nanoTime();
    g.runAsBackground(
        () -> {
          ForegroundGate.checkpoint();
          return null;
        });
    long waited = System.nanoTime() - t0;
    assertThat(waited)
        .isBetween(ForegroundGate.MAX_PAUSE_NANOS, 10 * ForegroundGate.MAX_PAUSE_NANOS);
    assertThat(g.pauses()).isEqualTo(1);
    g.exit();
  }
}
