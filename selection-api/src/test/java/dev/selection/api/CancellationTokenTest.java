package dev.selection.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CancellationTokenTest {

  @Test
  void child_isCancelledByItsParent_butNotTheOtherWay() {
    CancellationToken parent = new CancellationToken();
    CancellationToken a = parent.child();
    CancellationToken b = parent.child();
    a.cancel();
    assertThat(parent.isCancelled()).isFalse();
    assertThat(b.isCancelled()).isFalse();
    parent.cancel();
    assertThat(b.isCancelled()).isTrue();
    assertThat(parent.child().isCancelled()).isTrue();
  }

  @Test
  void childrenCancelledOnTheirOwn_leaveALongLivedParent() {
    CancellationToken parent = new CancellationToken();
    for (int i = 0; i < 10_000; i++) {
      parent.child().cancel();
    }
    assertThat(parent.registeredCallbacks()).isZero();
  }

  @Test
  void childrenNobodyHolds_doNotPileUpOnALongLivedParent() throws Exception {
    CancellationToken parent = new CancellationToken();
    List<CancellationToken> kept = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      kept.add(parent.child());
    }
    // 10,000 operations each take a child and finish without cancelling it.
    for (int i = 0; i < 10_000; i++) {
      parent.child();
    }
    for (int attempt = 0; attempt < 20 && parent.registeredCallbacks() > 5_000; attempt++) {
      System.gc();
      Thread.sleep(10);
      parent.child().cancel(); // registering purges the children that are gone
    }
    assertThat(parent.registeredCallbacks()).isLessThan(5_000);
    parent.cancel();
    assertThat(kept).allMatch(CancellationToken::isCancelled);
  }

  @Test
  void onCancel_afterCancel_runsOnceAtOnce() throws Exception {
    CancellationToken t = new CancellationToken();
    t.cancel();
    AtomicInteger runs = new AtomicInteger();
    t.onCancel(runs::incrementAndGet);
    t.cancel();
    assertThat(runs).hasValue(1);
  }

  @Test
  void onCancel_racingWithCancel_runsExactlyOnce() throws Exception {
    for (int trial = 0; trial < 2000; trial++) {
      CancellationToken t = new CancellationToken();
      AtomicInteger runs = new AtomicInteger();
      CountDownLatch go = new CountDownLatch(1);
      Thread canceller =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                t.cancel();
              });
      canceller.start();
      go.countDown();
      t.onCancel(runs::incrementAndGet);
      canceller.join();
      assertThat(runs).as("trial %d", trial).hasValue(1);
    }
  }

  @Test
  void closedRegistration_neverRuns_andAThrowingCallbackDoesNotStopTheOthers() throws Exception {
    CancellationToken t = new CancellationToken();
    AtomicInteger runs = new AtomicInteger();
    t.onCancel(runs::incrementAndGet).close();
    t.onCancel(
        () -> {
          throw new IllegalStateException("boom");
        });
    t.onCancel(runs::incrementAndGet);
    t.cancel();
    assertThat(runs).hasValue(1);
    assertThat(t.registeredCallbacks()).isZero();
  }
}
