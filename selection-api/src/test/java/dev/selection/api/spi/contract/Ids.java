package dev.selection.api.spi.contract;

import java.util.HexFormat;
import java.util.Random;

/** Song ids for tests: valid 64-character lowercase hex strings. */
final class Ids {
  private Ids() {}

  /** Returns a fixed id derived from {@code n} (ids of smaller n sort first). */
  static String id(long n) {
    return String.format("%064x", n);
  }

  /** Returns a random id. */
  static String random(Random rnd) {
    byte[] b = new byte[32];
    rnd.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
