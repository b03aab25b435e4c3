package dev.selection.core.internal.dsp.tonal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selection.api.MusicalKey;
import dev.selection.api.MusicalKey.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The lenient parser (tag spellings, Camelot codes) and the two key distances the ranker uses. */
class MusicalKeyLenientTest {
  private static MusicalKey k(String s) {
    return MusicalKey.parseLenient(s).orElseThrow();
  }

  @ParameterizedTest
  @CsvSource({
    "A minor,9,true",
    "C# major,1,false",
    "Db maj,1,false",
    "F#m,6,true",
    "Am,9,true",
    "E,4,false",
    "Bb minor,10,true",
    "8A,9,true",
    "8B,0,false",
    "1B,11,false",
    "12A,1,true",
    "Cb major,11,false",
    "g min,7,true"
  })
  void parse_knownSpellings(String text, int pc, boolean minor) {
    assertThat(k(text)).isEqualTo(new MusicalKey(pc, minor ? Mode.MINOR : Mode.MAJOR));
  }

  @Test
  void parse_rubbish_isEmpty() {
    assertThat(MusicalKey.parseLenient("H dur")).isEmpty();
    assertThat(MusicalKey.parseLenient("")).isEmpty();
    assertThat(MusicalKey.parseLenient(null)).isEmpty();
    assertThat(MusicalKey.parseLenient("13A")).isEmpty();
  }

  @Test
  void camelotNumbers_matchTheWheel() {
    // The published Camelot wheel: 8B C, 9B G, 3B Db, 8A Am, 5A Cm, 1A Abm, 12B E.
    assertThat(k("C major").camelotNumber()).isEqualTo(8);
    assertThat(k("G major").camelotNumber()).isEqualTo(9);
    assertThat(k("Db major").camelotNumber()).isEqualTo(3);
    assertThat(k("A minor").camelotNumber()).isEqualTo(8);
    assertThat(k("C minor").camelotNumber()).isEqualTo(5);
    assertThat(k("Ab minor").camelotNumber()).isEqualTo(1);
    assertThat(k("E major").camelotNumber()).isEqualTo(12);
  }

  @Test
  void distances_handComputed() {
    assertThat(Keys.camelotDistance(k("C major"), k("A minor"))).isEqualTo(1); // relative
    assertThat(Keys.camelotDistance(k("C major"), k("G major"))).isEqualTo(1); // fifth
    assertThat(Keys.camelotDistance(k("C major"), k("F# major"))).isEqualTo(6); // tritone
    assertThat(Keys.camelotDistance(k("A minor"), k("E minor"))).isEqualTo(1);
    assertThat(Keys.camelotDistance(k("C major"), k("C minor"))).isEqualTo(4); // 8B vs 5A: 3 + 1
    assertThat(Keys.semitoneDistance(k("C major"), k("A minor")))
        .isEqualTo(4); // 3 semitones + mode
    assertThat(Keys.semitoneDistance(k("C major"), k("B major"))).isEqualTo(1);
    assertThat(Keys.semitoneDistance(k("C major"), k("C minor"))).isEqualTo(1);
    assertThat(Keys.semitoneDistance(k("C major"), k("F# major"))).isEqualTo(6);
  }
}
