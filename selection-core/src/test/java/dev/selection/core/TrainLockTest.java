package dev.selection.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selection.api.AutoTrainEvent;
import dev.selection.api.AutoTrainStatus;
import dev.selection.api.CancellationToken;
import dev.selection.api.ErrorCode;
import dev.selection.api.Label;
import dev.selection.api.PredictResult;
import dev.selection.api.PredictStatus;
import dev.selection.api.SelectionEngine;
import dev.selection.api.SelectionException;
import dev.selection.api.TrainResult;
import dev.selection.api.TrainStatus;
import dev.selection.api.spi.ModelManifest;
import dev.selection.core.internal.lock.LibraryLock;
import dev.selection.core.internal.rank.FileModelStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, item 4: one training at a time per library across processes ({@code
 * models/selection/train.lock}). Two forked {@link TrainCrashChild} processes train one library at
 * once; each stops just before saving until the test lets it go, which without the lock lets both
 * read the same revision and save it.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class TrainLockTest {
  @TempDir Path root;

  private Path lockFile() {
    return root.resolve("models").resolve("selection").resolve(TrainingService.TRAINING_LOCK);
  }

  /** A forked trainer whose stdout lines are queued. */
  private record Child(Process process, List<String> lines) {
    static Child start(Path root, Path barrier) throws IOException {
      Process p = TrainCrashTest.child(root, "1", barrier.toString()).start();
      List<String> lines = new CopyOnWriteArrayList<>();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                  }
                } catch (IOException e) {
                  // The pipe closes when the child ends or is killed.
                }
                lines.add("EOF");
              });
      reader.setDaemon(true);
      reader.start();
      return new Child(p, lines);
    }

    /** Waits for a line starting with prefix; null when the time is up or the child ended. */
    String await(String prefix, long millis) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      while (true) {
        for (String line : lines) {
          if (line.startsWith(prefix)) {
            return line;
          }
        }
        if (lines.contains("EOF") || System.nanoTime() - deadline > 0) {
          return null;
        }
        Thread.sleep(20);
      }
    }
  }

  @Test
  void twoProcessesTrainingAtOnce_saveDistinctRevisions_oneAfterTheOther() throws Exception {
    TrainCrashTest.prepareLibrary(root, new Random(42)); // revision 1
    Path barrier = root.resolve("go");
    Child a = Child.start(root, barrier);
    Child b = Child.start(root, barrier);
    try {
      // Both trainings run; without the lock both reach the save having read revision 1.
      String first = null;
      String second = null;
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while ((first == null || second == null) && System.nanoTime() < deadline) {
        if (first == null) {
          first = a.await("AT_SAVE", 200);
        }
        if (second == null) {
          second = b.await("AT_SAVE", 200);
        }
        if ((first == null) != (second == null)) {
          // One is at the save: give the other 6 s to get there too (it cannot, with the lock).
          Child other = first == null ? a : b;
          String line = other.await("AT_SAVE", 6000);
          if (first == null) {
            first = line;
          } else {
            second = line;
          }
          break;
        }
      }
      assertThat(first != null || second != null).as("a child reached the save").isTrue();
      assertThat(first != null && second != null)
          .as("both trainings reached the save at once (no lock)")
          .isFalse();
      Child waiting = first == null ? a : b;
      assertThat(waiting.await("WAITING", 1000)).as("the other one waits").isNotNull();
      // While a process holds the lock, a short wait here ends in busy.
      assertThatThrownBy(
              () ->
                  LibraryLock.acquire(
                      lockFile(),
                      Duration.ofMillis(300),
                      new CancellationToken(),
                      "Test",
                      () -> {}))
          .isInstanceOfSatisfying(
              SelectionException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BUSY));
      Files.createFile(barrier);
      for (Child c : List.of(a, b)) {
        assertThat(c.process.waitFor(2, TimeUnit.MINUTES)).as("child ends").isTrue();
        assertThat(c.process.exitValue()).isZero();
      }
      String ra = a.await("TRAINED ", 1000);
      String rb = b.await("TRAINED ", 1000);
      assertThat(List.of(ra, rb)).containsExactlyInAnyOrder("TRAINED 2", "TRAINED 3");
      ModelManifest m = new FileModelStore(root).manifest().orElseThrow();
      assertThat(m.modelRevision()).isEqualTo(3);
      new FileModelStore(root).readModel(m); // whole, with its checksum
    } finally {
      a.process.destroyForcibly();
      b.process.destroyForcibly();
    }
  }

  @Test
  void trainerKilledHoldingTheLock_doesNotBlockTheNextTraining() throws Exception {
    List<String> ids = TrainCrashTest.prepareLibrary(root, new Random(7));
    Path barrier = root.resolve("never");
    Child a = Child.start(root, barrier);
    try {
      assertThat(a.await("AT_SAVE", TimeUnit.MINUTES.toMillis(2))).isNotNull();
      a.process.destroyForcibly(); // SIGKILL while holding the lock, just before the save
      assertThat(a.process.waitFor(1, TimeUnit.MINUTES)).isTrue();
    } finally {
      a.process.destroyForcibly();
    }
    assertThat(Files.exists(lockFile())).as("the lock file stays behind").isTrue();
    try (SelectionEngine e =
        SelectionEngine.builder(root).autoTrain(false, 20, Duration.ofSeconds(8)).build()) {
      long t0 = System.nanoTime();
      TrainResult r = e.train(p -> {}, new CancellationToken());
      assertThat(r.status()).as(r.message()).isEqualTo(TrainStatus.TRAINED);
      assertThat(r.modelRevision()).isEqualTo(2);
      System.out.printf(
          "training after a killed holder took %d ms%n",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      PredictResult p = e.predictSelectionCandidates(ids.subList(0, 2), 0);
      assertThat(p.status()).isEqualTo(PredictStatus.OK);
      assertThat(p.modelRevision()).isEqualTo(2);
    }
  }

  @Test
  void trainingWaitingForTheLock_isCancelledByItsToken_andKeepsTheModel() throws Exception {
    TrainCrashTest.prepareLibrary(root, new Random(3));
    CancellationToken cancel = new CancellationToken();
    try (LibraryLock.Held held =
            LibraryLock.acquire(
                lockFile(), Duration.ofSeconds(5), new CancellationToken(), "Test", () -> {});
        SelectionEngine e =
            SelectionEngine.builder(root).autoTrain(false, 20, Duration.ofSeconds(8)).build()) {
      // Cancelled as soon as the training reports that it waits for the lock.
      AtomicBoolean waited = new AtomicBoolean();
      TrainResult r =
          e.train(
              p -> {
                if (p.message().startsWith("waiting")) {
                  waited.set(true);
                  cancel.cancel();
                }
              },
              cancel);
      assertThat(waited).as("the training reported waiting for the lock").isTrue();
      assertThat(r.status()).as(r.message()).isEqualTo(TrainStatus.CANCELLED);
      assertThat(r.modelRevision()).isEqualTo(1);
    }
    assertThat(new FileModelStore(root).manifest().orElseThrow().modelRevision()).isEqualTo(1);
  }

  @Test
  void automaticRetraining_waitsForTheLock_thenSavesTheNextRevision() throws Exception {
    List<String> ids = TrainCrashTest.prepareLibrary(root, new Random(9));
    BlockingQueue<AutoTrainEvent> events = new LinkedBlockingQueue<>();
    try (SelectionEngine e =
        SelectionEngine.builder(root)
            .autoTrain(true, 1, Duration.ofMillis(50))
            .autoTrainListener(events::add)
            .build()) {
      // Another trainer (here: a holder in this JVM) has the library.
      LibraryLock.Held held =
          LibraryLock.acquire(
              lockFile(), Duration.ofSeconds(5), new CancellationToken(), "Test", () -> {});
      try {
        e.setSelectionLabels(List.of(ids.get(0)), Label.DISLIKED); // one change: due
        AutoTrainEvent ev;
        do {
          ev = events.poll(30, TimeUnit.SECONDS);
          assertThat(ev).as("auto-training starts").isNotNull();
        } while (ev.status() != AutoTrainStatus.TRAINING);
        assertThat(events.poll(500, TimeUnit.MILLISECONDS)).as("it waits for the lock").isNull();
      } finally {
        held.close();
      }
      AutoTrainEvent done = events.poll(60, TimeUnit.SECONDS);
      assertThat(done).isNotNull();
      assertThat(done.status()).as(done.message()).isEqualTo(AutoTrainStatus.TRAINED);
      assertThat(done.modelRevision()).isEqualTo(2);
    }
  }

  @Test
  void resetTrainingData_keepsTheLockFile() throws Exception {
    TrainCrashTest.prepareLibrary(root, new Random(5));
    try (SelectionEngine e =
        SelectionEngine.builder(root).autoTrain(false, 20, Duration.ofSeconds(8)).build()) {
      e.resetTrainingData();
    }
    assertThat(new FileModelStore(root).manifest()).isEmpty();
    assertThat(Files.exists(lockFile())).isTrue();
  }
}
