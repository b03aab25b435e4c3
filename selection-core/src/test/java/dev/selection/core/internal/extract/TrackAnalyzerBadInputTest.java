package dev.selection.core.internal.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selection.api.CancellationToken;
import dev.selection.api.EmbeddingBudget;
import dev.selection.api.SegmentPolicy;
import dev.selection.api.SongFeatures;
import dev.selection.core.internal.audio.DecoderRegistry;
import dev.selection.core.internal.audio.TrackIdentifier;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 3's bad input through the whole analyser: silence, DC offset, clipped square waves, 0.5 s
 * files, mono / stereo / 5.1. Features that cannot be computed are absent (null), never NaN.
 */
class TrackAnalyzerBadInputTest {
  @TempDir Path dir;

  private static void writeWav(
      Path file, int rate, int channels, int frames, IntToDoubleFunction signal)
      throws IOException {
    ByteBuffer b = ByteBuffer.allocate(44 + frames * channels * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(36 + frames * channels * 2).put("WAVE".getBytes());
    b.put("fmt ".getBytes())
        .putInt(16)
        .putShort((short) 1)
        .putShort((short) channels)
        .putInt(rate)
        .putInt(rate * channels * 2)
        .putShort((short) (channels * 2))
        .putShort((short) 16);
    b.put("data".getBytes()).putInt(frames * channels * 2);
    for (int i = 0; i < frames; i++) {
      double v = Math.max(-1, Math.min(32767.0 / 32768, signal.applyAsDouble(i)));
      for (int c = 0; c < channels; c++) {
        b.putShort((short) Math.round(v * 32768));
      }
    }
    Files.write(file, b.array());
  }

  @ParameterizedTest(name = "{0}, {1} channel(s), {2} s")
  @CsvSource({
    "silence, 1, 20",
    "silence, 2, 0.5",
    "dc, 2, 20",
    "square, 1, 20",
    "square, 6, 20",
    "tone, 6, 0.5",
    "tone, 2, 0.5",
    "noise, 1, 30"
  })
  void features_areAbsentOrFinite_neverNaN(String kind, int channels, double seconds)
      throws Exception {
    int rate = 44_100;
    int frames = (int) (seconds * rate);
    java.util.Random r = new java.util.Random(7);
    IntToDoubleFunction signal =
        switch (kind) {
          case "silence" -> i -> 0;
          case "dc" -> i -> 0.4;
          case "square" -> i -> ((i / 50) % 2 == 0 ? 1.5 : -1.5); // clipped at full scale
          case "tone" -> i -> 0.5 * Math.sin(2 * Math.PI * 440 * i / rate);
          default -> i -> r.nextGaussian() * 0.2;
        };
    Path file = dir.resolve(kind + channels + ".wav");
    writeWav(file, rate, channels, frames, signal);
    TrackAnalyzer analyzer =
        new TrackAnalyzer(
            new TrackIdentifier(DecoderRegistry.discover(), Clock.systemUTC()),
            SegmentPolicy.DEFAULT,
            List.of(),
            EmbeddingBudget.DEFAULT);
    SongFeatures f =
        analyzer.analyze(file, analyzer.everything(), CancellationToken.none()).features();

    assertThat(f.durationSec()).isCloseTo(seconds, org.assertj.core.data.Offset.offset(0.001));
    for (Double d :
        new Double[] {
          f.rmsMean(),
          f.loudnessLufs(),
          f.bpm(),
          f.bpmConfidence(),
          f.keyStrength(),
          f.bitrateKbps()
        }) {
      assertThat(d == null || Double.isFinite(d)).as("finite or absent: %s", d).isTrue();
    }
    for (float[] v : new float[][] {f.hpcp(), f.timbre()}) {
      if (v != null) {
        for (float x : v) {
          assertThat(Float.isFinite(x)).isTrue();
        }
      }
    }
    if (kind.equals("silence") || kind.equals("dc")) {
      assertThat(f.bpm()).isNull();
      assertThat(f.key()).isNull();
      assertThat(f.timbre()).isNull();
    }
    if (kind.equals("silence")) {
      assertThat(f.rmsMean()).isZero();
      assertThat(f.loudnessLufs()).isNull();
    }
    // DC: BS.1770's K-weighting high-pass removes it, but the step at the file's start rings
    // through
    // the filter as in any R128 meter, so a (very low) loudness may be reported; it is finite.
    if (kind.equals("noise")) {
      assertThat(f.timbre()).isNotNull();
      assertThat(f.loudnessLufs()).isNotNull();
    }
  }
}
