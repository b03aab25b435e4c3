package dev.selection.core.internal.dsp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selection.api.SegmentPolicy;
import dev.selection.api.spi.AudioExcerpt;
import dev.selection.core.internal.dsp.loudness.R128Loudness;
import dev.selection.core.internal.dsp.loudness.SegmentRms;
import dev.selection.core.internal.dsp.segment.SegmentCollector;
import dev.selection.core.internal.dsp.tempo.OnsetEnvelopeSink;
import dev.selection.core.internal.dsp.tempo.Rhythm;
import dev.selection.core.internal.dsp.tempo.TempoEstimate;
import dev.selection.core.internal.dsp.tempo.TempoEstimator;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Degenerate signals through the three sinks as the pipeline wires them (native interleaved PCM to
 * R128; the mono mix to segments, RMS and tempo): every feature is a real number or absent, never
 * NaN or infinite, and tempo is absent where there is no rhythm.
 */
class BadInputTest {
  private static final int RATE = 11025;

  static Stream<Arguments> signals() {
    IntToDoubleFunction silence = i -> 0;
    IntToDoubleFunction dc = i -> 0.5;
    IntToDoubleFunction square = i -> Math.sin(2 * Math.PI * 220 * i / RATE) >= 0 ? 1 : -1;
    IntToDoubleFunction nan = i -> i % 1000 == 0 ? Double.NaN : 0.3 * Math.sin(i * 0.05);
    IntToDoubleFunction inf = i -> i == 5000 ? Double.POSITIVE_INFINITY : 0.3 * Math.sin(i * 0.05);
    Stream.Builder<Arguments> b = Stream.builder();
    for (int channels : new int[] {1, 2, 6}) {
      b.add(Arguments.of("silence", silence, 40.0, channels, true));
      b.add(Arguments.of("dc", dc, 40.0, channels, true));
      b.add(Arguments.of("square", square, 40.0, channels, true));
      b.add(Arguments.of("half-second", square, 0.5, channels, true));
      b.add(Arguments.of("nan", nan, 30.0, channels, false));
      b.add(Arguments.of("inf", inf, 30.0, channels, false));
      b.add(Arguments.of("empty", silence, 0.0, channels, true));
    }
    return b.build();
  }

  @ParameterizedTest(name = "{0} x{3}")
  @MethodSource("signals")
  void features_areFiniteOrAbsent(
      String name, IntToDoubleFunction signal, double seconds, int channels, boolean tempoAbsent) {
    int frames = (int) (seconds * RATE);
    float[] interleaved = new float[frames * channels];
    float[] mono = new float[frames];
    for (int i = 0; i < frames; i++) {
      float v = (float) signal.applyAsDouble(i);
      mono[i] = v;
      for (int c = 0; c < channels; c++) {
        interleaved[i * channels + c] = v;
      }
    }
    R128Loudness r128 = new R128Loudness();
    SegmentCollector segments = new SegmentCollector(SegmentPolicy.DEFAULT);
    OnsetEnvelopeSink onsets = new OnsetEnvelopeSink();
    r128.begin(RATE, channels, frames);
    segments.begin(RATE, 1, frames);
    onsets.begin(RATE, 1, frames);
    for (int i = 0; i < frames; i += 777) {
      int n = Math.min(777, frames - i);
      r128.accept(interleaved, i * channels, n);
      segments.accept(mono, i, n);
      onsets.accept(mono, i, n);
    }
    r128.end();
    segments.end();
    onsets.end();
    List<AudioExcerpt> excerpts = segments.excerpts();
    Double lufs = r128.integratedLufs();
    Double rms = SegmentRms.rmsMean(excerpts);
    Rhythm rhythm = new TempoEstimator().analyze(onsets.envelope());
    TempoEstimate tempo = rhythm == null ? null : rhythm.tempo();
    assertThat(lufs == null || Double.isFinite(lufs)).as("lufs %s", lufs).isTrue();
    assertThat(rms == null || (rms >= 0 && rms <= 1)).as("rms %s", rms).isTrue();
    if (tempoAbsent) {
      assertThat(tempo).as("tempo").isNull();
    } else if (tempo != null) {
      assertThat(tempo.bpm()).isFinite().isBetween(60.0, 200.0);
      assertThat(tempo.confidence()).isBetween(0.0, 1.0);
      if (rhythm.grid() != null) {
        for (double b : rhythm.grid().beatsSec()) {
          assertThat(b).isFinite().isBetween(0.0, frames / (double) RATE + 1);
        }
      }
    }
    if (name.equals("silence") || name.equals("empty")) {
      assertThat(lufs).isNull();
    }
    if (name.equals("square") || name.equals("half-second")) {
      assertThat(lufs).isNotNull(); // a full-scale square wave is loud
    }
  }
}
