package dev.selection.core.internal.audio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selection.api.spi.AudioStream;
import dev.selection.api.testing.AudioFixtures;
import dev.selection.core.internal.audio.tags.TrackTags;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written and tagged by independent tools (ffmpeg, lame) decode and yield their tags. */
class ForeignWriterTagsTest {
  @TempDir Path dir;
  private Path src;
  private short[] pcm;

  @BeforeEach
  void source() throws Exception {
    AudioFixtures.assumeTool("ffmpeg");
    pcm = AudioFixtures.signal16(71, 20_000, 2);
    src = AudioFixtures.wav16(dir.resolve("src.wav"), 44100, 2, pcm);
  }

  private Path ffmpeg(String name, String... opts) {
    Path out = dir.resolve(name);
    List<String> cmd =
        TestAudio.list(
            "ffmpeg",
            "-v",
            "error",
            "-y",
            "-i",
            src.toString(),
            "-metadata",
            "title=Foreign Title",
            "-metadata",
            "artist=Foreign Artist",
            "-metadata",
            "genre=Ambient",
            "-metadata",
            "date=2017");
    cmd.addAll(List.of(opts));
    cmd.add(out.toString());
    AudioFixtures.run(cmd.toArray(String[]::new));
    return out;
  }

  private static void assertTags(TrackTags t) {
    assertThat(t.metadata().title()).isEqualTo("Foreign Title");
    assertThat(t.metadata().artist()).isEqualTo("Foreign Artist");
    assertThat(t.metadata().genres()).containsExactly("Ambient");
    assertThat(t.metadata().year()).isEqualTo(2017);
  }

  @Test
  void ffmpegWavWithListInfo_decodesAndTags() throws Exception {
    Path f = ffmpeg("t.wav");
    try (AudioStream s = new WavDecoder().open(f)) {
      assertTags(((TaggedStream) s).tags());
      AudioFixtures.assertSameSamples(AudioFixtures.readAll(s), AudioFixtures.toFloat(pcm));
    }
  }

  @Test
  void ffmpegRf64Wav_decodes() throws Exception {
    Path f = ffmpeg("t64.wav", "-rf64", "always");
    assertThat(
            new String(
                java.nio.file.Files.readAllBytes(f),
                0,
                4,
                java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("RF64");
    try (AudioStream s = new WavDecoder().open(f)) {
      assertThat(s.info().frames()).isEqualTo(20_000);
      AudioFixtures.assertSameSamples(AudioFixtures.readAll(s), AudioFixtures.toFloat(pcm));
    }
  }

  @Test
  void ffmpegAiffWithId3Chunk_decodesAndTags() throws Exception {
    Path f = ffmpeg("t.aiff", "-write_id3v2", "1");
    try (AudioStream s = new AiffDecoder().open(f)) {
      assertTags(((TaggedStream) s).tags());
      AudioFixtures.assertSameSamples(AudioFixtures.readAll(s), AudioFixtures.toFloat(pcm));
    }
  }

  @Test
  void ffmpegFlacTags_areReadByOurFlacDecoder() throws Exception {
    Path f = ffmpeg("t.flac");
    try (AudioStream s = new FlacDecoder().open(f)) {
      assertTags(((TaggedStream) s).tags());
      AudioFixtures.assertSameSamples(AudioFixtures.readAll(s), AudioFixtures.toFloat(pcm));
    }
  }

  @Test
  void lameId3v2_isReadThroughFfmpeg() throws Exception {
    AudioFixtures.assumeTool("lame");
    Path mp3 = dir.resolve("t.mp3");
    AudioFixtures.run(
        "lame",
        "--silent",
        "--tt",
        "Foreign Title",
        "--ta",
        "Foreign Artist",
        "--tg",
        "Ambient",
        "--ty",
        "2017",
        src.toString(),
        mp3.toString());
    try (AudioStream s = new FfmpegDecoder().open(mp3)) {
      assertTags(((TaggedStream) s).tags());
      assertThat(AudioFixtures.readAll(s).length).isBetween(40_000, 40_000 + 2 * 2400);
    }
  }
}
