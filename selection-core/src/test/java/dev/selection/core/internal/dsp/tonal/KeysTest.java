package dev.selection.core.internal.dsp.tonal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selection.api.MusicalKey;
import dev.selection.api.MusicalKey.Mode;
import org.junit.jupiter.api.Test;

class KeysTest {
  @Test
  void name_spellsWithSharps() {
    assertThat(new MusicalKey(9, Mode.MINOR).name()).isEqualTo("A minor");
    assertThat(new MusicalKey(1, Mode.MAJOR).name()).isEqualTo("C# major");
    assertThat(MusicalKey.parse("Bb minor").name()).isEqualTo("A# minor");
    assertThat(MusicalKey.parse("eb MAJ").name()).isEqualTo("D# major");
  }

  @Test
  void parse_roundTripsAll24Keys() {
    for (Mode mode : Mode.values()) {
      for (int pc = 0; pc < 12; pc++) {
        MusicalKey k = new MusicalKey(pc, mode);
        assertThat(MusicalKey.parse(k.name())).isEqualTo(k);
      }
    }
  }

  @Test
  void parse_rejectsGarbage() {
    assertThatThrownBy(() -> MusicalKey.parse("H minor"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MusicalKey.parse("C")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MusicalKey.parse("C dorian"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void camelot_matchesThePublishedWheel() {
    // Mixed In Key's Camelot wheel.
    String[][] wheel = {
      {"C major", "8B"}, {"A minor", "8A"}, {"G major", "9B"}, {"E minor", "9A"},
      {"D major", "10B"}, {"B minor", "10A"}, {"A major", "11B"}, {"F# minor", "11A"},
      {"E major", "12B"}, {"C# minor", "12A"}, {"B major", "1B"}, {"G# minor", "1A"},
      {"F# major", "2B"}, {"D# minor", "2A"}, {"C# major", "3B"}, {"A# minor", "3A"},
      {"G# major", "4B"}, {"F minor", "4A"}, {"D# major", "5B"}, {"C minor", "5A"},
      {"A# major", "6B"}, {"G minor", "6A"}, {"F major", "7B"}, {"D minor", "7A"}
    };
    for (String[] row : wheel) {
      assertThat(MusicalKey.parse(row[0]).camelot()).as(row[0]).isEqualTo(row[1]);
    }
  }

  @Test
  void openKey_matchesTheTraktorNotation() {
    assertThat(MusicalKey.parse("C major").openKey()).isEqualTo("1d");
    assertThat(MusicalKey.parse("A minor").openKey()).isEqualTo("1m");
    assertThat(MusicalKey.parse("G major").openKey()).isEqualTo("2d");
    assertThat(MusicalKey.parse("F major").openKey()).isEqualTo("12d");
    assertThat(MusicalKey.parse("D minor").openKey()).isEqualTo("12m");
  }

  @Test
  void camelotDistance_countsWheelStepsAndLetterChange() {
    assertThat(Keys.camelotDistance("A minor", "A minor")).isZero();
    assertThat(Keys.camelotDistance("A minor", "C major")).isEqualTo(1); // 8A-8B relative
    assertThat(Keys.camelotDistance("A minor", "E minor")).isEqualTo(1); // 8A-9A
    assertThat(Keys.camelotDistance("A minor", "D minor")).isEqualTo(1); // 8A-7A
    assertThat(Keys.camelotDistance("A minor", "G major")).isEqualTo(2); // 8A-9B
    assertThat(Keys.camelotDistance("C major", "F# major")).isEqualTo(6); // 8B-2B
    assertThat(Keys.camelotDistance("B major", "A# major")).isEqualTo(5); // 1B-6B
    assertThat(Keys.camelotDistance("C major", "D# minor")).isEqualTo(7); // 8B-2A
  }

  @Test
  void semitoneDistance_addsOneWhenModeDiffers() {
    assertThat(Keys.semitoneDistance("C major", "C major")).isZero();
    assertThat(Keys.semitoneDistance("C major", "C# major")).isEqualTo(1);
    assertThat(Keys.semitoneDistance("C major", "B major")).isEqualTo(1);
    assertThat(Keys.semitoneDistance("C major", "F# major")).isEqualTo(6);
    assertThat(Keys.semitoneDistance("C major", "C minor")).isEqualTo(1);
    assertThat(Keys.semitoneDistance("C major", "A minor")).isEqualTo(4);
  }

  @Test
  void distances_areSymmetricAndBounded() {
    for (int a = 0; a < 24; a++) {
      for (int b = 0; b < 24; b++) {
        MusicalKey ka = new MusicalKey(a % 12, a < 12 ? Mode.MAJOR : Mode.MINOR);
        MusicalKey kb = new MusicalKey(b % 12, b < 12 ? Mode.MAJOR : Mode.MINOR);
        assertThat(Keys.camelotDistance(ka, kb))
            .isEqualTo(Keys.camelotDistance(kb, ka))
            .isBetween(0, 7);
        assertThat(Keys.semitoneDistance(ka, kb))
            .isEqualTo(Keys.semitoneDistance(kb, ka))
            .isBetween(0, 7);
        assertThat(Keys.camelotDistance(ka, kb) == 0).isEqualTo(ka.equals(kb));
      }
    }
  }

  @Test
  void mirexScore_followsMirEvalRules() {
    MusicalKey cMajor = MusicalKey.parse("C major");
    assertThat(Keys.mirexScore(cMajor, cMajor)).isEqualTo(1.0);
    assertThat(Keys.mirexScore(MusicalKey.parse("G major"), cMajor)).isEqualTo(0.5);
    assertThat(Keys.mirexScore(MusicalKey.parse("A minor"), cMajor)).isEqualTo(0.3);
    assertThat(Keys.mirexScore(MusicalKey.parse("C minor"), cMajor)).isEqualTo(0.2);
    assertThat(Keys.mirexScore(MusicalKey.parse("D major"), cMajor)).isEqualTo(0.0);
    assertThat(Keys.mirexScore(MusicalKey.parse("C major"), MusicalKey.parse("A minor")))
        .isEqualTo(0.3);
  }
}
