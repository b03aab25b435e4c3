package dev.selection.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.selection.api.ExtractOptions;
import dev.selection.api.ExtractionReport;
import dev.selection.api.SelectionEngine;
import dev.selection.api.SongFeatures;
import dev.selection.api.testing.AudioFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ogg Vorbis comments reach the stored features as every other format's tags do: the title, and the
 * BPM tag where the audio has no pulse to measure (it was read by the decoder but never used).
 */
class EngineVorbisTagsTest {
  @TempDir Path root;
  @TempDir Path music;

  @Test
  void vorbisComments_bpmAndTitle_reachTheStoredFeatures() throws Exception {
    assumeTrue(AudioFixtures.onPath("oggenc"), "oggenc not on PATH: skipped");
    // Near-silence (a faint 440 Hz tone): no pulse, so the stored BPM can only come from the tag.
    short[] pcm = new short[6 * 22_050];
    for (int i = 0; i < pcm.length; i++) {
      pcm[i] = (short) Math.round(40 * Math.sin(2 * Math.PI * 440 * i / 22_050.0));
    }
    Path wav = AudioFixtures.wav16(music.resolve("src.wav"), 22_050, 1, pcm);
    Path ogg = music.resolve("tagged.ogg");
    AudioFixtures.run(
        "oggenc",
        "-Q",
        "-q",
        "3",
        "-t",
        "Ogg Title",
        "-c",
        "BPM=97",
        "-c",
        "INITIALKEY=F#m",
        "-o",
        ogg.toString(),
        wav.toString());
    try (SelectionEngine e =
        SelectionEngine.builder(root)
            .embeddings(false)
            .autoTrain(false, 20, Duration.ofSeconds(8))
            .build()) {
      ExtractionReport rep = e.extractFeatures(List.of(ogg), ExtractOptions.DEFAULTS, null, null);
      assertThat(rep.failed()).as("%s", rep.failures()).isZero();
      SongFeatures f = e.getSongFeatures(e.songIdFor(ogg)).orElseThrow();
      assertThat(f.metadata().title()).isEqualTo("Ogg Title");
      assertThat(f.bpm()).isEqualTo(97.0);
    }
  }
}
