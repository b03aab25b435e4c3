package dev.selection.core.internal.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selection.api.CancellationToken;
import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibraryLockTest {
  @TempDir Path dir;

  private Path file() {
    return dir.resolve("models").resolve("selection").resolve("train.lock");
  }

  @Test
  void heldLock_makesASecondHolderWait_thenBusy() {
    AtomicInteger waits = new AtomicInteger();
    try (LibraryLock.Held held =
        LibraryLock.acquire(
            file(), Duration.ofSeconds(1), new CancellationToken(), "Test", () -> {})) {
      assertThat(Files.exists(file())).as("created with its folder").isTrue();
      long t0 = System.nanoTime();
      assertThatThrownBy(
              () ->
                  LibraryLock.acquire(
                      file(),
                      Duration.ofMillis(200),
                      new CancellationToken(),
                      "Test",
                      waits::incrementAndGet))
          .isInstanceOfSatisfying(
              SelectionException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BUSY));
      assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
      assertThat(waits).as("the wait is reported once").hasValue(1);
    }
  }

  @Test
  void waiter_getsTheLockWhenItIsReleased() throws Exception {
    LibraryLock.Held held =
        LibraryLock.acquire(
            file(), Duration.ofSeconds(1), new CancellationToken(), "Test", () -> {});
    CompletableFuture<LibraryLock.Held> waiter =
        CompletableFuture.supplyAsync(
            () ->
                LibraryLock.acquire(
                    file(), Duration.ofSeconds(30), new CancellationToken(), "Test", () -> {}));
    Thread.sleep(150);
    assertThat(waiter).isNotDone();
    held.close();
    held.close(); // a second close is harmless
    waiter.get(10, TimeUnit.SECONDS).close();
  }

  @Test
  void waitingIsCancelledByTheToken() throws Exception {
    try (LibraryLock.Held held =
        LibraryLock.acquire(
            file(), Duration.ofSeconds(1), new CancellationToken(), "Test", () -> {})) {
      CancellationToken cancel = new CancellationToken();
      CompletableFuture<Void> waiter =
          CompletableFuture.runAsync(
              () -> LibraryLock.acquire(file(), Duration.ofMinutes(1), cancel, "Test", () -> {}));
      Thread.sleep(100);
      cancel.cancel();
      assertThatThrownBy(() -> waiter.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(SelectionException.class)
          .cause()
          .satisfies(
              e -> assertThat(((SelectionException) e).code()).isEqualTo(ErrorCode.CANCELLED));
    }
    // Released: free for the next one.
    LibraryLock.acquire(file(), Duration.ZERO, new CancellationToken(), "Test", () -> {}).close();
  }
}
