package dev.selection.bench;

import dev.selection.api.CancellationToken;
import dev.selection.api.SegmentPolicy;
import dev.selection.api.spi.AudioExcerpt;
import dev.selection.api.spi.TrackWindows;
import dev.selection.core.internal.audio.DecoderRegistry;
import dev.selection.core.internal.audio.MonoMixSink;
import dev.selection.core.internal.audio.TrackIdentifier;
import dev.selection.core.internal.audio.TrackIdentity;
import dev.selection.core.internal.dsp.resample.Resampler;
import dev.selection.core.internal.dsp.segment.SegmentCollector;
import dev.selection.core.internal.pipeline.WindowSampler;
import dev.selection.onnx.EfficientAtFrontEnd;
import dev.selection.onnx.OnnxEfficientAtEmbedder;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Design probe of the built-in embedding (docs/efficientat.md): the network's outputs for every
 * 10-s window of every track of a corpus (windows spread to cover the whole track) and for the
 * three 12-s excerpts of the segment policy, so that window policies, layers, pooling and
 * normalisation can be compared offline on the same numbers ({@code
 * selection-cli/src/test/eval/efficientat_probe.py}).
 *
 * <p>Usage: {@code EmbeddingProbe CORPUS_DIR OUT_DIR [--max-per-group 30] [--seed 42]}; every
 * sub-folder of the corpus is a source. Writes {@code OUT_DIR/windows.f32} (float32 big-endian rows
 * of 384 embedding + 527 logits + 512 hidden values) and {@code OUT_DIR/index.tsv} (one line per
 * row: group, file, duration, kind {@code w} or {@code s}, start second, RMS).
 */
public final class EmbeddingProbe {
  private EmbeddingProbe() {}

  /** Command-line entry. */
  public static void main(String[] args) throws IOException {
    Path corpus = Path.of(args[0]);
    Path out = Path.of(args[1]);
    int max = 30;
    long seed = 42;
    for (int i = 2; i < args.length; i++) {
      switch (args[i]) {
        case "--max-per-group" -> max = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        default -> throw new IllegalArgumentException(args[i]);
      }
    }
    Files.createDirectories(out);
    TrackIdentifier identifier = new TrackIdentifier(DecoderRegistry.discover(), Clock.systemUTC());
    List<Path> groups;
    try (Stream<Path> s = Files.list(corpus)) {
      groups = s.filter(Files::isDirectory).sorted().toList();
    }
    try (OnnxEfficientAtEmbedder embedder = OnnxEfficientAtEmbedder.bundled(2, 1);
        DataOutputStream data =
            new DataOutputStream(
                new BufferedOutputStream(
                    Files.newOutputStream(out.resolve("windows.f32")), 1 << 20));
        PrintWriter index = new PrintWriter(Files.newBufferedWriter(out.resolve("index.tsv")))) {
      long t0 = System.nanoTime();
      int done = 0;
      for (Path g : groups) {
        String name = g.getFileName().toString();
        List<Path> files = RealMusicEval.listAudio(g);
        if (files.size() > max) {
          Collections.shuffle(files, new Random(seed ^ name.hashCode()));
          files = new ArrayList<>(files.subList(0, max));
          Collections.sort(files);
        }
        for (Path f : files) {
          WindowSampler all = new WindowSampler(new TrackWindows(10, 100_000), 32_000);
          SegmentCollector segments = new SegmentCollector(SegmentPolicy.DEFAULT);
          TrackIdentity id;
          try {
            id =
                identifier.identify(
                    f, List.of(new MonoMixSink(List.of(all, segments))), CancellationToken.none());
          } catch (RuntimeException e) {
            System.err.println("skipped " + f + ": " + e.getMessage());
            continue;
          }
          List<AudioExcerpt> windows = all.excerpts();
          List<AudioExcerpt> segs = new ArrayList<>();
          for (AudioExcerpt e : segments.excerpts()) {
            segs.add(
                new AudioExcerpt(
                    Resampler.resample(e.samples(), e.sampleRateHz(), 32_000),
                    32_000,
                    e.startSec()));
          }
          write(
              embedder,
              windows,
              "w",
              name,
              g.relativize(f).toString(),
              id.durationSec(),
              data,
              index);
          write(
              embedder, segs, "s", name, g.relativize(f).toString(), id.durationSec(), data, index);
          done++;
          System.out.printf(
              Locale.ROOT,
              "%d %s/%s %d windows %.0f s elapsed%n",
              done,
              name,
              f.getFileName(),
              windows.size(),
              (System.nanoTime() - t0) / 1e9);
        }
      }
    }
  }

  private static void write(
      OnnxEfficientAtEmbedder embedder,
      List<AudioExcerpt> windows,
      String kind,
      String group,
      String file,
      double duration,
      DataOutputStream data,
      PrintWriter index)
      throws IOException {
    EfficientAtFrontEnd fe = new EfficientAtFrontEnd();
    for (AudioExcerpt w : windows) {
      float[] x = w.samples();
      if (x.length < EfficientAtFrontEnd.MIN_SAMPLES) {
        continue;
      }
      int frames = EfficientAtFrontEnd.frames(x.length);
      float[] mel = new float[EfficientAtFrontEnd.MEL_BANDS * frames];
      fe.compute(x, 0, x.length, mel, 0);
      OnnxEfficientAtEmbedder.Outputs o =
          embedder.runNetwork(mel, 1, frames, CancellationToken.none());
      double sum = 0;
      for (float v : x) {
        sum += (double) v * v;
      }
      index.printf(
          Locale.ROOT,
          "%s\t%s\t%.3f\t%s\t%.3f\t%.6g%n",
          group,
          file,
          duration,
          kind,
          w.startSec(),
          Math.sqrt(sum / x.length));
      for (float v : o.embedding()[0]) {
        data.writeFloat(v);
      }
      for (float v : o.logits()[0]) {
        data.writeFloat(v);
      }
      for (float v : o.hidden()[0]) {
        data.writeFloat(v);
      }
    }
  }
}
