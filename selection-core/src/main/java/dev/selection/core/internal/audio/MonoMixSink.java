package dev.selection.core.internal.audio;

import dev.selection.core.internal.pipeline.PcmSink;
import java.util.List;

/**
 * Mixes interleaved PCM down to mono, each output sample being the arithmetic mean of the frame's
 * channels, and forwards the mono blocks to downstream mono sinks (resamplers, extractors). Not
 * thread-safe; downstream sinks receive a buffer this sink reuses.
 */
public final class MonoMixSink implements PcmSink {
  private final List<PcmSink> downstream;
  private float[] mono = new float[0];
  private int channels;

  /**
   * Creates a mix-down feeding {@code downstream}.
   *
   * @param downstream mono sinks, called in order
   */
  public MonoMixSink(List<? extends PcmSink> downstream) {
    this.downstream = List.copyOf(downstream);
  }

  @Override
  public void begin(int sampleRateHz, int channels, long framesHint) {
    if (channels <= 0) {
      throw new IllegalArgumentException("channels must be > 0: " + channels);
    }
    this.channels = channels;
    for (PcmSink s : downstream) {
      s.begin(sampleRateHz, 1, framesHint);
    }
  }

  @Override
  public void accept(float[] samples, int offset, int frames) {
    if (mono.length < frames) {
      mono = new float[frames];
    }
    int ch = channels;
    if (ch == 1) {
      System.arraycopy(samples, offset, mono, 0, frames);
    } else {
      for (int i = 0, p = offset; i < frames; i++) {
        float sum = 0;
        for (int c = 0; c < ch; c++) {
          sum += samples[p++];
        }
        mono[i] = sum / ch;
      }
    }
    for (PcmSink s : downstream) {
      s.accept(mono, 0, frames);
    }
  }

  @Override
  public void end() {
    for (PcmSink s : downstream) {
      s.end();
    }
  }
}
