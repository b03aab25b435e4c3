package dev.selection.core.internal.dsp.tonal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.selection.api.MusicalKey;
import dev.selection.api.MusicalKey.Mode;
import dev.selection.api.spi.AudioExcerpt;
import dev.selection.api.testing.AudioFixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key accuracy on cadences synthesised by sox (an independent synthesiser; the chords of {@code
 * src/test/eval/tonal_eval.py}: sawtooth triads over a triangle bass, I–IV–V–I or i–iv–V–i).
 * Skipped when sox is not on the PATH.
 */
class SoxCadenceKeyTest {

  private static List<String> soxCommand(MusicalKey key, Path out) {
    boolean minor = key.mode() == Mode.MINOR;
    int third = minor ? 3 : 4;
    int[][] chords = {{0, third, 7}, {5, 5 + third, 12}, {7, 11, 14}, {0, third, 7}};
    int tonic = key.tonicPitchClass();
    int base = tonic < 7 ? 48 + tonic : 36 + tonic;
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "sox",
                "-R",
                "-r",
                "22050",
                "-c",
                "4",
                "-n",
                "-c",
                "1",
                "-b",
                "16",
                out.toString()));
    for (int c = 0; c < chords.length; c++) {
      if (c > 0) {
        cmd.add(":");
      }
      cmd.addAll(List.of("synth", "1.5"));
      for (int n : chords[c]) {
        cmd.addAll(List.of("sawtooth", hz(base + 12 + n)));
      }
      cmd.addAll(List.of("triangle", hz(base + chords[c][0])));
      cmd.addAll(List.of("remix", "-", "fade", "0.01", "1.5", "0.3", "gain", "-n", "-6"));
    }
    return cmd;
  }

  private static String hz(int midi) {
    return String.format(Locale.ROOT, "%.3f", 440 * Math.pow(2, (midi - 69) / 12.0));
  }

  @Test
  void soxCadences_atLeast22Of24Exact(@TempDir Path dir) throws Exception {
    assumeTrue(AudioFixtures.onPath("sox"), "sox not on PATH: skipping the sox cadence key test");
    TonalAnalyzer analyzer = new TonalAnalyzer();
    int exact = 0;
    StringBuilder misses = new StringBuilder();
    for (Mode mode : Mode.values()) {
      for (int pc = 0; pc < 12; pc++) {
        MusicalKey truth = new MusicalKey(pc, mode);
        Path wav = dir.resolve("cadence" + pc + mode + ".wav");
        Process p =
            new ProcessBuilder(soxCommand(truth, wav))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(p.waitFor()).as("sox exit code").isZero();
        WavFiles.Pcm pcm = WavFiles.read(wav);
        assertThat(pcm.sampleRateHz()).isEqualTo(22050);
        String got =
            analyzer
                .analyze(List.of(new AudioExcerpt(pcm.samples(), pcm.sampleRateHz(), 0)))
                .keyName();
        if (truth.name().equals(got)) {
          exact++;
        } else {
          misses.append(truth).append(" -> ").append(got).append("; ");
        }
      }
    }
    System.out.println("sox cadences: " + exact + "/24 exact; misses: " + misses);
    assertThat(exact).as(misses.toString()).isGreaterThanOrEqualTo(22);
  }
}
