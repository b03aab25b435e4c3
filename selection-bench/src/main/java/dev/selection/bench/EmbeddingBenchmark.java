package dev.selection.bench;

import dev.selection.api.CancellationToken;
import dev.selection.api.EmbeddingBudget;
import dev.selection.api.SegmentPolicy;
import dev.selection.api.spi.AudioExcerpt;
import dev.selection.api.spi.Embedder;
import dev.selection.core.internal.audio.DecoderRegistry;
import dev.selection.core.internal.audio.MonoMixSink;
import dev.selection.core.internal.audio.TrackIdentifier;
import dev.selection.core.internal.dsp.resample.Resampler;
import dev.selection.core.internal.dsp.segment.SegmentCollector;
import dev.selection.core.internal.extract.TrackAnalyzer;
import dev.selection.core.internal.pipeline.WindowSampler;
import dev.selection.core.samples.DemoLibrary;
import dev.selection.core.samples.DemoStyle;
import dev.selection.core.samples.DemoSynth;
import dev.selection.onnx.EfficientAtFrontEnd;
import dev.selection.onnx.OnnxEfficientAtEmbedder;
import dev.selection.onnx.OnnxOpenL3Embedder;
import dev.selection.onnx.OpenL3Converter;
import dev.selection.onnx.internal.KerasWeightsFile;
import dev.selection.onnx.internal.RandomOpenL3Weights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * Issue 11, item 3: the built-in embedding of one 4-minute 44.1 kHz stereo track on one thread,
 * next to the rest of the feature set and to OpenL3 on the same track, in one run (ms per track).
 *
 * <ul>
 *   <li>{@code decodeAndHash}: the floor every analysis pays;
 *   <li>{@code featureSet}: every feature but the embeddings (one decode);
 *   <li>{@code efficientAtEmbed}: the embedding as the issue defines its cost: front end, network
 *       and pooling of the track's windows (already decoded and resampled to 32 kHz);
 *   <li>{@code efficientAtFrontEnd}: the Java log-mel front end of the same windows alone;
 *   <li>{@code efficientAtResample}: resampling those windows from 44.1 to 32 kHz (the sampler's
 *       share of the scan);
 *   <li>{@code featureSetWithEfficientAt}: every feature and the embedding, one decode (what a scan
 *       costs per track now);
 *   <li>{@code openl3Embed}: OpenL3 (full-size network with seeded random weights: the published
 *       model's layout and cost) on the same track's segment-policy excerpts under the default
 *       budget (hop 0.5 s, at most 48 windows), front end included.
 * </ul>
 *
 * <p>ONNX Runtime runs on one thread ({@code OrtRuntime}'s global pool of 1). Run: {@code java -jar
 * selection-bench/target/benchmarks.jar EmbeddingBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx1g"})
@Warmup(iterations = 3, time = 4)
@Measurement(iterations = 5, time = 4)
public class EmbeddingBenchmark {
  private Path dir;
  private Path file;
  private TrackIdentifier identifier;
  private TrackAnalyzer features;
  private TrackAnalyzer withEfficientAt;
  private OnnxEfficientAtEmbedder efficientAt;
  private OnnxOpenL3Embedder openl3;
  private List<AudioExcerpt> windows32k;
  private List<float[]> windows44k;
  private List<AudioExcerpt> openl3Excerpts;
  private EfficientAtFrontEnd frontEnd;
  private float[] melOut;

  /** Writes the track, loads both models, cuts the windows. */
  @Setup
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("selection-embedding-bench");
    file = dir.resolve("track.wav");
    float[] mono = new DemoSynth(DemoStyle.TECHNO, 44_100, 240, 1).render();
    DemoLibrary.writeWav(file, mono, 44_100, "t", "a", "b", "g", 2020);
    identifier = new TrackIdentifier(DecoderRegistry.discover(), Clock.systemUTC());
    efficientAt = OnnxEfficientAtEmbedder.bundled(1, OnnxEfficientAtEmbedder.DEFAULT_MAX_WINDOWS);
    efficientAt.load();
    features =
        new TrackAnalyzer(identifier, SegmentPolicy.DEFAULT, List.of(), EmbeddingBudget.DEFAULT);
    withEfficientAt =
        new TrackAnalyzer(
            identifier,
            SegmentPolicy.DEFAULT,
            List.<Embedder>of(efficientAt),
            EmbeddingBudget.DEFAULT);
    WindowSampler sampler = new WindowSampler(efficientAt.trackWindows(), 32_000);
    identifier.identify(file, List.of(new MonoMixSink(List.of(sampler))), CancellationToken.none());
    windows32k = sampler.excerpts();
    // The same windows at the source rate, for the resampling share.
    windows44k = new ArrayList<>();
    for (AudioExcerpt e : windows32k) {
      int start = (int) Math.round(e.startSec() * 44_100);
      windows44k.add(
          java.util.Arrays.copyOfRange(
              mono, start, Math.min(mono.length, start + 441_000 + 2 * 2205)));
    }
    frontEnd = new EfficientAtFrontEnd();
    melOut = new float[EfficientAtFrontEnd.MEL_BANDS * EfficientAtFrontEnd.frames(320_000)];

    Path h5 = dir.resolve("random.h5");
    KerasWeightsFile.write(RandomOpenL3Weights.generate(RandomOpenL3Weights.FULL_WIDTHS, 1), h5);
    OpenL3Converter.convert(h5, dir.resolve("openl3"));
    openl3 = new OnnxOpenL3Embedder(dir.resolve("openl3"), 1);
    openl3.load();
    SegmentCollector segments = new SegmentCollector(SegmentPolicy.DEFAULT);
    identifier.identify(
        file, List.of(new MonoMixSink(List.of(segments))), CancellationToken.none());
    openl3Excerpts = new ArrayList<>();
    for (AudioExcerpt e : segments.excerpts()) {
      openl3Excerpts.add(
          new AudioExcerpt(
              Resampler.resample(e.samples(), e.sampleRateHz(), 48_000), 48_000, e.startSec()));
    }
  }

  /** Frees the models and deletes the files. */
  @TearDown
  public void tearDown() throws IOException {
    efficientAt.close();
    openl3.close();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Baseline: decode and hash only. */
  @Benchmark
  public Object decodeAndHash() {
    return identifier.identify(file);
  }

  /** Every feature but the embeddings, one decode. */
  @Benchmark
  public Object featureSet() {
    return features.analyze(file, features.everything(), CancellationToken.none());
  }

  /** Every feature and the built-in embedding, one decode. */
  @Benchmark
  public Object featureSetWithEfficientAt() {
    return withEfficientAt.analyze(file, withEfficientAt.everything(), CancellationToken.none());
  }

  /** The built-in embedding of the track's windows: front end, network, pooling. */
  @Benchmark
  public Object efficientAtEmbed() {
    return efficientAt.embed(windows32k, EmbeddingBudget.DEFAULT, CancellationToken.none());
  }

  /** The front end alone of the same windows. */
  @Benchmark
  public float[] efficientAtFrontEnd() {
    for (AudioExcerpt e : windows32k) {
      frontEnd.compute(e.samples(), 0, e.samples().length, melOut, 0);
    }
    return melOut;
  }

  /** Resampling the same windows from 44.1 to 32 kHz. */
  @Benchmark
  public int efficientAtResample() {
    int n = 0;
    for (float[] w : windows44k) {
      n += Resampler.resample(w, 44_100, 32_000).length;
    }
    return n;
  }

  /** OpenL3 (full-size, random weights) on the track's segment excerpts, default budget. */
  @Benchmark
  @Warmup(iterations = 1, time = 1)
  @Measurement(iterations = 2, time = 1)
  public Object openl3Embed() {
    return openl3.embed(openl3Excerpts, EmbeddingBudget.DEFAULT, CancellationToken.none());
  }
}
