package dev.selection.cli;

import dev.selection.api.CancellationToken;
import dev.selection.core.internal.audio.DecoderRegistry;
import dev.selection.core.internal.audio.MonoMixSink;
import dev.selection.core.internal.audio.TrackIdentifier;
import dev.selection.core.internal.audio.TrackIdentity;
import dev.selection.core.internal.dsp.resample.Resampler;
import dev.selection.core.internal.pipeline.PcmSink;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/**
 * Loads a whole file as mono 48 kHz through the SDK's decoders (any supported format), mix-down and
 * band-limited resampler, with its songId from the same decode. Holds the whole track in memory:
 * for the one-file diagnostic commands only.
 */
final class DecoderMono48kLoader implements Mono48kLoader {
  private final TrackIdentifier identifier =
      new TrackIdentifier(DecoderRegistry.withDiscovered(List.of()), Clock.systemUTC());

  @Override
  public Loaded load(Path file) {
    Collector collector = new Collector();
    TrackIdentity id =
        identifier.identify(
            file,
            List.of(new MonoMixSink(List.of(new Resampler(48_000, collector)))),
            CancellationToken.none());
    return new Loaded(Arrays.copyOf(collector.samples, collector.size), id.songId());
  }

  /** Appends mono samples to a growing array. */
  private static final class Collector implements PcmSink {
    float[] samples = new float[48_000 * 8];
    int size;

    @Override
    public void begin(int sampleRateHz, int channels, long framesHint) {
      size = 0;
    }

    @Override
    public void accept(float[] in, int offset, int frames) {
      if (size + frames > samples.length) {
        samples = Arrays.copyOf(samples, Math.max(samples.length * 2, size + frames));
      }
      System.arraycopy(in, offset, samples, size, frames);
      size += frames;
    }

    @Override
    public void end() {}
  }
}
