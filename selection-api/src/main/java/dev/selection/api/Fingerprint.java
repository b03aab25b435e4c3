package dev.selection.api;

import java.util.Arrays;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * A Chromaprint fingerprint, as {@code fpcalc} prints it.
 *
 * @param codes the raw 32-bit sub-fingerprints (one per 0.1238 s of audio)
 * @param encoded the compressed, URL-safe base64 form ({@code fpcalc}'s {@code FINGERPRINT=})
 * @param durationSec the duration of the whole decoded file, seconds
 */
public record Fingerprint(int[] codes, String encoded, double durationSec) {
  /** Validates and copies the values. */
  public Fingerprint {
    codes = codes.clone();
    Objects.requireNonNull(encoded, "encoded");
    if (!(durationSec >= 0)) {
      throw new IllegalArgumentException("durationSec must be >= 0: " + durationSec);
    }
  }

  /** Returns a copy of the raw codes. */
  @Override
  public int[] codes() {
    return codes.clone();
  }

  /** True when the audio was too short for a fingerprint (less than about 2.7 s). */
  public boolean isEmpty() {
    return codes.length == 0;
  }

  /** Returns the duration in whole seconds, truncated, as {@code fpcalc}'s {@code DURATION=}. */
  public int durationWholeSec() {
    return (int) durationSec;
  }

  /** Returns the codes as unsigned decimals joined by commas ({@code fpcalc -raw}). */
  public String rawString() {
    StringJoiner j = new StringJoiner(",");
    for (int c : codes) {
      j.add(Integer.toUnsignedString(c));
    }
    return j.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Fingerprint f
        && Arrays.equals(codes, f.codes)
        && encoded.equals(f.encoded)
        && Double.compare(durationSec, f.durationSec) == 0;
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(codes) + encoded.hashCode();
  }

  @Override
  public String toString() {
    return "Fingerprint[" + codes.length + " codes, " + durationSec + " s]";
  }
}
