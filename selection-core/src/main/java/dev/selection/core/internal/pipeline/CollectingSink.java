package dev.selection.core.internal.pipeline;

import java.util.Arrays;

/**
 * Collects a whole mono track in memory (sized by the frame hint, grown by doubling): for one-shot
 * resampling and single-file tools, never for library scans. Reusable for successive tracks.
 */
public final class CollectingSink implements PcmSink {
  private float[] data = new float[0];
  private int size;

  @Override
  public void begin(int sampleRateHz, int channels, long framesHint) {
    size = 0;
    data = new float[(int) Math.max(16, Math.min(framesHint, Integer.MAX_VALUE - 8))];
  }

  @Override
  public void accept(float[] samples, int offset, int frames) {
    if (size + frames > data.length) {
      data = Arrays.copyOf(data, Math.max(size + frames, data.length * 2));
    }
    System.arraycopy(samples, offset, data, size, frames);
    size += frames;
  }

  @Override
  public void end() {}

  /** Returns a copy of the samples collected since the last {@link #begin}. */
  public float[] result() {
    return Arrays.copyOf(data, size);
  }
}
