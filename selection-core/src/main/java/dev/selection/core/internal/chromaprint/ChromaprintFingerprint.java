package dev.selection.core.internal.chromaprint;

import java.util.Arrays;

/**
 * A Chromaprint fingerprint: one 32-bit code per 1365 samples at 11 025 Hz (about 8 codes a second)
 * and the duration of the whole stream it came from.
 *
 * @param codes the raw codes, as {@code fpcalc -raw} prints them (read as unsigned); cloned
 * @param durationSec duration of the whole input in seconds (not only the fingerprinted part),
 *     finite and not negative
 */
public record ChromaprintFingerprint(int[] codes, double durationSec) {
  /** Validates and copies the components. */
  public ChromaprintFingerprint {
    if (codes == null) {
      throw new IllegalArgumentException("codes must not be null");
    }
    if (!(durationSec >= 0) || Double.isInfinite(durationSec)) {
      throw new IllegalArgumentException("durationSec must be finite and >= 0: " + durationSec);
    }
    codes = codes.clone();
  }

  /** Returns a copy of the raw codes. */
  @Override
  public int[] codes() {
    return codes.clone();
  }

  /** Returns the number of codes. */
  public int length() {
    return codes.length;
  }

  /**
   * Returns true when the input was too short for a single code ({@code fpcalc}: "Empty
   * fingerprint").
   */
  public boolean isEmpty() {
    return codes.length == 0;
  }

  /**
   * Returns the compressed fingerprint exactly as {@code fpcalc} prints it by default (algorithm
   * byte 1, base64url without padding), or the empty string for an empty fingerprint.
   */
  public String encoded() {
    return codes.length == 0
        ? ""
        : ChromaprintCodec.encode(codes, ChromaprintAlgorithm.ALGORITHM_ID);
  }

  /**
   * Returns the duration as {@code fpcalc} prints it in {@code DURATION=}: whole seconds,
   * truncated.
   */
  public int durationWholeSec() {
    return (int) durationSec;
  }

  /** Returns the codes as {@code fpcalc -raw} prints them: unsigned decimals joined by commas. */
  public String rawString() {
    StringBuilder text = new StringBuilder(codes.length * 11);
    for (int i = 0; i < codes.length; i++) {
      if (i > 0) {
        text.append(',');
      }
      text.append(Integer.toUnsignedString(codes[i]));
    }
    return text.toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ChromaprintFingerprint that
        && Arrays.equals(codes, that.codes)
        && Double.compare(durationSec, that.durationSec) == 0;
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(codes) + Double.hashCode(durationSec);
  }

  @Override
  public String toString() {
    return "ChromaprintFingerprint[codes=" + codes.length + ", durationSec=" + durationSec + "]";
  }
}
