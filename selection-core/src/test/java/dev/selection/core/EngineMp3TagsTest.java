package dev.selection.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.selection.api.CancellationToken;
import dev.selection.api.ExtractOptions;
import dev.selection.api.ExtractionReport;
import dev.selection.api.SelectionEngine;
import dev.selection.api.SongMetadata;
import dev.selection.core.samples.DemoLibrary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MP3 tags reach the stored features (issue 12 item 1): an ID3v2 tag written by FFmpeg, and an
 * APEv2 tag at the end of an MP3 without ID3 (as foobar2000 or Mp3tag write it), end up in the
 * song's {@link SongMetadata} after a library scan; a damaged APE tag is ignored and the file
 * analysed.
 */
class EngineMp3TagsTest {
  @TempDir Path root;
  @TempDir Path music;

  private static boolean ffmpeg(String... args) throws InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y"));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** An APEv2 tag (items and footer, no header) with text items. */
  static byte[] apeTag(Map<String, String> items, int claimedSize) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Map.Entry<String, String> e : items.entrySet()) {
      byte[] v = e.getValue().getBytes(StandardCharsets.UTF_8);
      ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      head.putInt(v.length).putInt(0);
      body.writeBytes(head.array());
      body.writeBytes(e.getKey().getBytes(StandardCharsets.US_ASCII));
      body.write(0);
      body.writeBytes(v);
    }
    ByteBuffer footer = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
    footer.put("APETAGEX".getBytes(StandardCharsets.US_ASCII));
    footer.putInt(2000);
    footer.putInt(claimedSize > 0 ? claimedSize : body.size() + 32);
    footer.putInt(items.size());
    footer.putInt(0);
    body.writeBytes(footer.array());
    return body.toByteArray();
  }

  @Test
  void id3AndApeTagsOfMp3Files_reachTheStoredFeatures() throws Exception {
    // Three different recordings: equal audio would be one song (one songId, one feature row).
    List<DemoLibrary.Track> src = DemoLibrary.write(music.resolve("src"), 1, 6, 44_100, 5);
    Path wav = src.get(0).path();
    Path wav2 = src.get(1).path();
    Path wav3 = src.get(2).path();
    Path id3 = music.resolve("id3.mp3");
    Path ape = music.resolve("ape.mp3");
    Path broken = music.resolve("broken-ape.mp3");
    boolean made =
        ffmpeg(
                "-i",
                wav.toString(),
                "-map_metadata",
                "-1",
                "-c:a",
                "libmp3lame",
                "-b:a",
                "128k",
                "-id3v2_version",
                "3",
                "-metadata",
                "title=Tagged Title",
                "-metadata",
                "artist=Tagged Artist",
                "-metadata",
                "album=Tagged Album",
                "-metadata",
                "genre=Techno",
                "-metadata",
                "date=2004",
                id3.toString())
            && ffmpeg(
                "-i",
                wav2.toString(),
                "-map_metadata",
                "-1",
                "-c:a",
                "libmp3lame",
                "-b:a",
                "128k",
                "-id3v2_version",
                "0",
                "-write_id3v1",
                "0",
                ape.toString());
    assumeTrue(made, "ffmpeg with libmp3lame is not available: skipped");
    assumeTrue(
        ffmpeg(
            "-i",
            wav3.toString(),
            "-map_metadata",
            "-1",
            "-c:a",
            "libmp3lame",
            "-b:a",
            "128k",
            "-id3v2_version",
            "0",
            "-write_id3v1",
            "0",
            broken.toString()));
    Files.write(
        ape,
        apeTag(Map.of("Title", "Ape Title", "Artist", "Ape Artist", "Year", "1999"), 0),
        StandardOpenOption.APPEND);
    // The bad case: a footer claiming more bytes than the file holds.
    Files.write(broken, apeTag(Map.of("Title", "Never"), 1 << 20), StandardOpenOption.APPEND);

    try (SelectionEngine e =
        SelectionEngine.builder(root).autoTrain(false, 20, Duration.ofSeconds(8)).build()) {
      ExtractionReport r =
          e.extractFeatures(
              List.of(id3, ape, broken),
              new ExtractOptions(false, false, 32, false),
              p -> {},
              new CancellationToken());
      assertThat(r.failures()).isEmpty();
      assertThat(r.extracted()).isEqualTo(3);

      SongMetadata m = e.getSongFeatures(e.songIdFor(id3)).orElseThrow().metadata();
      assertThat(m.title()).isEqualTo("Tagged Title");
      assertThat(m.artist()).isEqualTo("Tagged Artist");
      assertThat(m.album()).isEqualTo("Tagged Album");
      assertThat(m.genres()).containsExactly("Techno");
      assertThat(m.year()).isEqualTo(2004);

      SongMetadata a = e.getSongFeatures(e.songIdFor(ape)).orElseThrow().metadata();
      assertThat(a.title()).isEqualTo("Ape Title");
      assertThat(a.artist()).isEqualTo("Ape Artist");
      assertThat(a.year()).isEqualTo(1999);

      SongMetadata b = e.getSongFeatures(e.songIdFor(broken)).orElseThrow().metadata();
      assertThat(b.title()).isNull();
    }
  }
}
