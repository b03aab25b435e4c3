package dev.selection.core.internal.dsp.loudness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.selection.api.spi.AudioExcerpt;
import dev.selection.api.testing.AudioFixtures;
import dev.selection.core.internal.dsp.testutil.WavFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class R128LoudnessTest {

  /** A sine of {@code dbfs} peak level on every channel, in consecutive parts (Tech 3341 style). */
  private static float[] sineParts(
      int rate, int channels, double freqHz, double[] dbfs, double[] secs) {
    int total = 0;
    for (double s : secs) {
      total += (int) Math.round(s * rate);
    }
    float[] x = new float[total * channels];
    int i = 0;
    for (int p = 0; p < dbfs.length; p++) {
      double amp = Math.pow(10, dbfs[p] / 20);
      for (int n = (int) Math.round(secs[p] * rate); n > 0; n--, i++) {
        float v = (float) (amp * Math.sin(2 * Math.PI * freqHz * i / rate));
        for (int c = 0; c < channels; c++) {
          x[i * channels + c] = v;
        }
      }
    }
    return x;
  }

  private static Double measure(float[] interleaved, int rate, int channels) {
    R128Loudness meter = new R128Loudness();
    meter.begin(rate, channels, interleaved.length / channels);
    meter.accept(interleaved, 0, interleaved.length / channels);
    meter.end();
    return meter.integratedLufs();
  }

  @ParameterizedTest
  @ValueSource(ints = {44100, 48000})
  void stereoSineAtMinus23Dbfs_isMinus23Lufs(int rate) {
    // EBU Tech 3341 case 1: 1 kHz, −23 dBFS on each channel of a stereo signal → −23.0 LUFS.
    float[] x = sineParts(rate, 2, 1000, new double[] {-23}, new double[] {20});
    assertThat(measure(x, rate, 2)).isCloseTo(-23.0, within(0.1));
  }

  @Test
  void monoFullScaleSineAt997Hz_isMinus3Lufs() {
    // A full-scale 997 Hz sine has mean square 1/2 and K-weighting ≈ +0.69 dB: −3.01 LUFS.
    float[] x = sineParts(48000, 1, 997, new double[] {0}, new double[] {10});
    assertThat(measure(x, 48000, 1)).isCloseTo(-3.01, within(0.05));
  }

  @Test
  void gates_followTech3341Cases3To5() {
    int rate = 48000;
    // Case 3: −36 / −23 / −36 dBFS for 10 / 60 / 10 s → −23.0 (relative gate drops the quiet
    // parts).
    assertThat(
            measure(
                sineParts(rate, 2, 1000, new double[] {-36, -23, -36}, new double[] {10, 60, 10}),
                rate,
                2))
        .isCloseTo(-23.0, within(0.1));
    // Case 4: −72 / −36 / −23 / −36 / −72 → −23.0 (absolute gate too).
    assertThat(
            measure(
                sineParts(
                    rate,
                    2,
                    1000,
                    new double[] {-72, -36, -23, -36, -72},
                    new double[] {10, 10, 60, 10, 10}),
                rate,
                2))
        .isCloseTo(-23.0, within(0.1));
    // Case 5: −26 / −20 / −26 for 20 / 20.1 / 20 s → −23.0.
    assertThat(
            measure(
                sineParts(rate, 2, 1000, new double[] {-26, -20, -26}, new double[] {20, 20.1, 20}),
                rate,
                2))
        .isCloseTo(-23.0, within(0.1));
  }

  @Test
  void surround51_weightsSurroundsAndIgnoresLfe() {
    int rate = 48000;
    int frames = rate * 10;
    float[] front = sineParts(rate, 1, 1000, new double[] {-28}, new double[] {10});
    float[] x = new float[frames * 6];
    for (int i = 0; i < frames; i++) {
      x[i * 6] = front[i]; // L only
    }
    double onlyLeft = measure(x, rate, 6);
    for (int i = 0; i < frames; i++) {
      x[i * 6 + 3] = front[i] * 3; // a loud LFE changes nothing
    }
    assertThat(measure(x, rate, 6)).isCloseTo(onlyLeft, within(1e-9));
    for (int i = 0; i < frames; i++) {
      x[i * 6] = 0;
      x[i * 6 + 4] = front[i]; // the same signal on Ls weighs 1.41 (+1.49 dB)
    }
    assertThat(measure(x, rate, 6)).isCloseTo(onlyLeft + 10 * Math.log10(1.41), within(1e-6));
  }

  @Test
  void stereoFastPath_equalsTheGenericPath() {
    int rate = 44100;
    float[] x = musicLike(new SplittableRandom(9), rate, 2, 10);
    float[] three = new float[x.length / 2 * 3]; // L R C with a silent centre: generic path
    for (int i = 0; i < x.length / 2; i++) {
      three[3 * i] = x[2 * i];
      three[3 * i + 1] = x[2 * i + 1];
    }
    assertThat(measure(x, rate, 2)).isCloseTo(measure(three, rate, 3), within(1e-9));
  }

  @Test
  void streaming_isIndependentOfBlockSizes() {
    long seed = System.nanoTime();
    System.out.println("streaming_isIndependentOfBlockSizes seed=" + seed);
    SplittableRandom random = new SplittableRandom(seed);
    int rate = 44100;
    float[] x = musicLike(random, rate, 2, 15);
    double whole = measure(x, rate, 2);
    R128Loudness meter = new R128Loudness();
    meter.begin(rate, 2, -1);
    int pos = 0;
    while (pos < x.length / 2) {
      int n = Math.min(x.length / 2 - pos, random.nextInt(1, 9000));
      float[] block = java.util.Arrays.copyOfRange(x, pos * 2, (pos + n) * 2);
      meter.accept(block, 0, n);
      pos += n;
    }
    meter.end();
    assertThat(meter.integratedLufs()).as("seed %d", seed).isCloseTo(whole, within(1e-9));
  }

  @Test
  void silenceDcAndTooShort_areAbsent_clippedSquareIsFinite() {
    int rate = 44100;
    assertThat(measure(new float[rate * 5 * 2], rate, 2)).isNull();
    // The RLB high-pass removes DC: DC alone leaves only the switch-on transient (far below the
    // level), and a DC offset under a tone does not change the tone's loudness.
    float[] dc = new float[rate * 5];
    java.util.Arrays.fill(dc, 0.5f);
    Double dcLufs = measure(dc, rate, 1);
    assertThat(dcLufs == null || dcLufs < -30).as("DC gave %s", dcLufs).isTrue();
    float[] tone = sineParts(rate, 1, 440, new double[] {-20}, new double[] {5});
    float[] toneDc = tone.clone();
    for (int i = 0; i < toneDc.length; i++) {
      toneDc[i] += 0.3f;
    }
    assertThat(measure(toneDc, rate, 1)).isCloseTo(measure(tone, rate, 1), within(0.1));
    float[] tooShort = sineParts(rate, 1, 440, new double[] {0}, new double[] {0.3});
    assertThat(measure(tooShort, rate, 1)).isNull();
    assertThat(measure(new float[0], rate, 1)).isNull();
    float[] lowRate = sineParts(4000, 1, 440, new double[] {-10}, new double[] {3});
    assertThat(measure(lowRate, 4000, 1)).as("4 kHz: K-weighting undefined").isNull();
    float[] halfSecond = sineParts(rate, 1, 440, new double[] {-10}, new double[] {0.5});
    assertThat(measure(halfSecond, rate, 1)).isNotNull().isFinite();
    float[] square = new float[rate * 3];
    for (int i = 0; i < square.length; i++) {
      square[i] = (i / 50) % 2 == 0 ? 1.0f : -1.0f;
    }
    Double squareLufs = measure(square, rate, 1);
    assertThat(squareLufs).isNotNull().isFinite().isBetween(-3.0, 3.0);
  }

  @Test
  void rmsMean_ofSegments() {
    float[] sine = sineParts(8000, 1, 100, new double[] {0}, new double[] {1});
    float[] half = sineParts(8000, 1, 100, new double[] {-6.0206}, new double[] {1});
    Double rms =
        SegmentRms.rmsMean(
            List.of(new AudioExcerpt(sine, 8000, 0), new AudioExcerpt(half, 8000, 2)));
    assertThat(rms).isCloseTo((Math.sqrt(0.5) + Math.sqrt(0.5) / 2) / 2, within(1e-4));
    assertThat(SegmentRms.rmsMean(List.of())).isNull();
    assertThat(SegmentRms.rmsMean(List.of(new AudioExcerpt(new float[10], 8000, 0)))).isZero();
  }

  /** Noise and chords with level changes and a quiet break: exercises both gates. */
  static float[] musicLike(SplittableRandom random, int rate, int channels, double secs) {
    int frames = (int) (secs * rate);
    float[] x = new float[frames * channels];
    double lp = 0;
    double[] freqs = {110, 220 * 1.26, 330, 440 * 1.5, 2500, 6000};
    for (int i = 0; i < frames; i++) {
      double t = (double) i / rate;
      double level = t % 5 < 1 ? 0.01 : 0.3 * (1 + 0.5 * Math.sin(t));
      lp = 0.9 * lp + 0.1 * (random.nextDouble() * 2 - 1);
      for (int c = 0; c < channels; c++) {
        double tone = 0;
        for (int k = 0; k < freqs.length; k++) {
          tone += Math.sin(2 * Math.PI * freqs[k] * (1 + 0.01 * c) * t) / (k + 2);
        }
        x[i * channels + c] = (float) (level * (0.5 * tone + (c == 3 ? 4 : 1) * lp));
      }
    }
    return x;
  }

  private static final Pattern FFMPEG_I = Pattern.compile("I:\\s+(-?[0-9.]+) LUFS");

  @ParameterizedTest
  @ValueSource(strings = {"48000x1", "48000x2", "44100x2", "48000x6", "22050x2"})
  void integrated_matchesFfmpegEbur128(String format, @TempDir Path dir) throws Exception {
    assumeTrue(
        AudioFixtures.onPath("ffmpeg"), "ffmpeg not on PATH: skipping the ebur128 comparison");
    int rate = Integer.parseInt(format.split("x")[0]);
    int channels = Integer.parseInt(format.split("x")[1]);
    float[] x = musicLike(new SplittableRandom(rate + channels), rate, channels, 12);
    Path wav = dir.resolve("m.wav");
    WavFiles.writeFloat(wav, x, rate, channels);
    String out =
        WavFiles.run(
            List.of(
                "ffmpeg",
                "-hide_banner",
                "-nostats",
                "-i",
                wav.toString(),
                "-af",
                "ebur128=framelog=verbose",
                "-f",
                "null",
                "-"),
            null);
    Matcher m = FFMPEG_I.matcher(out);
    assertThat(m.find()).as(out).isTrue();
    double ffmpeg = Double.parseDouble(m.group(1));
    double ours = measure(x, rate, channels);
    System.out.printf("R128 %s: ours %.3f LUFS, ffmpeg ebur128 %.1f LUFS%n", format, ours, ffmpeg);
    // ffmpeg prints one decimal (±0.05); allow a little more for its internal resampling.
    assertThat(ours).isCloseTo(ffmpeg, within(0.1));
  }
}
