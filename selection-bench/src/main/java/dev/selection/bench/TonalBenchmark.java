package dev.selection.bench;

import dev.selection.api.spi.AudioExcerpt;
import dev.selection.core.internal.dsp.timbre.TimbreExtractor;
import dev.selection.core.internal.dsp.tonal.TonalAnalyzer;
import dev.selection.core.internal.dsp.tonal.TonalFeatures;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jtransforms.fft.FloatFFT_1D;
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
 * Cost of the tonal (HPCP + tuning + key) and timbre features of one song: 3 excerpts × 12 s at
 * 22050 Hz, the shared segment strategy's default. Baseline in the same run: the bare JTransforms
 * real FFTs of the same frames (4096/2048 for HPCP, 2048/512 for timbre), the floor any spectral
 * front end pays. Realtime factor of a 4-minute track = 240 s / (ms per song / 1000); decoding and
 * resampling are not included.
 *
 * <p>Run: {@code java -jar selection-bench/target/benchmarks.jar TonalBenchmark -f 1 -wi 3 -i 5}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TonalBenchmark {
  private static final int RATE = 22050;

  private List<AudioExcerpt> excerpts;
  private TonalAnalyzer tonal;
  private TimbreExtractor timbre;
  private FloatFFT_1D fft4096;
  private FloatFFT_1D fft2048;
  private float[] buf4096;
  private float[] buf2048;

  /** Builds three 12 s excerpts of chords with harmonics, a kick-like pulse and noise. */
  @Setup
  public void setUp() {
    Random rnd = new Random(42);
    excerpts = new ArrayList<>();
    int[] chordRoots = {0, 5, 7, 0};
    for (int e = 0; e < 3; e++) {
      float[] x = new float[12 * RATE];
      for (int c = 0; c < 8; c++) {
        int root = 57 + chordRoots[c % 4];
        int start = c * x.length / 8;
        int end = (c + 1) * x.length / 8;
        for (int note : new int[] {root, root + 4, root + 7, root - 12}) {
          double f0 = 440 * Math.pow(2, (note - 69) / 12.0);
          for (int h = 1; h <= 6; h++) {
            double w = 2 * Math.PI * f0 * h / RATE;
            double amp = 0.05 / h;
            for (int i = start; i < end; i++) {
              x[i] += (float) (amp * Math.sin(w * i));
            }
          }
        }
      }
      for (int i = 0; i < x.length; i++) {
        double beat = (i % (RATE / 2)) / (double) RATE;
        x[i] +=
            (float)
                (0.3 * Math.exp(-beat * 30) * Math.sin(2 * Math.PI * 55 * beat)
                    + 0.01 * rnd.nextGaussian());
      }
      excerpts.add(new AudioExcerpt(x, RATE, 30.0 + 40 * e));
    }
    tonal = new TonalAnalyzer();
    timbre = new TimbreExtractor();
    fft4096 = new FloatFFT_1D(4096);
    fft2048 = new FloatFFT_1D(2048);
    buf4096 = new float[4096];
    buf2048 = new float[2048];
  }

  /** HPCP (12 + 36 bins), tuning and key of the three excerpts. */
  @Benchmark
  public TonalFeatures tonal() {
    return tonal.analyze(excerpts);
  }

  /** Timbre descriptor of the three excerpts. */
  @Benchmark
  public Optional<float[]> timbre() {
    return timbre.extract(excerpts);
  }

  /** Everything this area computes per song: tonal + timbre. */
  @Benchmark
  public Object tonalAndTimbre() {
    return new Object[] {tonal.analyze(excerpts), timbre.extract(excerpts)};
  }

  /** Baseline: the bare real FFTs of the same frames, nothing else. */
  @Benchmark
  public float baselineFftOnly() {
    float acc = 0;
    for (AudioExcerpt e : excerpts) {
      float[] x = e.samples();
      for (int start = 0; start + 4096 <= x.length; start += 2048) {
        System.arraycopy(x, start, buf4096, 0, 4096);
        fft4096.realForward(buf4096);
        acc += buf4096[1];
      }
      for (int start = 0; start + 2048 <= x.length; start += 512) {
        System.arraycopy(x, start, buf2048, 0, 2048);
        fft2048.realForward(buf2048);
        acc += buf2048[1];
      }
    }
    return acc;
  }
}
