package dev.selection.core.internal.dsp.tonal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selection.api.MusicalKey;
import dev.selection.api.MusicalKey.Mode;
import dev.selection.api.spi.AudioExcerpt;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Accuracy regression guard on synthetic cadences in all 24 keys (truth by construction). */
class KeyAccuracyTest {
  private static final int RATE = TonalAnalyzer.SAMPLE_RATE_HZ;

  private static final float[][] AUDIO = new float[24][];

  private static synchronized float[] audio(MusicalKey truth) {
    int i = truth.tonicPitchClass() + 12 * truth.mode().ordinal();
    if (AUDIO[i] == null) {
      AUDIO[i] = Cadences.cadence(truth, RATE, 1.5, 1000 + i);
    }
    return AUDIO[i];
  }

  private static int exactOf24(TonalAnalyzer analyzer, StringBuilder log) {
    int exact = 0;
    for (Mode mode : Mode.values()) {
      for (int pc = 0; pc < 12; pc++) {
        MusicalKey truth = new MusicalKey(pc, mode);
        TonalFeatures f = analyzer.analyze(List.of(new AudioExcerpt(audio(truth), RATE, 0)));
        String got = f.keyName();
        if (truth.name().equals(got)) {
          exact++;
        } else {
          log.append(truth.name()).append(" -> ").append(got).append("; ");
        }
      }
    }
    return exact;
  }

  @Test
  void defaultAnalyzer_findsAtLeast22Of24CadenceKeys() {
    StringBuilder log = new StringBuilder();
    int exact = exactOf24(new TonalAnalyzer(), log);
    System.out.println("default: " + exact + "/24 exact; misses: " + log);
    assertThat(exact).as(log.toString()).isGreaterThanOrEqualTo(22);
  }

  @Test
  void everyProfile_findsAtLeast22Of24CadenceKeys() {
    // The HPCP does not depend on the profile: analyse once, estimate with every profile.
    TonalAnalyzer analyzer = new TonalAnalyzer();
    float[][] hpcps = new float[24][];
    for (int i = 0; i < 24; i++) {
      MusicalKey truth = new MusicalKey(i % 12, i < 12 ? Mode.MAJOR : Mode.MINOR);
      hpcps[i] = analyzer.analyze(List.of(new AudioExcerpt(audio(truth), RATE, 0))).hpcp12();
    }
    for (KeyProfile profile : KeyProfile.values()) {
      KeyEstimator estimator = new KeyEstimator(profile, KeyEstimator.DEFAULT_PCP_THRESHOLD, false);
      int exact = 0;
      StringBuilder log = new StringBuilder();
      for (int i = 0; i < 24; i++) {
        MusicalKey truth = new MusicalKey(i % 12, i < 12 ? Mode.MAJOR : Mode.MINOR);
        MusicalKey got = estimator.estimate(hpcps[i]).orElseThrow().key();
        if (got.equals(truth)) {
          exact++;
        } else {
          log.append(truth).append(" -> ").append(got).append("; ");
        }
      }
      System.out.println(profile + ": " + exact + "/24 exact; misses: " + log);
      assertThat(exact).as(profile + " " + log).isGreaterThanOrEqualTo(22);
    }
  }
}
