package dev.selection.core.internal.audio.lossy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.selection.api.spi.AudioStream;
import dev.selection.api.testing.AudioFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Helpers of the MP3 tests: a test signal with transients (so that encoders switch to short
 * blocks), encoding with {@code lame} / {@code ffmpeg}, reference decodes with {@code ffmpeg} and
 * {@code mpg123} as float PCM, and the ISO/IEC 11172-4 accuracy measures.
 */
final class Mp3TestSupport {
  private Mp3TestSupport() {}

  /** RMS error bound of "full accuracy" (ISO/IEC 11172-4): 2^-15 / sqrt(12) of full scale. */
  static final double FULL_ACCURACY_RMS = Math.pow(2, -15) / Math.sqrt(12);

  /** Largest single error of "full accuracy": 2^-14 of full scale. */
  static final double FULL_ACCURACY_MAX = Math.pow(2, -14);

  /** Skips the calling test (with a printed reason) when {@code tool} is not on the PATH. */
  static void requireTool(String tool) {
    boolean present = AudioFixtures.onPath(tool);
    if (!present) {
      System.out.println(tool + " not on PATH: skipping");
    }
    assumeTrue(present, tool + " not on PATH");
  }

  /**
   * Music-like tones and noise with a loud burst every quarter second, interleaved, peak about 0.9:
   * encoders answer the bursts with short (and start/stop) blocks.
   */
  static float[] signalWithTransients(int rateHz, int channels, double seconds, long seed) {
    float[] x = LossyTestAudio.musicLike(rateHz, channels, seconds, seed);
    Random r = new Random(seed + 1);
    int n = x.length / channels;
    int step = rateHz / 4;
    for (int start = step / 3; start < n; start += step) {
      int len = Math.min(rateHz / 100, n - start);
      for (int i = 0; i < len; i++) {
        double env = Math.exp(-i / (len / 5.0));
        for (int c = 0; c < channels; c++) {
          int k = (start + i) * channels + c;
          x[k] = (float) Math.max(-0.95, Math.min(0.95, x[k] + 0.4 * env * r.nextGaussian()));
        }
      }
    }
    return x;
  }

  /** Writes the test signal as WAV and encodes it with LAME; returns the MP3. */
  static Path lame(
      Path dir, String name, int rateHz, int channels, double seconds, String... options)
      throws Exception {
    requireTool("lame");
    Path mp3 = dir.resolve(name + ".mp3");
    if (Files.exists(mp3)) {
      return mp3;
    }
    Path wav = dir.resolve(name + ".wav");
    LossyTestAudio.writeWav16(
        wav, signalWithTransients(rateHz, channels, seconds, 42), rateHz, channels);
    List<String> cmd = new ArrayList<>(List.of("lame", "--quiet", "--noreplaygain"));
    cmd.addAll(List.of(options));
    cmd.add(wav.toString());
    cmd.add(mp3.toString());
    AudioFixtures.run(cmd.toArray(String[]::new));
    return mp3;
  }

  /** Encodes the test signal with one of FFmpeg's encoders; returns the file. */
  static Path ffmpegEncode(
      Path dir, String name, int rateHz, int channels, double seconds, String... codecOptions)
      throws Exception {
    requireTool("ffmpeg");
    Path out = dir.resolve(name);
    if (Files.exists(out)) {
      return out;
    }
    Path wav = dir.resolve(name + ".wav");
    LossyTestAudio.writeWav16(
        wav, signalWithTransients(rateHz, channels, seconds, 7), rateHz, channels);
    List<String> cmd =
        new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-i", wav.toString()));
    cmd.addAll(List.of(codecOptions));
    cmd.add(out.toString());
    try {
      AudioFixtures.run(cmd.toArray(String[]::new));
    } catch (AssertionError e) {
      assumeTrue(false, "ffmpeg cannot encode " + String.join(" ", codecOptions) + ": skipping");
    }
    return out;
  }

  /** FFmpeg's float decode ({@code -f f32le}), interleaved at the native channel count. */
  static float[] ffmpegF32(Path file) throws Exception {
    requireTool("ffmpeg");
    return LossyTestAudio.f32le(
        AudioFixtures.run(
            "ffmpeg", "-nostdin", "-v", "error", "-i", file.toString(), "-f", "f32le", "-"));
  }

  /** mpg123's float decode, gapless (its default), interleaved at the native channel count. */
  static float[] mpg123F32(Path file) throws Exception {
    requireTool("mpg123");
    return LossyTestAudio.f32le(
        AudioFixtures.run("mpg123", "-q", "-e", "f32", "-s", file.toString()));
  }

  /** Decodes with our decoder in blocks of {@code block} frames. */
  static float[] ours(Path file, int block) {
    try (AudioStream s = new Mp3Decoder().open(file)) {
      return LossyTestAudio.readAll(s, block);
    }
  }

  /**
   * ISO/IEC 11172-4 style comparison of a decode with a reference of the same length: RMS and
   * largest difference over the samples where neither is at full scale (our output is clamped to
   * [-1, 1), a float reference is not).
   *
   * @return {rms, max, samples compared}
   */
  static double[] accuracy(float[] ours, float[] reference) {
    int n = Math.min(ours.length, reference.length);
    double sum = 0;
    double max = 0;
    long count = 0;
    double edge = 1 - Math.pow(2, -15);
    for (int i = 0; i < n; i++) {
      if (Math.abs(reference[i]) >= edge || Math.abs(ours[i]) >= edge) {
        continue;
      }
      double d = (double) ours[i] - reference[i];
      sum += d * d;
      max = Math.max(max, Math.abs(d));
      count++;
    }
    return new double[] {Math.sqrt(sum / Math.max(1, count)), max, count};
  }
}
