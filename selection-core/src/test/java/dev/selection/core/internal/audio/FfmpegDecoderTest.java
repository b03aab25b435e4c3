package dev.selection.core.internal.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.AudioStream;
import dev.selection.api.testing.AudioFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FfmpegDecoderTest {
  @TempDir Path dir;
  private FfmpegDecoder ffmpeg;

  @BeforeEach
  void needFfmpeg() {
    AudioFixtures.assumeTool("ffmpeg");
    ffmpeg = new FfmpegDecoder();
    assertThat(ffmpeg.isAvailable()).isTrue();
  }

  @Test
  void withoutExecutable_acceptsNothing() {
    assertThat(new FfmpegDecoder(null).canDecode(dir, new byte[] {1})).isFalse();
  }

  @Test
  void wav16AndFlac24_decodeBitExactlyThroughFfmpeg() throws Exception {
    short[] s = AudioFixtures.signal16(61, 30_000, 2);
    Path wav = AudioFixtures.wav16(dir.resolve("a.wav"), 44100, 2, s);
    try (AudioStream st = ffmpeg.open(wav)) {
      assertThat(st.info().decoder()).isEqualTo("ffmpeg");
      assertThat(st.info().sampleRateHz()).isEqualTo(44100);
      assertThat(st.info().channels()).isEqualTo(2);
      assertThat(st.info().bitsPerSample()).isEqualTo(16);
      AudioFixtures.assertSameSamples(AudioFixtures.readAll(st), AudioFixtures.toFloat(s));
    }
    AudioFixtures.assumeTool("flac");
    int[] s24 = TestAudio.signal24(62, 20_000, 1);
    Path w24 = TestAudio.wav24(dir.resolve("b.wav"), 48000, 1, s24);
    Path flac = dir.resolve("b.flac");
    AudioFixtures.run("flac", "-s", "-f", "-o", flac.toString(), w24.toString());
    try (AudioStream st = ffmpeg.open(flac)) {
      assertThat(st.info().format()).isEqualTo("flac");
      AudioFixtures.assertSameSamples(AudioFixtures.readAll(st), TestAudio.toFloat24(s24));
    }
  }

  @Test
  void mp3_decodesThroughTheRegistryFallback() throws Exception {
    AudioFixtures.assumeTool("lame");
    Path wav =
        AudioFixtures.wav16(dir.resolve("a.wav"), 44100, 2, AudioFixtures.signal16(63, 44100, 2));
    Path mp3 = dir.resolve("a.bin");
    AudioFixtures.run("lame", "--silent", "-b", "128", wav.toString(), mp3.toString());
    DecoderRegistry r =
        new DecoderRegistry(List.of(), List.of(new WavDecoder(), new FlacDecoder(), ffmpeg));
    try (AudioStream st = r.open(mp3)) {
      assertThat(st.info().decoder()).isEqualTo("ffmpeg");
      assertThat(st.info().format()).isEqualTo("mp3");
      assertThat(st.info().sampleRateHz()).isEqualTo(44100);
      assertThat(st.info().bitrateKbps()).isBetween(100.0, 160.0);
      float[] pcm = AudioFixtures.readAll(st);
      assertThat(pcm.length / 2).isBetween(44100, 44100 + 3000); // encoder delay/padding
      double energy = 0;
      for (float v : pcm) {
        energy += v * v;
      }
      assertThat(energy / pcm.length).isGreaterThan(0.01);
    }
  }

  @Test
  void adpcmWav_isRefusedByWavDecoder_andDecodedByFfmpeg() throws Exception {
    Path wav =
        AudioFixtures.wav16(dir.resolve("a.wav"), 22050, 1, AudioFixtures.signal16(64, 22050, 1));
    Path adpcm = dir.resolve("adpcm.wav");
    AudioFixtures.run(
        "ffmpeg", "-v", "error", "-i", wav.toString(), "-c:a", "adpcm_ima_wav", adpcm.toString());
    DecoderRegistry r = DecoderRegistry.discover();
    try (AudioStream st = r.open(adpcm)) {
      assertThat(st.info().decoder()).isEqualTo("ffmpeg");
      assertThat(AudioFixtures.readAll(st).length).isGreaterThan(20_000);
    }
  }

  @Test
  void randomBytes_areUnsupported() throws Exception {
    byte[] b = new byte[3000];
    new Random(65).nextBytes(b);
    Path f = Files.write(dir.resolve("junk"), b);
    assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () ->
            assertThatThrownBy(() -> ffmpeg.open(f).close())
                .isInstanceOfSatisfying(
                    SelectionException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_FORMAT)));
  }

  @Test
  void close_killsTheProcess() throws Exception {
    Path wav =
        AudioFixtures.wav16(
            dir.resolve("long.wav"), 44100, 2, AudioFixtures.signal16(66, 44100 * 60, 2));
    List<ProcessHandle> children;
    try (AudioStream st = ffmpeg.open(wav)) {
      float[] buf = new float[2 * 1024];
      assertThat(st.read(buf, 0, 1024)).isPositive();
      children =
          ProcessHandle.current()
              .children()
              .filter(p -> p.info().command().map(c -> c.contains("ffmpeg")).orElse(false))
              .toList();
      assertThat(children).isNotEmpty();
    }
    for (ProcessHandle p : children) {
      p.onExit().get(20, TimeUnit.SECONDS);
      assertThat(p.isAlive()).isFalse();
    }
  }
}
