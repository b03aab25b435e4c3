package dev.selection.core.internal.dsp.segment;

import dev.selection.api.SegmentPolicy;
import dev.selection.api.spi.AudioExcerpt;
import dev.selection.core.internal.dsp.segment.SegmentSelector.Candidate;
import dev.selection.core.internal.pipeline.PcmSink;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * Streams a mono track (any rate) and keeps the excerpts {@link SegmentSelector} would choose from
 * the whole track, without ever holding the whole track: the result equals {@link
 * SegmentSelector#selectExcerpts} on the same samples, for any block sizes.
 *
 * <p>Memory: only the audio of a bounded set of candidate windows is retained —
 *
 * <ul>
 *   <li>the windows still being filled: at most {@code ceil(window / hop)};
 *   <li>complete windows whose end is still within {@code guard} of the current position (the total
 *       duration is not known in advance, so the end guard is judged later, at the latest at {@link
 *       #end()}): at most {@code ceil(guard / hop)};
 *   <li>the {@link SegmentSelector#candidatesNeeded()} best confirmed windows (a superset that
 *       provably contains the greedy choice, see there), plus one during replacement;
 *   <li>the first {@code 2·guard + window} of the track, for the short-track fallback, dropped as
 *       soon as the track is longer.
 * </ul>
 *
 * The sum is {@link #retainedSamplesBound(SegmentPolicy, int)}, independent of the duration
 * (defaults: 13 windows + 24 s, i.e. 180 s of audio); {@link #retainedSamplesPeak()} counts what
 * was actually allocated. Not thread-safe: one track at a time, as every {@link PcmSink}.
 */
public final class SegmentCollector implements PcmSink {
  private final SegmentPolicy policy;

  private SegmentSelector selector;
  private int frameSamples;
  private int windowSamples;
  private long nextStartFrame;
  private long framesDone;
  private long samplesDone;
  private double frameEnergy;
  private int frameFill;
  private float[] head;
  private long headLimit;
  private final List<Candidate> open = new ArrayList<>();
  private final Deque<Candidate> pending = new ArrayDeque<>();
  private PriorityQueue<Candidate> best;
  private final Deque<float[]> pool = new ArrayDeque<>();
  private long allocatedSamples;
  private long peakSamples;
  private List<AudioExcerpt> result;

  /** Creates a collector for {@code policy}. */
  public SegmentCollector(SegmentPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if {@code channels != 1} or the rate is not positive
   */
  @Override
  public void begin(int sampleRateHz, int channels, long framesHint) {
    if (channels != 1) {
      throw new IllegalArgumentException("SegmentCollector is mono, got " + channels + " channels");
    }
    selector = new SegmentSelector(policy, sampleRateHz);
    frameSamples = selector.frameSamples();
    windowSamples = selector.windowSamples();
    nextStartFrame = selector.guardFrames();
    framesDone = 0;
    samplesDone = 0;
    frameEnergy = 0;
    frameFill = 0;
    open.clear();
    pending.clear();
    pool.clear();
    // Worst first, so that the head is the one to evict.
    best = new PriorityQueue<>(SegmentSelector.BEST_FIRST.reversed());
    allocatedSamples = 0;
    peakSamples = 0;
    result = null;
    // The head grows with the track, up to what the fallback may need.
    headLimit = selector.minSamplesForCandidates();
    head = new float[(int) Math.min(headLimit, 1 << 16)];
    count(head.length);
  }

  @Override
  public void accept(float[] samples, int offset, int frames) {
    if (selector == null || result != null) {
      throw new IllegalStateException("accept() outside begin()/end()");
    }
    int pos = offset;
    int end = offset + frames;
    while (pos < end) {
      // Chunks never cross an energy-frame boundary, so candidates open exactly at their start
      // frame.
      int chunk = Math.min(end - pos, frameSamples - frameFill);
      if (frameFill == 0) {
        openCandidatesAt(framesDone);
      }
      copyToHead(samples, pos, chunk);
      for (Candidate c : open) {
        int at = (int) (samplesDone - c.startFrame * frameSamples);
        System.arraycopy(samples, pos, c.audio, at, chunk);
      }
      double sum = frameEnergy;
      for (int i = pos, stop = pos + chunk; i < stop; i++) {
        sum += (double) samples[i] * samples[i];
      }
      frameEnergy = sum;
      frameFill += chunk;
      samplesDone += chunk;
      pos += chunk;
      if (frameFill == frameSamples) {
        completeFrame();
      }
    }
  }

  @Override
  public void end() {
    if (selector == null || result != null) {
      throw new IllegalStateException("end() without begin()");
    }
    // Whatever is still open or pending touches the end guard (or the end): not a candidate.
    open.clear();
    pending.clear();
    if (best.isEmpty()) {
      result = fallback();
    } else {
      List<Candidate> retained = new ArrayList<>(best);
      long[] starts = selector.greedy(retained);
      List<AudioExcerpt> excerpts = new ArrayList<>(starts.length);
      for (long start : starts) {
        for (Candidate c : retained) {
          if (c.startFrame == start) {
            excerpts.add(excerpt(c.audio, start * frameSamples));
          }
        }
      }
      result = Collections.unmodifiableList(excerpts);
    }
    best.clear();
    pool.clear();
    head = null;
  }

  /**
   * Returns the chosen excerpts in time order (empty only for an empty track).
   *
   * @throws IllegalStateException before {@link #end()}
   */
  public List<AudioExcerpt> excerpts() {
    if (result == null) {
      throw new IllegalStateException("excerpts() before end()");
    }
    return result;
  }

  /** Returns the samples received so far (the track length after {@link #end()}). */
  public long totalSamples() {
    return samplesDone;
  }

  /** Returns the most samples held in buffers at any time during the last track. */
  public long retainedSamplesPeak() {
    return peakSamples;
  }

  /**
   * Returns the upper bound of {@link #retainedSamplesPeak()} for {@code policy} at {@code
   * sampleRateHz}, whatever the duration and block sizes (see the class comment).
   */
  public static long retainedSamplesBound(SegmentPolicy policy, int sampleRateHz) {
    SegmentSelector s = new SegmentSelector(policy, sampleRateHz);
    long windows =
        ceilDiv(s.windowFrames(), s.hopFrames())
            + ceilDiv(s.guardFrames(), s.hopFrames())
            + s.candidatesNeeded()
            + 1;
    return windows * s.windowSamples() + s.minSamplesForCandidates();
  }

  private void openCandidatesAt(long frame) {
    if (frame == nextStartFrame) {
      Candidate c = new Candidate(frame);
      c.audio = buffer();
      open.add(c);
      nextStartFrame += selector.hopFrames();
    }
  }

  private void completeFrame() {
    double e = SegmentSelector.sanitize(frameEnergy);
    frameEnergy = 0;
    frameFill = 0;
    framesDone++;
    for (int i = 0; i < open.size(); i++) {
      Candidate c = open.get(i);
      c.energy += e;
      if (++c.framesSummed == selector.windowFrames()) {
        open.remove(i--);
        pending.addLast(c);
      }
    }
    // A complete window is a candidate once `guard` frames follow it.
    while (!pending.isEmpty()
        && pending.peekFirst().startFrame + selector.windowFrames() + selector.guardFrames()
            <= framesDone) {
      admit(pending.removeFirst());
    }
  }

  private void admit(Candidate c) {
    best.add(c);
    if (best.size() > selector.candidatesNeeded()) {
      pool.addLast(best.poll().audio);
    }
  }

  private float[] buffer() {
    float[] b = pool.pollFirst();
    if (b == null) {
      b = new float[windowSamples];
      count(b.length);
    }
    return b;
  }

  private void count(long samples) {
    allocatedSamples += samples;
    peakSamples = Math.max(peakSamples, allocatedSamples);
  }

  private void copyToHead(float[] samples, int pos, int chunk) {
    if (head == null) {
      return;
    }
    long needed = samplesDone + chunk;
    if (needed > headLimit) {
      // Long enough to have a candidate: the fallback will not be needed.
      allocatedSamples -= head.length;
      head = null;
      return;
    }
    if (needed > head.length) {
      int grown = (int) Math.min(headLimit, Math.max(needed, 2L * head.length));
      count(grown); // old and new coexist while copying
      allocatedSamples -= head.length;
      head = java.util.Arrays.copyOf(head, grown);
    }
    System.arraycopy(samples, pos, head, (int) samplesDone, chunk);
  }

  private List<AudioExcerpt> fallback() {
    List<SegmentSelector.Span> spans = selector.fallback(samplesDone);
    if (spans.isEmpty() || head == null) {
      return List.of();
    }
    SegmentSelector.Span span = spans.get(0);
    float[] audio = new float[(int) span.lengthSamples()];
    System.arraycopy(head, (int) span.startSample(), audio, 0, audio.length);
    return List.of(excerpt(audio, span.startSample()));
  }

  private AudioExcerpt excerpt(float[] audio, long startSample) {
    int rate = selector.sampleRateHz();
    return new AudioExcerpt(audio, rate, (double) startSample / rate);
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
