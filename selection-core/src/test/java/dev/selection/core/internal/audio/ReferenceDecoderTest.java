package dev.selection.core.internal.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.AudioInfo;
import dev.selection.core.internal.audio.lossy.VorbisDecoder;
import dev.selection.core.samples.DemoLibrary;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stable ids for lossy files (issue 12 item 9): a lossy file is hashed only on its reference
 * decoder's PCM (Ogg Vorbis: JOrbis; MP3: the built-in decoder). Decoded by another (ffmpeg), its
 * songId would silently differ from other installs', so identification refuses it with {@code
 * runtime_unavailable}; lossless files decode bit-exactly anywhere and are not refused.
 */
class ReferenceDecoderTest {
  @TempDir Path dir;

  private static AudioInfo info(String format, String decoder) {
    return new AudioInfo(format, 44_100, 2, 0, -1, 128, decoder);
  }

  @Test
  void lossyFormats_needTheirReferenceDecoder_losslessOnesDoNot() {
    Path f = Path.of("x");
    TrackIdentifier.checkReferenceDecoder(f, info("ogg", "vorbis/1+jorbis-0.0.17.4"));
    TrackIdentifier.checkReferenceDecoder(f, info("mp3", "mp3/2"));
    TrackIdentifier.checkReferenceDecoder(f, info("flac", "ffmpeg"));
    TrackIdentifier.checkReferenceDecoder(f, info("pcm", "ffmpeg"));
    assertThatThrownBy(() -> TrackIdentifier.checkReferenceDecoder(f, info("vorbis", "ffmpeg")))
        .isInstanceOf(SelectionException.class)
        .hasMessageContaining("JOrbis")
        .extracting(e -> ((SelectionException) e).code())
        .isEqualTo(ErrorCode.RUNTIME_UNAVAILABLE);
    assertThatThrownBy(() -> TrackIdentifier.checkReferenceDecoder(f, info("mp3", "ffmpeg")))
        .hasMessageContaining("built-in MP3 decoder");
  }

  @Test
  void oggVorbisDecodedByFfmpeg_isRefused_andByJOrbisIdentified() throws Exception {
    Path wav = DemoLibrary.write(dir.resolve("wav"), 1, 3, 22_050, 1).get(0).path();
    Path ogg = dir.resolve("x.ogg");
    boolean encoded;
    try {
      Process p =
          new ProcessBuilder(
                  "ffmpeg",
                  "-nostdin",
                  "-v",
                  "error",
                  "-y",
                  "-i",
                  wav.toString(),
                  "-c:a",
                  "libvorbis",
                  ogg.toString())
              .redirectErrorStream(true)
              .start();
      p.getInputStream().readAllBytes();
      encoded = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (java.io.IOException e) {
      encoded = false;
    }
    assumeTrue(encoded, "ffmpeg with libvorbis is not available: skipped");
    TrackIdentifier byFfmpeg =
        new TrackIdentifier(
            new DecoderRegistry(List.of(new FfmpegDecoder()), List.of()), Clock.systemUTC());
    assertThatThrownBy(() -> byFfmpeg.identify(ogg))
        .isInstanceOf(SelectionException.class)
        .extracting(e -> ((SelectionException) e).code())
        .isEqualTo(ErrorCode.RUNTIME_UNAVAILABLE);
    // The lossless original is identified by ffmpeg as by our WAV decoder.
    assertThat(byFfmpeg.identify(wav).songId())
        .isEqualTo(
            new TrackIdentifier(
                    new DecoderRegistry(List.of(new WavDecoder()), List.of()), Clock.systemUTC())
                .identify(wav)
                .songId());
    assumeTrue(VorbisDecoder.isAvailable(), "JOrbis absent");
    TrackIdentifier byJorbis =
        new TrackIdentifier(
            new DecoderRegistry(List.of(new VorbisDecoder()), List.of()), Clock.systemUTC());
    assertThat(byJorbis.identify(ogg).songId()).hasSize(64);
  }
}
