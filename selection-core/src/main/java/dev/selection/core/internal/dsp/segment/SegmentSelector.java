package dev.selection.core.internal.dsp.segment;

import dev.selection.api.SegmentPolicy;
import dev.selection.api.spi.AudioExcerpt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Chooses the excerpts of a track to analyse from its frame-energy envelope: the one shared segment
 * strategy of the SDK (spec §6), replacing the original design's fixed 30 s intro skip.
 *
 * <p>The policy is laid on a grid of {@value #FRAME_SEC} s energy frames ({@link #frameSamples()}
 * samples each). Candidate windows of {@link #windowFrames()} frames start at {@code guard + k·hop}
 * frames and must end at least {@code guard} frames before the last complete frame. The choice is
 * greedy: candidates in order of decreasing energy (ties: earlier start first), a candidate is
 * taken when its start is at least {@link #gapFrames()} frames from every start already taken,
 * until {@code segments} are taken. A track too short for {@code 2·guard + window} has no candidate
 * and falls back to one excerpt: the whole track when it is no longer than a window, else the
 * centred window (as much as fits, keeping as far from both edges as possible).
 *
 * <p>{@link #chooseStartFrames} is a pure function; {@link SegmentCollector} computes the same
 * choice while streaming, with bounded memory. Instances are immutable and thread-safe.
 */
public final class SegmentSelector {
  /** Nominal length of one energy frame in seconds. */
  public static final double FRAME_SEC = 0.1;

  /** A chosen span of the track, in samples. */
  public record Span(long startSample, long lengthSamples) {
    /** Validates the values. */
    public Span {
      if (startSample < 0 || lengthSamples < 0) {
        throw new IllegalArgumentException("Bad span: " + startSample + "+" + lengthSamples);
      }
    }
  }

  /** Orders candidates best first: higher energy, then earlier start. */
  static final Comparator<Candidate> BEST_FIRST =
      Comparator.comparingDouble((Candidate c) -> c.energy)
          .reversed()
          .thenComparingLong(c -> c.startFrame);

  // 2^28 frames of 0.1 s: 850 years; keeps every frame and sample sum inside a long.
  private static final int MAX_FRAMES = 1 << 28;

  private final SegmentPolicy policy;
  private final int sampleRateHz;
  private final int frameSamples;
  private final int windowFrames;
  private final int hopFrames;
  private final int guardFrames;
  private final int gapFrames;

  /**
   * Lays {@code policy} on the frame grid of {@code sampleRateHz}.
   *
   * @throws IllegalArgumentException if the rate is not positive or the window is absurdly long
   */
  public SegmentSelector(SegmentPolicy policy, int sampleRateHz) {
    this.policy = Objects.requireNonNull(policy, "policy");
    if (sampleRateHz <= 0) {
      throw new IllegalArgumentException("Bad sample rate: " + sampleRateHz);
    }
    this.sampleRateHz = sampleRateHz;
    this.frameSamples = (int) Math.max(1, Math.round(sampleRateHz * FRAME_SEC));
    double frameSec = (double) frameSamples / sampleRateHz;
    // Clamped so that absurd policies cannot overflow; they simply leave no candidate.
    this.windowFrames = frames(Math.round(policy.windowSec() / frameSec));
    this.hopFrames = frames(Math.round(policy.hopSec() / frameSec));
    double guard = Math.ceil(policy.edgeGuardSec() / frameSec - 1e-9);
    this.guardFrames = (int) Math.min(MAX_FRAMES, guard);
    double gap = Math.ceil(policy.minGapFactor() * windowFrames - 1e-9);
    this.gapFrames = (int) Math.min(MAX_FRAMES, gap);
    if ((long) windowFrames * frameSamples > Integer.MAX_VALUE / 2) {
      throw new IllegalArgumentException("Segment window too long: " + policy.windowSec() + " s");
    }
  }

  /** Returns the policy. */
  public SegmentPolicy policy() {
    return policy;
  }

  /** Returns the sample rate in Hz. */
  public int sampleRateHz() {
    return sampleRateHz;
  }

  /** Returns the samples per energy frame. */
  public int frameSamples() {
    return frameSamples;
  }

  /** Returns the window length in frames. */
  public int windowFrames() {
    return windowFrames;
  }

  /** Returns the window length in samples. */
  public int windowSamples() {
    return windowFrames * frameSamples;
  }

  /** Returns the hop between candidate starts in frames. */
  public int hopFrames() {
    return hopFrames;
  }

  /** Returns the edge guard in frames. */
  public int guardFrames() {
    return guardFrames;
  }

  /** Returns the minimum distance between chosen starts in frames. */
  public int gapFrames() {
    return gapFrames;
  }

  /**
   * Returns how many of the best candidates (by energy, ties to the earlier) always contain the
   * greedy choice.
   *
   * <p>Why: the greedy walk takes or rejects candidates in best-first order and stops at the {@code
   * K}-th take. A rejected candidate lies closer than {@code gap} to an earlier take; on the hop
   * grid each take has at most {@code b = 2·(ceil(gap / hop) − 1)} such neighbours (offsets {@code
   * ±m·hop} with {@code m·hop < gap}). Before the {@code K}-th take there are at most {@code K − 1}
   * takes, so at most {@code (K − 1)·b} rejections: the walk ends within the first {@code K + (K −
   * 1)·b} candidates, and running it on just those gives the same result. Defaults: 3 + 2·2 = 7.
   */
  public int candidatesNeeded() {
    int k = policy.segments();
    int blocked = Math.max(0, 2 * (ceilDiv(gapFrames, hopFrames) - 1));
    long needed = k + (long) (k - 1) * blocked;
    return (int) Math.min(needed, Integer.MAX_VALUE / 4);
  }

  /**
   * Returns the fewest samples a track needs to have at least one candidate (shorter tracks take
   * the fallback).
   */
  public long minSamplesForCandidates() {
    return (2L * guardFrames + windowFrames) * frameSamples;
  }

  /**
   * Returns the energy (sum of squares) of each complete frame of {@code mono}; frames with NaN or
   * infinite samples get −∞.
   *
   * @param mono samples
   * @param frameSamples samples per frame, positive
   */
  public static double[] frameEnergies(float[] mono, int frameSamples) {
    int frames = mono.length / frameSamples;
    double[] energy = new double[frames];
    int i = 0;
    for (int f = 0; f < frames; f++) {
      double sum = 0;
      for (int end = i + frameSamples; i < end; i++) {
        sum += (double) mono[i] * mono[i];
      }
      energy[f] = sanitize(sum);
    }
    return energy;
  }

  /**
   * Ranks a frame with NaN or infinite samples (corrupt audio) below every real one, so that such
   * frames are chosen only when nothing else is left.
   */
  static double sanitize(double frameEnergy) {
    return frameEnergy <= Double.MAX_VALUE ? frameEnergy : Double.NEGATIVE_INFINITY;
  }

  /**
   * Chooses the segment starts from a frame-energy envelope: the pure greedy choice described in
   * the class comment.
   *
   * @param frameEnergy energy of every complete frame of the track, in order
   * @return chosen start frames in increasing order; empty when no candidate fits
   */
  public long[] chooseStartFrames(double[] frameEnergy) {
    List<Candidate> candidates = new ArrayList<>();
    for (long start = guardFrames;
        start + windowFrames + guardFrames <= frameEnergy.length;
        start += hopFrames) {
      Candidate c = new Candidate(start);
      for (int f = 0; f < windowFrames; f++) {
        c.energy += frameEnergy[(int) start + f];
      }
      candidates.add(c);
    }
    return greedy(candidates);
  }

  /**
   * Runs the greedy choice over {@code candidates} (any order).
   *
   * @return chosen start frames in increasing order
   */
  long[] greedy(List<Candidate> candidates) {
    Candidate[] sorted = candidates.toArray(new Candidate[0]);
    Arrays.sort(sorted, BEST_FIRST);
    long[] chosen = new long[Math.min(policy.segments(), sorted.length)];
    int taken = 0;
    for (Candidate c : sorted) {
      if (taken == chosen.length) {
        break;
      }
      boolean farEnough = true;
      for (int j = 0; j < taken; j++) {
        if (Math.abs(c.startFrame - chosen[j]) < gapFrames) {
          farEnough = false;
          break;
        }
      }
      if (farEnough) {
        chosen[taken++] = c.startFrame;
      }
    }
    long[] result = Arrays.copyOf(chosen, taken);
    Arrays.sort(result);
    return result;
  }

  /**
   * Chooses the spans to analyse, with the short-track fallback.
   *
   * @param frameEnergy energy of every complete frame, in order
   * @param totalSamples length of the track in samples
   * @return spans in time order; empty only for an empty track
   */
  public List<Span> choose(double[] frameEnergy, long totalSamples) {
    long[] starts = chooseStartFrames(frameEnergy);
    if (starts.length == 0) {
      return fallback(totalSamples);
    }
    List<Span> spans = new ArrayList<>(starts.length);
    for (long start : starts) {
      spans.add(new Span(start * frameSamples, windowSamples()));
    }
    return spans;
  }

  /** Returns the single fallback span of a track that has no candidate. */
  List<Span> fallback(long totalSamples) {
    if (totalSamples <= 0) {
      return List.of();
    }
    if (totalSamples <= windowSamples()) {
      return List.of(new Span(0, totalSamples));
    }
    return List.of(new Span((totalSamples - windowSamples()) / 2, windowSamples()));
  }

  /**
   * Chooses and copies the excerpts of a whole in-memory mono track: the offline reference of
   * {@link SegmentCollector}, for short inputs and tests.
   *
   * @param mono the track's samples at {@link #sampleRateHz()}
   * @return excerpts in time order; empty only for an empty track
   */
  public List<AudioExcerpt> selectExcerpts(float[] mono) {
    List<AudioExcerpt> excerpts = new ArrayList<>();
    for (Span span : choose(frameEnergies(mono, frameSamples), mono.length)) {
      int from = (int) span.startSample();
      float[] samples = Arrays.copyOfRange(mono, from, from + (int) span.lengthSamples());
      excerpts.add(new AudioExcerpt(samples, sampleRateHz, (double) from / sampleRateHz));
    }
    return excerpts;
  }

  private static int frames(long frames) {
    return (int) Math.max(1, Math.min(MAX_FRAMES, frames));
  }

  private static int ceilDiv(int a, int b) {
    return -Math.floorDiv(-a, b);
  }

  /** A candidate window: its start frame and energy, and in streaming its audio. */
  static final class Candidate {
    final long startFrame;
    double energy;
    float[] audio;
    int framesSummed;

    Candidate(long startFrame) {
      this.startFrame = startFrame;
    }
  }
}
