package dev.selection.bench;

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
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Segment selection + R128 loudness + RMS + tempo on a 4-minute track, one thread, against a plain
 * pass over the same samples (sum of squares) in the same run.
 *
 * <p>The pipeline's shapes: R128 reads the native stream (44.1 kHz stereo, interleaved, 4096-frame
 * blocks); segment selection reads the 11 025 Hz mono stream (1024-sample blocks) and hands its
 * excerpts to RMS and tempo. Realtime factor = 240 s / (ms per op / 1000). Run:
 *
 * <pre>
 * java -jar selection-bench/target/benchmarks.jar TempoBenchmark -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TempoBenchmark {
  static final double SECONDS = 240;
  static final int NATIVE_RATE = 44100;
  static final int TEMPO_RATE = 11025;
  static final int NATIVE_BLOCK = 4096;
  static final int MONO_BLOCK = 1024;

  float[] stereo;
  float[] mono;
  float[] mono44;
  List<AudioExcerpt> excerpts;

  /** Builds the track: a 126 BPM drum loop with a bass tone, noise and a quiet intro. */
  @Setup
  public void setUp() {
    float[] native44 = track(NATIVE_RATE);
    mono44 = native44;
    stereo = new float[native44.length * 2];
    for (int i = 0; i < native44.length; i++) {
      stereo[2 * i] = native44[i];
      stereo[2 * i + 1] = native44[i] * 0.9f;
    }
    mono = track(TEMPO_RATE);
    excerpts = segments();
  }

  static float[] track(int rate) {
    SplittableRandom random = new SplittableRandom(42);
    float[] x = new float[(int) (SECONDS * rate)];
    double beat = 60 / 126.0;
    for (int k = 0; k * beat < SECONDS; k++) {
      double level = k * beat < 30 ? 0.2 : 1.0;
      int start = (int) (k * beat * rate);
      for (int i = 0; i < rate / 4 && start + i < x.length; i++) {
        double t = (double) i / rate;
        double kick = Math.exp(-t / 0.05) * Math.sin(2 * Math.PI * 60 * t);
        x[start + i] += (float) (level * 0.6 * kick);
        x[start + i] += (float) (level * 0.2 * Math.exp(-t / 0.01) * (random.nextDouble() - 0.5));
      }
    }
    for (int i = 0; i < x.length; i++) {
      double bass = Math.sin(2 * Math.PI * 55 * i / rate);
      x[i] += (float) (0.1 * bass + 0.01 * (random.nextDouble() - 0.5));
    }
    return x;
  }

  List<AudioExcerpt> segments() {
    SegmentCollector collector = new SegmentCollector(SegmentPolicy.DEFAULT);
    collector.begin(TEMPO_RATE, 1, mono.length);
    for (int i = 0; i < mono.length; i += MONO_BLOCK) {
      collector.accept(mono, i, Math.min(MONO_BLOCK, mono.length - i));
    }
    collector.end();
    return collector.excerpts();
  }

  /** Baseline: the sum of squares of the same samples (native stereo + 11 kHz mono). */
  @Benchmark
  public double baselineSumOfSquares() {
    double s = 0;
    for (float v : stereo) {
      s += (double) v * v;
    }
    for (float v : mono) {
      s += (double) v * v;
    }
    return s;
  }

  /** R128 integrated loudness over the native stereo stream. */
  @Benchmark
  public Double r128() {
    R128Loudness meter = new R128Loudness();
    int frames = stereo.length / 2;
    meter.begin(NATIVE_RATE, 2, frames);
    for (int i = 0; i < frames; i += NATIVE_BLOCK) {
      meter.accept(stereo, 2 * i, Math.min(NATIVE_BLOCK, frames - i));
    }
    meter.end();
    return meter.integratedLufs();
  }

  /** Streaming segment selection over the 11 kHz mono stream. */
  @Benchmark
  public List<AudioExcerpt> segmentSelection() {
    return segments();
  }

  /**
   * Tempo, beats and downbeats of the whole track (since tempo-v2): the native 44.1 kHz mono stream
   * through the onset sink (4096-sample blocks), then the estimator.
   */
  @Benchmark
  public TempoEstimate tempo() {
    return rhythm().tempo();
  }

  private Rhythm rhythm() {
    OnsetEnvelopeSink sink = new OnsetEnvelopeSink();
    sink.begin(NATIVE_RATE, 1, mono44.length);
    for (int i = 0; i < mono44.length; i += NATIVE_BLOCK) {
      sink.accept(mono44, i, Math.min(NATIVE_BLOCK, mono44.length - i));
    }
    sink.end();
    return new TempoEstimator().analyze(sink.envelope());
  }

  /** Everything: segments + RMS + R128 + tempo. */
  @Benchmark
  public double all() {
    List<AudioExcerpt> e = segments();
    Double rms = SegmentRms.rmsMean(e);
    Double lufs = r128();
    TempoEstimate tempo = rhythm().tempo();
    return rms + lufs + tempo.bpm();
  }
}
