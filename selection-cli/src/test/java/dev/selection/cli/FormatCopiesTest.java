package dev.selection.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.selection.api.CancellationToken;
import dev.selection.api.ExtractOptions;
import dev.selection.api.ExtractionReport;
import dev.selection.api.SelectionEngine;
import dev.selection.api.SimilarResult;
import dev.selection.api.testing.AudioFixtures;
import dev.selection.core.samples.DemoLibrary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Format copies of one recording embed to vectors whose nearest neighbour among the other
 * recordings' copies is a copy of their own source: the built-in embedding hears the music, not the
 * codec. Each of five generated recordings (one per demo style) is copied by ffmpeg to FLAC 48 kHz
 * mono, MP3 128 kbit/s, Ogg Vorbis 48 kHz and WAV 22.05 kHz mono, next to the 44.1 kHz stereo WAV
 * source; the library's "more like these" of every copy must put a copy of the same recording
 * first. (Two demo tracks of one style are the same synthesiser patch with other notes, closer to
 * each other than a 22 kHz or MP3 copy is to its source, so they are not distinct recordings in
 * this sense; the same check on real recordings is in docs/efficientat.md.) Skipped with a printed
 * reason without ffmpeg.
 */
class FormatCopiesTest {
  @TempDir Path root;
  @TempDir Path music;

  @Test
  void everyCopysNearestNeighbour_isACopyOfItsOwnRecording() throws Exception {
    if (!AudioFixtures.onPath("ffmpeg")) {
      System.out.println("FormatCopiesTest skipped: ffmpeg is not on the PATH");
    }
    assumeTrue(AudioFixtures.onPath("ffmpeg"), "ffmpeg is not on the PATH");
    List<DemoLibrary.Track> tracks = DemoLibrary.write(music, 1, 25, 44_100, 21);
    Map<Path, Integer> source = new HashMap<>();
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < tracks.size(); i++) {
      Path wav = tracks.get(i).path();
      files.add(wav);
      source.put(wav, i);
      String stem = "rec" + i;
      for (String[] copy :
          List.of(
              new String[] {stem + ".flac", "-ar", "48000", "-ac", "1", "-c:a", "flac"},
              new String[] {stem + ".mp3", "-b:a", "128k", "-c:a", "libmp3lame"},
              new String[] {stem + ".ogg", "-ar", "48000", "-q:a", "4", "-c:a", "libvorbis"},
              new String[] {stem + "-22k.wav", "-ar", "22050", "-ac", "1", "-c:a", "pcm_s16le"})) {
        Path out = music.resolve("copies").resolve(copy[0]);
        List<String> cmd =
            new ArrayList<>(
                List.of(
                    "ffmpeg",
                    "-nostdin",
                    "-v",
                    "error",
                    "-y",
                    "-i",
                    wav.toString(),
                    "-map_metadata",
                    "-1"));
        cmd.addAll(List.of(copy).subList(1, copy.length));
        cmd.add(out.toString());
        java.nio.file.Files.createDirectories(out.getParent());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assumeTrue(p.exitValue() == 0, "ffmpeg cannot write " + copy[0] + ": " + log);
        files.add(out);
        source.put(out, i);
      }
    }
    try (SelectionEngine e =
        SelectionEngine.builder(root).autoTrain(false, 20, Duration.ofSeconds(8)).build()) {
      assertThat(e.embeddingKinds()).contains("efficientat");
      ExtractionReport r =
          e.extractFeatures(files, ExtractOptions.DEFAULTS, p -> {}, new CancellationToken());
      assertThat(r.failed()).as("%s", r.failures()).isZero();
      Map<String, Integer> sourceOf = new HashMap<>();
      for (Path f : files) {
        sourceOf.put(e.songIdFor(f), source.get(f));
      }
      int wrong = 0;
      for (Path f : files) {
        String id = e.songIdFor(f);
        SimilarResult s = e.similar(List.of(id), 1);
        assertThat(s.descriptor()).isEqualTo("efficientat");
        String nearest = s.items().get(0).songId();
        if (!sourceOf.get(nearest).equals(source.get(f))) {
          wrong++;
          System.out.println(
              "FormatCopiesTest: nearest of "
                  + f.getFileName()
                  + " is another "
                  + "recording ("
                  + nearest
                  + ")");
        }
      }
      assertThat(wrong).as("copies whose nearest neighbour is another recording").isZero();
    }
  }
}
