package dev.selection.bench;

import dev.selection.api.CancellationToken;
import dev.selection.api.EmbeddingBudget;
import dev.selection.api.SegmentPolicy;
import dev.selection.core.internal.audio.DecoderRegistry;
import dev.selection.core.internal.audio.TrackIdentifier;
import dev.selection.core.internal.dsp.tempo.OnsetEnvelopeSink;
import dev.selection.core.internal.dsp.tempo.TempoEstimator;
import dev.selection.core.internal.extract.TrackAnalyzer;
import dev.selection.core.samples.DemoLibrary;
import dev.selection.core.samples.DemoStyle;
import dev.selection.core.samples.DemoSynth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
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
 * Issue 3, item 11: the full feature set (everything but OpenL3) of one 4-minute 44.1 kHz stereo
 * track on one thread, next to the decode + PCM hash of the same file in the same run (the floor
 * any analysis pays). × realtime per core = 240 000 ms / score. Issue 14: {@code tempoAndBeats}
 * (the onset sink over the whole decoded track, tempo, beats, grid, downbeats) and {@code
 * allButTempo} measure what tempo + beats cost beside the full set, in the same run (goal ≤ 15 %).
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
  private float[] mono;

  /** Writes the 4-minute track. */
  @Setup
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("selection-featureset");
    file = dir.resolve("track.wav");
    mono = new DemoSynth(DemoStyle.TECHNO, 44_100, 240, 1).render();
    DemoLibrary.writeWav(file, mono, 44_100, "t", "a", "b", "g", 2020);
    identifier = new TrackIdentifier(DecoderRegistry.discover(), Clock.systemUTC());
    analyzer =
        new TrackAnalyzer(identifier, SegmentPolicy.DEFAULT, List.of(), EmbeddingBudget.DEFAULT);
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

  /** Every feature but the embeddings, one decode. */
  @Benchmark
  public Object allFeatures() {
    return analyzer.analyze(file, analyzer.everything(), CancellationToken.none());
  }

  /**
   * Every feature but the embeddings and tempo: allFeatures minus this is what tempo + beats add.
   */
  @Benchmark
  public Object allButTempo() {
    return analyzer.analyze(
        file,
        new TrackAnalyzer.Work(
            EnumSet.complementOf(EnumSet.of(TrackAnalyzer.Group.TEMPO)), java.util.Set.of()),
        CancellationToken.none());
  }

  /**
   * Tempo + beats alone, as the pipeline runs them: the decoded 44.1 kHz mono stream through the
   * onset sink in 4096-sample blocks, then tempo, beat tracking, grid and downbeats.
   */
  @Benchmark
  public Object tempoAndBeats() {
    OnsetEnvelopeSink sink = new OnsetEnvelopeSink();
    sink.begin(44_100, 1, mono.length);
    for (int at = 0; at < mono.length; at += 4096) {
      sink.accept(mono, at, Math.min(4096, mono.length - at));
    }
    sink.end();
    return new TempoEstimator().analyze(sink.envelope());
  }
}
