package dev.selection.core.internal.dsp.tonal;

import dev.selection.api.spi.AudioExcerpt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Evaluation runner (not a test): reads {@code manifest.tsv} written by {@code
 * src/test/eval/tonal_eval.py keys} and prints {@code system \t set \t item \t truth \t estimate}
 * for every profile and analyser variant. Each file is analysed whole as one excerpt at 22050 Hz.
 * See {@code notes/tonal.md} for the command.
 */
public final class KeyEvalMain {
  private KeyEvalMain() {}

  /** Entry point: {@code KeyEvalMain manifest.tsv}. */
  public static void main(String[] args) throws Exception {
    List<String> lines = Files.readAllLines(Path.of(args[0]));
    for (boolean normalizeFrames : new boolean[] {true, false}) {
      for (int size : new int[] {36, 12}) {
        TonalAnalyzer analyzer = new TonalAnalyzer(new KeyEstimator(), size, normalizeFrames);
        for (String line : lines) {
          String[] c = line.split("\t");
          WavFiles.Pcm pcm = WavFiles.read(Path.of(c[1]));
          TonalFeatures f =
              analyzer.analyze(List.of(new AudioExcerpt(pcm.samples(), pcm.sampleRateHz(), 0)));
          float[] hpcp = size == 36 ? f.hpcp36() : f.hpcp12();
          for (KeyProfile profile : KeyProfile.values()) {
            for (boolean poly : new boolean[] {false, true}) {
              String est =
                  hpcp == null
                      ? "-"
                      : new KeyEstimator(profile, KeyEstimator.DEFAULT_PCP_THRESHOLD, poly)
                          .estimate(hpcp)
                          .map(k -> k.key().name())
                          .orElse("-");
              String system =
                  "selection "
                      + profile.name().toLowerCase()
                      + (poly ? "+poly" : "")
                      + " hpcp"
                      + size
                      + (normalizeFrames ? "" : " energy-avg");
              System.out.println(system + "\t" + c[4] + "\t" + c[0] + "\t" + c[3] + "\t" + est);
            }
          }
        }
      }
    }
  }
}
