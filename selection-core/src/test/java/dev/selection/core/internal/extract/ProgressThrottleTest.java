package dev.selection.core.internal.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selection.api.Phase;
import dev.selection.api.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressThrottleTest {
  @Test
  void advance_emitsAtMostOncePerInterval_butAlwaysTheLast() {
    AtomicLong now = new AtomicLong();
    List<Progress> seen = new ArrayList<>();
    ProgressThrottle t =
        new ProgressThrottle(seen::add, Phase.EXTRACT, 1000, 50_000_000L, now::get);
    t.start();
    for (int i = 0; i < 1000; i++) {
      now.addAndGet(1_000_000L); // 1 ms per unit, 1 s of work in all
      t.advance(1, 10.0, "");
    }
    // start + one per 50 ms + the final one
    assertThat(seen.size()).isBetween(20, 23);
    Progress last = seen.get(seen.size() - 1);
    assertThat(last.done()).isEqualTo(1000);
    assertThat(last.eta()).isEqualTo(Duration.ZERO);
    assertThat(last.realtimeFactor()).isCloseTo(10_000.0, org.assertj.core.data.Offset.offset(1.0));
  }

  @Test
  void eta_isProportionalToTheRemainingWork() {
    AtomicLong now = new AtomicLong();
    List<Progress> seen = new ArrayList<>();
    ProgressThrottle t = new ProgressThrottle(seen::add, Phase.EXTRACT, 4, 0, now::get);
    now.set(2_000_000_000L);
    t.advance(1, 0, "");
    assertThat(seen.get(0).eta()).isEqualTo(Duration.ofSeconds(6));
  }

  @Test
  void throwingListener_doesNotStopTheWork() {
    ProgressThrottle t =
        new ProgressThrottle(
            p -> {
              throw new IllegalStateException("boom");
            },
            Phase.EXTRACT,
            2,
            0,
            System::nanoTime);
    t.advance(1, 1, "");
    t.advance(1, 1, "");
    t.finish("done");
  }
}
