package dev.selection.core.internal.dsp.tonal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.selection.api.ErrorCode;
import dev.selection.api.MusicalKey;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.AudioExcerpt;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TonalAnalyzerTest {
  private static final int RATE = TonalAnalyzer.SAMPLE_RATE_HZ;

  private static float[] tone(double hz, double sec, double amp) {
    float[] x = new float[(int) (sec * RATE)];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (amp * Math.sin(2 * Math.PI * hz * i / RATE));
    }
    return x;
  }

  private static TonalFeatures analyze(float[]... excerpts) {
    List<AudioExcerpt> list = new java.util.ArrayList<>();
    for (float[] x : excerpts) {
      list.add(new AudioExcerpt(x, RATE, 0));
    }
    return new TonalAnalyzer().analyze(list);
  }

  private static void assertFinite(TonalFeatures f) {
    for (float[] h : new float[][] {f.hpcp12(), f.hpcp36()}) {
      if (h != null) {
        for (float v : h) {
          assertThat(v).isFinite().isBetween(0f, 1f);
        }
      }
    }
    if (f.key() != null) {
      assertThat(f.key().strength()).isBetween(0.0, 1.0);
    }
  }

  @Test
  void sineA440_peaksOnBinZero() {
    TonalFeatures f = analyze(tone(440, 3, 0.5));
    float[] h12 = f.hpcp12();
    assertThat(h12[0]).isEqualTo(1f);
    for (int i = 1; i < 12; i++) {
      assertThat(h12[i]).as("bin " + i).isLessThan(0.5f);
    }
    assertThat(f.hpcp36()[0]).isEqualTo(1f);
    assertThat(f.tuningFrequencyHz()).isCloseTo(440.0, offset(1.0));
  }

  @Test
  void sineC_peaksOnBinThree() {
    float[] h12 = analyze(tone(261.63, 3, 0.5)).hpcp12();
    int argmax = 0;
    for (int i = 1; i < 12; i++) {
      argmax = h12[i] > h12[argmax] ? i : argmax;
    }
    assertThat(argmax).isEqualTo(3); // bin 0 = A, 3 = C
  }

  @Test
  void detunedSine_isFollowedByTheTuningEstimate() {
    double hz = 440 * Math.pow(2, 30 / 1200.0); // +30 cents
    TonalFeatures f = analyze(tone(hz, 3, 0.5), tone(hz * 1.5, 3, 0.3));
    assertThat(f.tuningFrequencyHz()).isCloseTo(hz, offset(1.5));
    assertThat(f.hpcp36()[0]).isEqualTo(1f); // centred on A despite the detuning
  }

  @Test
  void detunedCadences_keepTheirNearestKey() {
    for (double cents : new double[] {-45, -30, 30, 45}) {
      MusicalKey truth = MusicalKey.parse("F major");
      TonalFeatures f = analyze(Cadences.cadence(truth, RATE, 1.5, 3, cents));
      assertThat(f.keyName()).as(cents + " cents").isEqualTo("F major");
      assertThat(f.tuningFrequencyHz()).isCloseTo(440 * Math.pow(2, cents / 1200), offset(2.0));
    }
  }

  @Test
  void transposedCadence_keepsModeAndMovesTonic() {
    TonalFeatures c = analyze(Cadences.cadence(MusicalKey.parse("C major"), RATE, 1.5, 1));
    TonalFeatures d = analyze(Cadences.cadence(MusicalKey.parse("D major"), RATE, 1.5, 1));
    assertThat(c.keyName()).isEqualTo("C major");
    assertThat(d.keyName()).isEqualTo("D major");
    assertThat(c.key().key().camelot()).isEqualTo("8B");
    // The 12-bin HPCP of D is that of C rotated by two semitones (up to synthesis differences).
    float[] hc = c.hpcp12();
    float[] hd = d.hpcp12();
    for (int i = 0; i < 12; i++) {
      assertThat(hd[(i + 2) % 12]).isCloseTo(hc[i], offset(0.2f));
    }
  }

  @Test
  void gain_doesNotChangeTheHpcp() {
    float[] x = Cadences.cadence(MusicalKey.parse("F minor"), RATE, 1.0, 5);
    float[] quiet = x.clone();
    for (int i = 0; i < quiet.length; i++) {
      quiet[i] *= 0.05f;
    }
    TonalFeatures a = analyze(x);
    TonalFeatures b = analyze(quiet);
    assertThat(b.keyName()).isEqualTo(a.keyName()).isEqualTo("F minor");
    for (int i = 0; i < 36; i++) {
      assertThat(b.hpcp36()[i]).isCloseTo(a.hpcp36()[i], offset(0.02f));
    }
  }

  @Test
  void emptyList_givesNoFeatures() {
    assertThat(new TonalAnalyzer().analyze(List.of())).isEqualTo(TonalFeatures.NONE);
  }

  @Test
  void silence_givesNoFeatures() {
    TonalFeatures f = analyze(new float[RATE * 3], new float[0]);
    assertThat(f.hpcp12()).isNull();
    assertThat(f.hpcp36()).isNull();
    assertThat(f.key()).isNull();
    assertThat(f.tuningFrequencyHz()).isNull();
  }

  @Test
  void dcOffset_aloneIsSilence_andDoesNotMoveTheKey() {
    float[] dc = new float[RATE * 2];
    java.util.Arrays.fill(dc, 0.5f);
    assertThat(analyze(dc).key()).isNull();
    float[] x = Cadences.cadence(MusicalKey.parse("E major"), RATE, 1.0, 9);
    for (int i = 0; i < x.length; i++) {
      x[i] += 0.4f;
    }
    assertThat(analyze(x).keyName()).isEqualTo("E major");
  }

  @Test
  void clippedSquare_isFinite() {
    float[] x = new float[RATE * 2];
    for (int i = 0; i < x.length; i++) {
      double s = Math.sin(2 * Math.PI * 110 * i / RATE);
      x[i] = (float) Math.max(-0.99, Math.min(0.99, 5 * Math.signum(s)));
    }
    TonalFeatures f = analyze(x);
    assertFinite(f);
    assertThat(f.hpcp12()).isNotNull();
    assertThat(f.hpcp12()[0]).isEqualTo(1f); // 110 Hz is an A
  }

  @Test
  void shortExcerpts_stillGiveFiniteFeatures() {
    TonalFeatures f = analyze(tone(440, 0.5, 0.3), tone(330, 0.1, 0.3), new float[] {0.1f, -0.1f});
    assertFinite(f);
    assertThat(f.hpcp12()).isNotNull();
    assertThat(f.frames()).isGreaterThan(0);
  }

  @Test
  void whiteNoise_isFiniteWithAnyKey() {
    Random rnd = new Random(7);
    float[] x = new float[RATE * 3];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (0.2 * rnd.nextGaussian());
    }
    assertFinite(analyze(x));
  }

  @Test
  void nonFiniteSample_isCorruptAudio() {
    float[] x = tone(440, 1, 0.3);
    x[100] = Float.NaN;
    assertThatThrownBy(() -> analyze(x))
        .isInstanceOfSatisfying(
            SelectionException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_AUDIO));
  }

  @Test
  void otherSampleRates_work() {
    int rate = 44100;
    float[] x = new float[rate * 2];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / rate));
    }
    assertThat(TonalAnalyzer.frameSamples(44100)).isEqualTo(8192);
    assertThat(TonalAnalyzer.frameSamples(22050)).isEqualTo(4096);
    TonalFeatures f = new TonalAnalyzer().analyze(List.of(new AudioExcerpt(x, rate, 0)));
    assertThat(f.hpcp12()[0]).isEqualTo(1f);
    assertThatThrownBy(
            () ->
                new TonalAnalyzer()
                    .analyze(List.of(new AudioExcerpt(x, rate, 0), new AudioExcerpt(x, 22050, 0))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
