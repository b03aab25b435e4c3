package dev.selection.bench;

import dev.selection.api.CancellationToken;
import dev.selection.api.EmbeddingBudget;
import dev.selection.api.SegmentPolicy;
import dev.selection.core.internal.audio.DecoderRegistry;
import dev.selection.core.internal.audio.TrackIdentifier;
import dev.selection.core.internal.demo.DemoLibrary;
import dev.selection.core.internal.demo.DemoStyle;
import dev.selection.core.internal.demo.DemoSynth;
import dev.selection.core.internal.extract.TrackAnalyzer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 3, item 11: the full feature set (everything but OpenL3) of one 4-minute 44.1 kHz stereo track
 * on one thread, next to the decode + PCM hash of the same file in the same run (the floor any
 * analysis pays). × realtime per core = 240 000 ms / score.
 *
 * <p>{@code java -jar selection-bench/target/benchmarks.jar FeatureSetBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 4)
@Measurement(iterations = 5, time = 4)
public class FeatureSetBenchmark {
  private Path dir;
  private Path file;
  private TrackIdentifier identifier;
  private TrackAnalyzer analyzer;

  /** Writes the 4-minute track. */
  @Setup
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("selection-featureset");
    file = dir.resolve("track.wav");
    float[] mono = new DemoSynth(DemoStyle.TECHNO, 44_100, 240, 1).render();
    DemoLibrary.writeWav(file, mono, 44_100, "t", "a", "b", "g", 2020);
    identifier = new TrackIdentifier(DecoderRegistry.withDiscovered(List.of()), Clock.systemUTC());
    analyzer = new TrackAnalyzer(identifier, SegmentPolicy.DEFAULT, List.of(), EmbeddingBudget.DEFAULT);
  }

  /** Deletes the track. */
  @TearDown
  public void tearDown() throws IOException {
    Files.deleteIfExists(file);
    Files.deleteIfExists(dir);
  }

  /** Baseline: decode and hash only. */
  @Benchmark
  public Object decodeAndHash() {
    return identifier.identify(file);
  }

  /** Every feature but OpenL3, one decode. */
  @Benchmark
  public Object allFeatures() {
    return analyzer.analyze(file, analyzer.everything(),
        CancellationToken.none());
  }
}
