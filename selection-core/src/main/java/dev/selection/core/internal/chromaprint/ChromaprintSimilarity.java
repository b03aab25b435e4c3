package dev.selection.core.internal.chromaprint;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Similarity of two Chromaprint fingerprints: a compact 64-bit SimHash compared by Hamming distance
 * (cheap, offset-free, for ranking features over a whole library), and an alignment search that
 * finds the bit error rate at the best time offset (exact, for pairs).
 *
 * <p><b>SimHash</b> ({@link #simhash64}). Charikar's SimHash over a bag of features. Each 32-bit
 * code is cut into its four bytes; byte {@code k} (bits {@code 8k..8k+7}) holds the Gray-coded
 * outputs of four neighbouring classifiers, so a feature is the pair {@code (k, byte value)}, one
 * of 1024. Let {@code c_f} be how often feature {@code f} occurs among the {@code n} codes and
 * {@code w_f = c_f - n / 256} its count centred on the uniform expectation (so that what every
 * track has in common cancels out). Each feature has a fixed pseudo-random 64-bit hash {@code
 * h(f)}, the {@code f}-th output of SplitMix64 seeded with 0 (its finaliser applied to {@code (f +
 * 1) * 0x9E3779B97F4A7C15}); bit {@code b} of the SimHash is set when {@code sum_f w_f * (bit b of
 * h(f) ? +1 : -1) > 0}. The histogram does not depend on where the track starts, a gain change
 * barely moves the codes (the chroma is normalised), and light noise flips only some classifiers in
 * some bytes, so near-duplicates land a few bits apart, while unrelated tracks land about 32 bits
 * apart. An empty fingerprint hashes to 0.
 *
 * <p><b>Alignment</b> ({@link #bestAlignment}). For every offset {@code d} in {@code [-maxOffset,
 * +maxOffset]} with at least {@code minOverlap} overlapping codes, the bit error rate is the share
 * of differing bits between {@code a[i + d]} and {@code b[i]} over the overlap; the best (lowest)
 * one wins, and {@code similarity = 1 - BER}. Unrelated audio scores about 0.5 (a little above,
 * since the minimum over many offsets is taken); the same recording about 0.9 to 1.
 *
 * <p>Thread-safe: stateless.
 */
public final class ChromaprintSimilarity {
  /** Default search range: ±80 codes, about ±10 s. */
  public static final int DEFAULT_MAX_OFFSET_FRAMES = 80;

  /** Default minimum overlap: 20 codes, about 2.5 s. */
  public static final int DEFAULT_MIN_OVERLAP_FRAMES = 20;

  private static final long[] FEATURE_HASHES = featureHashes();

  private ChromaprintSimilarity() {}

  /**
   * Computes the 64-bit SimHash of raw codes (see the class comment for the exact definition).
   *
   * @param codes raw codes
   * @return the SimHash; 0 for no codes
   */
  public static long simhash64(int[] codes) {
    if (codes.length == 0) {
      return 0L;
    }
    int[] counts = new int[1024];
    for (int code : codes) {
      counts[code & 0xFF]++;
      counts[256 + ((code >>> 8) & 0xFF)]++;
      counts[512 + ((code >>> 16) & 0xFF)]++;
      counts[768 + (code >>> 24)]++;
    }
    double expected = codes.length / 256.0;
    double[] votes = new double[64];
    for (int f = 0; f < counts.length; f++) {
      double weight = counts[f] - expected;
      long hash = FEATURE_HASHES[f];
      for (int bit = 0; bit < 64; bit++) {
        votes[bit] += ((hash >>> bit) & 1L) != 0 ? weight : -weight;
      }
    }
    long simhash = 0L;
    for (int bit = 0; bit < 64; bit++) {
      if (votes[bit] > 0) {
        simhash |= 1L << bit;
      }
    }
    return simhash;
  }

  /**
   * Compares two SimHashes.
   *
   * @param a a SimHash from {@link #simhash64}
   * @param b another one
   * @return {@code 1 - hamming(a, b) / 64}, in [0, 1]
   */
  public static double simhashSimilarity(long a, long b) {
    return 1.0 - Long.bitCount(a ^ b) / 64.0;
  }

  /**
   * The best time alignment of two fingerprints.
   *
   * @param offsetFrames {@code d} such that {@code a[i + d]} lines up with {@code b[i]}; one frame
   *     is 1365 / 11025 s (about 0.124 s)
   * @param overlapFrames number of codes compared
   * @param bitErrorRate share of differing bits over the overlap, in [0, 1]
   */
  public record Alignment(int offsetFrames, int overlapFrames, double bitErrorRate) {
    /** Validates the components. */
    public Alignment {
      if (overlapFrames < 1) {
        throw new IllegalArgumentException("overlapFrames must be >= 1: " + overlapFrames);
      }
      if (!(bitErrorRate >= 0 && bitErrorRate <= 1)) {
        throw new IllegalArgumentException("bitErrorRate must be in [0, 1]: " + bitErrorRate);
      }
    }

    /** Returns {@code 1 - bitErrorRate}. */
    public double similarity() {
      return 1.0 - bitErrorRate;
    }
  }

  /**
   * Finds the offset with the lowest bit error rate.
   *
   * @param a raw codes
   * @param b raw codes
   * @param maxOffsetFrames largest |offset| tried, &gt;= 0
   * @param minOverlapFrames fewest codes an offset must compare, &gt;= 1
   * @return the best alignment, or empty when no offset overlaps enough (e.g. a fingerprint is
   *     shorter than {@code minOverlapFrames})
   * @throws IllegalArgumentException if a bound is out of range
   */
  public static Optional<Alignment> bestAlignment(
      int[] a, int[] b, int maxOffsetFrames, int minOverlapFrames) {
    if (maxOffsetFrames < 0) {
      throw new IllegalArgumentException("maxOffsetFrames must be >= 0: " + maxOffsetFrames);
    }
    if (minOverlapFrames < 1) {
      throw new IllegalArgumentException("minOverlapFrames must be >= 1: " + minOverlapFrames);
    }
    Alignment best = null;
    for (int d = -maxOffsetFrames; d <= maxOffsetFrames; d++) {
      int start = Math.max(0, -d);
      int end = Math.min(b.length, a.length - d);
      int overlap = end - start;
      if (overlap < minOverlapFrames) {
        continue;
      }
      long errors = 0;
      for (int i = start; i < end; i++) {
        errors += Integer.bitCount(a[i + d] ^ b[i]);
      }
      double ber = errors / (32.0 * overlap);
      if (best == null
          || ber < best.bitErrorRate()
          || (ber == best.bitErrorRate() && Math.abs(d) < Math.abs(best.offsetFrames()))) {
        best = new Alignment(d, overlap, ber);
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * Alignment similarity with the defaults (±{@value #DEFAULT_MAX_OFFSET_FRAMES} frames, at least
   * {@value #DEFAULT_MIN_OVERLAP_FRAMES} overlapping codes).
   *
   * @return {@code 1 - BER} at the best offset, or empty when the fingerprints overlap too little
   */
  public static OptionalDouble alignedSimilarity(int[] a, int[] b) {
    return bestAlignment(a, b, DEFAULT_MAX_OFFSET_FRAMES, DEFAULT_MIN_OVERLAP_FRAMES)
        .map(alignment -> OptionalDouble.of(alignment.similarity()))
        .orElse(OptionalDouble.empty());
  }

  private static long[] featureHashes() {
    long[] hashes = new long[1024];
    for (int f = 0; f < hashes.length; f++) {
      long z = 0x9E3779B97F4A7C15L + f * 0x9E3779B97F4A7C15L;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      hashes[f] = z ^ (z >>> 31);
    }
    return hashes;
  }
}
