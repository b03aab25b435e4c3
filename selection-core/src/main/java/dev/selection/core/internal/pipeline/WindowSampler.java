package dev.selection.core.internal.pipeline;

import dev.selection.api.spi.AudioExcerpt;
import dev.selection.api.spi.TrackWindows;
import dev.selection.core.internal.dsp.resample.Resampler;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Keeps windows of a fixed length spread evenly over a whole mono track, at most {@code maxWindows}
 * of them, and hands them over resampled to a consumer's rate ({@link TrackWindows}: the audio plan
 * of an embedder that analyses the whole track).
 *
 * <p>With a known length ({@code framesHint}) the starts are planned up front: {@code n =
 * min(maxWindows, ceil(length / window))} windows, the first at 0 and the last ending at the
 * track's end, so a track of up to {@code maxWindows} windows is covered completely (neighbouring
 * windows overlap a little when its length is not a whole number of windows). Without a length the
 * sink keeps back-to-back windows and, whenever it holds more than {@code maxWindows}, drops every
 * second one and doubles the stride: the windows stay evenly spaced and memory stays bounded (the
 * tail after the last window may then go unused). A track shorter than one window is handed over
 * whole.
 *
 * <p>Each window is captured with a margin of {@value #MARGIN_SEC} s on both sides, resampled, and
 * trimmed, so the resampler's start-up transient never reaches the consumer. Memory: at most {@code
 * maxWindows + 1} windows at the source rate while collecting.
 */
public final class WindowSampler implements PcmSink {
  /** Extra audio captured before and after each window for the resampler, seconds. */
  static final double MARGIN_SEC = 0.05;

  private final TrackWindows plan;
  private final int targetRateHz;
  private int rate;
  private int window;
  private int margin;
  private long position;

  /** Planned starts (known length), or null (unknown length: stride doubling). */
  private long[] starts;

  private long stride;
  private final List<Capture> open = new ArrayList<>();
  private final List<Capture> done = new ArrayList<>();
  private float[] whole;
  private int wholeLength;
  private long nextStart;
  private int nextIndex;
  private List<AudioExcerpt> result;

  /** One window being captured: the source-rate samples from {@code start - margin}. */
  private static final class Capture {
    final long start;
    final float[] samples;
    int filled;

    Capture(long start, int length, int margin) {
      this.start = start;
      this.samples = new float[length];
      // The part of the margin before the track's start is silence, already in place.
      this.filled = (int) Math.max(0, margin - start);
    }
  }

  /**
   * Creates a sampler.
   *
   * @param plan window length and most windows
   * @param targetRateHz the rate of the excerpts handed over
   */
  public WindowSampler(TrackWindows plan, int targetRateHz) {
    this.plan = Objects.requireNonNull(plan, "plan");
    if (targetRateHz <= 0) {
      throw new IllegalArgumentException("targetRateHz must be > 0: " + targetRateHz);
    }
    this.targetRateHz = targetRateHz;
  }

  @Override
  public void begin(int sampleRateHz, int channels, long framesHint) {
    if (channels != 1) {
      throw new IllegalArgumentException("WindowSampler takes mono audio: " + channels);
    }
    rate = sampleRateHz;
    window = (int) Math.round(plan.windowSec() * sampleRateHz);
    margin = (int) Math.round(MARGIN_SEC * sampleRateHz);
    position = 0;
    open.clear();
    done.clear();
    result = null;
    whole = new float[Math.min(window, 1 << 16)];
    wholeLength = 0;
    nextIndex = 0;
    if (framesHint > 0) {
      int n = (int) Math.min(plan.maxWindows(), (framesHint + window - 1) / window);
      starts = new long[Math.max(1, n)];
      long span = Math.max(0, framesHint - window);
      for (int i = 0; i < starts.length; i++) {
        starts[i] = starts.length == 1 ? 0 : Math.round((double) span * i / (starts.length - 1));
      }
      nextStart = starts[0];
    } else {
      starts = null;
      stride = window;
      nextStart = 0;
    }
  }

  @Override
  public void accept(float[] samples, int offset, int frames) {
    keepHead(samples, offset, frames);
    long end = position + frames;
    // Open every capture whose range [start - margin, start + window + margin) begins in this
    // block;
    // one whose range began before this block (possible only after thinning) is skipped.
    while (nextStart >= 0 && nextStart - margin < end) {
      if (nextStart - margin >= position || position == 0) {
        open.add(new Capture(nextStart, window + 2 * margin, margin));
      }
      advancePlan();
    }
    for (int k = 0; k < open.size(); k++) {
      Capture c = open.get(k);
      long from = c.start - margin;
      long lo = Math.max(from + c.filled, position);
      long hi = Math.min(from + c.samples.length, end);
      if (hi > lo) {
        System.arraycopy(
            samples, offset + (int) (lo - position), c.samples, (int) (lo - from), (int) (hi - lo));
        c.filled = (int) (hi - from);
      }
      if (c.filled == c.samples.length) {
        done.add(c);
        open.remove(k--);
        thin(end);
      }
    }
    position = end;
  }

  /** Keeps the first window's worth of samples, for a track shorter than one window. */
  private void keepHead(float[] samples, int offset, int frames) {
    if (wholeLength >= window) {
      return;
    }
    int n = Math.min(frames, window - wholeLength);
    if (wholeLength + n > whole.length) {
      whole =
          java.util.Arrays.copyOf(
              whole, Math.min(window, Math.max(whole.length * 2, wholeLength + n)));
    }
    System.arraycopy(samples, offset, whole, wholeLength, n);
    wholeLength += n;
  }

  private void advancePlan() {
    if (starts != null) {
      nextIndex++;
      nextStart = nextIndex < starts.length ? starts[nextIndex] : -1;
    } else {
      nextStart += stride;
    }
  }

  /** Unknown length: over the limit, keep every second window and double the stride. */
  private void thin(long blockEnd) {
    if (starts != null || done.size() + open.size() <= plan.maxWindows()) {
      return;
    }
    done.removeIf(c -> (c.start / stride) % 2 != 0);
    open.removeIf(c -> (c.start / stride) % 2 != 0);
    stride *= 2;
    // The next start continues the doubled grid, never before audio that has already passed.
    long earliest = Math.max(nextStart, blockEnd + margin);
    nextStart = (earliest + stride - 1) / stride * stride;
  }

  @Override
  public void end() {
    List<AudioExcerpt> out = new ArrayList<>();
    // A window that got all its audio but part of its trailing margin is complete (the rest of the
    // margin is silence); one that ran past the end of the stream is dropped.
    for (Capture c : open) {
      if (c.start + window <= position) {
        done.add(c);
      }
    }
    open.clear();
    if (position < window || done.isEmpty()) {
      // Shorter than a window (or a header that promised more than the stream held): the head.
      if (wholeLength > 0) {
        float[] x = java.util.Arrays.copyOf(whole, wholeLength);
        out.add(
            new AudioExcerpt(
                rate == targetRateHz ? x : Resampler.resample(x, rate, targetRateHz),
                targetRateHz,
                0));
      }
    } else {
      done.sort((a, b) -> Long.compare(a.start, b.start));
      for (Capture c : done) {
        out.add(excerpt(c));
      }
    }
    whole = null;
    done.clear();
    result = List.copyOf(out);
  }

  private AudioExcerpt excerpt(Capture c) {
    float[] resampled =
        rate == targetRateHz ? c.samples : Resampler.resample(c.samples, rate, targetRateHz);
    int trim = rate == targetRateHz ? margin : (int) Math.round(MARGIN_SEC * targetRateHz);
    int length = (int) Math.round(plan.windowSec() * targetRateHz);
    int from = Math.min(trim, resampled.length);
    int to = Math.min(resampled.length, from + length);
    return new AudioExcerpt(
        java.util.Arrays.copyOfRange(resampled, from, to), targetRateHz, (double) c.start / rate);
  }

  /**
   * Returns the windows at the target rate, in track order (one excerpt for a track shorter than a
   * window; none for an empty track).
   *
   * @throws IllegalStateException before {@link #end()}
   */
  public List<AudioExcerpt> excerpts() {
    if (result == null) {
      throw new IllegalStateException("excerpts() before end()");
    }
    return result;
  }
}
