package dev.selection.core.internal.lock;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanClaimsTest {
  @TempDir Path dir;

  @Test
  void claimHeldByOneRun_isRefusedToAnother_untilReleased() {
    Path file = dir.resolve("scan.lock");
    try (ScanClaims a = ScanClaims.open(file);
        ScanClaims b = ScanClaims.open(file)) {
      assertThat(a.tryClaim("music/x.wav")).isTrue();
      assertThat(a.tryClaim("music/x.wav")).as("again by the holder").isTrue();
      assertThat(b.tryClaim("music/x.wav")).isFalse();
      assertThat(b.tryClaim("music/y.wav")).isTrue();
      a.release("music/x.wav");
      assertThat(b.tryClaim("music/x.wav")).isTrue();
      assertThat(a.tryClaim("music/x.wav")).isFalse();
      a.release("music/not-held.wav"); // harmless
    }
  }

  @Test
  void closingOneRun_keepsTheOtherRunsClaims_andFreesItsOwn() {
    Path file = dir.resolve("scan.lock");
    try (ScanClaims b = ScanClaims.open(file)) {
      ScanClaims a = ScanClaims.open(file);
      assertThat(a.tryClaim("one")).isTrue();
      assertThat(b.tryClaim("two")).isTrue();
      a.close();
      a.close(); // a second close is harmless
      try (ScanClaims c = ScanClaims.open(file)) {
        assertThat(c.tryClaim("two")).as("still b's").isFalse();
        assertThat(c.tryClaim("one")).as("freed by closing a").isTrue();
      }
    }
  }

  @Test
  void positions_areNonNegative_andLeaveRoomForTheLockedByte() {
    for (String key : new String[] {"", "a", "music/ünïcode/♫.flac", "x".repeat(10_000)}) {
      long p = ScanClaims.position(key);
      assertThat(p).isNotNegative().isLessThan(Long.MAX_VALUE);
    }
    assertThat(ScanClaims.position("a")).isNotEqualTo(ScanClaims.position("b"));
  }

  @Test
  void noneClaimsEverything() {
    try (ScanClaims a = ScanClaims.none();
        ScanClaims b = ScanClaims.none()) {
      assertThat(a.tryClaim("k")).isTrue();
      assertThat(b.tryClaim("k")).isTrue();
    }
  }
}
