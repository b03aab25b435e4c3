package dev.selection.core.internal.audio.lossy;

import static dev.selection.core.internal.audio.lossy.Mp3TestSupport.FULL_ACCURACY_MAX;
import static dev.selection.core.internal.audio.lossy.Mp3TestSupport.FULL_ACCURACY_RMS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.selection.api.spi.AudioStream;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ISO/IEC 11172-4 "full accuracy" of our decoder against reference decoders on files made at test
 * time: RMS error at most 2^-15/sqrt(12) and no error above 2^-14 of full scale (samples at full
 * scale ignored), and exactly the reference's number of samples. The reference is FFmpeg's float
 * decoder ({@code mp3float}), except where FFmpeg 5.1 itself departs from the standard, where it is
 * mpg123 (whose output the ISO compliance streams confirm): 24 kHz layer III (FFmpeg's band table
 * has lines 278/330 where 13818-3 has 278/332), layer II (FFmpeg requantises in 16-bit fixed point,
 * 1.2e-5 RMS off) and free-format streams (FFmpeg 5.1 cannot decode LAME's). Each kind prints its
 * figures.
 */
class Mp3AccuracyTest {
  @TempDir static Path dir;

  private static void check(String kind, Path file, float[] reference, String referenceName) {
    float[] ours;
    int channels;
    try (AudioStream s = new Mp3Decoder().open(file)) {
      channels = s.info().channels();
      ours = LossyTestAudio.readAll(s, 1000);
    }
    double[] a = Mp3TestSupport.accuracy(ours, reference);
    System.out.printf(
        "mp3 accuracy %-22s vs %-6s: %d vs %d samples, RMS %.2e (bound %.2e), "
            + "max %.2e (bound %.2e)%n",
        kind,
        referenceName,
        ours.length,
        reference.length,
        a[0],
        FULL_ACCURACY_RMS,
        a[1],
        FULL_ACCURACY_MAX);
    assertThat(ours.length).as(kind + " length").isEqualTo(reference.length);
    assertThat(ours.length % channels).isZero();
    assertThat(a[2]).as("samples compared").isGreaterThan(ours.length * 0.99);
    assertThat(a[0]).as(kind + " RMS error").isLessThanOrEqualTo(FULL_ACCURACY_RMS);
    assertThat(a[1]).as(kind + " max error").isLessThanOrEqualTo(FULL_ACCURACY_MAX);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "cbr128-joint-44k   | 44100 | 2 | -b 128",
        "vbr-v2-44k         | 44100 | 2 | -V 2",
        "vbr-v6-44k         | 44100 | 2 | -V 6",
        "cbr320-stereo-48k  | 48000 | 2 | -b 320 -m s",
        "forced-ms-48k      | 48000 | 2 | -b 128 -m f",
        "cbr96-32k          | 32000 | 2 | -b 96",
        "mono-44k           | 44100 | 1 | -b 64",
        "mono-vbr-32k       | 32000 | 1 | -V 4",
        "crc-44k            | 44100 | 2 | -b 160 -p",
        "mpeg2-22k          | 22050 | 2 | -b 64",
        "mpeg2-16k-mono     | 16000 | 1 | -V 5",
        "mpeg25-11k         | 11025 | 2 | -b 32",
        "mpeg25-12k-mono    | 12000 | 1 | -b 24",
        "mpeg25-8k          |  8000 | 2 | -b 16",
        "no-lame-tag-44k    | 44100 | 2 | -b 128 -t",
      })
  void layer3_lame_matchesFfmpegFloat(String kind, int rateHz, int channels, String options)
      throws Exception {
    Path mp3 = Mp3TestSupport.lame(dir, kind, rateHz, channels, 3.0, options.split(" "));
    check(kind, mp3, Mp3TestSupport.ffmpegF32(mp3), "ffmpeg");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "mpeg2-24k       | 24000 | 2 | -b 96",
        "mpeg2-24k-mono  | 24000 | 1 | -V 4",
      })
  void layer3_24kHz_matchesMpg123(String kind, int rateHz, int channels, String options)
      throws Exception {
    Path mp3 = Mp3TestSupport.lame(dir, kind, rateHz, channels, 3.0, options.split(" "));
    check(kind, mp3, Mp3TestSupport.mpg123F32(mp3), "mpg123");
    // FFmpeg agrees on the length (its band table differs, not its framing or trimming).
    assertThat(Mp3TestSupport.ffmpegF32(mp3).length)
        .isEqualTo(Mp3TestSupport.ours(mp3, 999).length);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "libmp3lame-lavc-tag.mp3 | 44100 | 2 | -c:a libmp3lame -q:a 3",
        "libshine.mp3            | 44100 | 2 | -c:a libshine",
      })
  void layer3_ffmpegEncoders_matchFfmpegFloat(String kind, int rateHz, int channels, String codec)
      throws Exception {
    Path file = Mp3TestSupport.ffmpegEncode(dir, kind, rateHz, channels, 2.0, codec.split(" "));
    check(kind, file, Mp3TestSupport.ffmpegF32(file), "ffmpeg");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "layer2-48k.mp2       | 48000 | 2 | -c:a mp2 -b:a 192k",
        "layer2-joint-44k.mp2 | 44100 | 2 | -c:a mp2 -b:a 64k",
        "layer2-mono-32k.mp2  | 32000 | 1 | -c:a mp2 -b:a 64k",
        "layer2-lsf-24k.mp2   | 24000 | 2 | -c:a mp2 -b:a 96k",
      })
  void layer2_matchesMpg123(String kind, int rateHz, int channels, String codec) throws Exception {
    Path file = Mp3TestSupport.ffmpegEncode(dir, kind, rateHz, channels, 2.0, codec.split(" "));
    check(kind, file, Mp3TestSupport.mpg123F32(file), "mpg123");
    assertThat(Mp3TestSupport.ffmpegF32(file).length)
        .isEqualTo(Mp3TestSupport.ours(file, 999).length);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "free-format-400k | 44100 | 2 | --freeformat -b 400",
        "free-format-mono | 32000 | 1 | --freeformat -b 200",
      })
  void freeFormat_matchesMpg123(String kind, int rateHz, int channels, String options)
      throws Exception {
    Path mp3 = Mp3TestSupport.lame(dir, kind, rateHz, channels, 2.0, options.split(" "));
    check(kind, mp3, Mp3TestSupport.mpg123F32(mp3), "mpg123");
  }
}
