package dev.selection.core.internal.dsp.timbre;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.AudioExcerpt;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimbreExtractorTest {
  private static final int RATE = TimbreExtractor.SAMPLE_RATE_HZ;

  /** A tone of {@code harmonics} partials with amplitudes k^-slope, seeded random phases. */
  private static float[] harmonicTone(double f0, double sec, double slope, long seed) {
    Random rnd = new Random(seed);
    float[] x = new float[(int) (sec * RATE)];
    for (int k = 1; f0 * k < RATE / 2.0 - 200; k++) {
      double amp = 0.2 * Math.pow(k, -slope);
      double phase = rnd.nextDouble() * 2 * Math.PI;
      double w = 2 * Math.PI * f0 * k / RATE;
      for (int i = 0; i < x.length; i++) {
        x[i] += (float) (amp * Math.sin(w * i + phase));
      }
    }
    return x;
  }

  private static float[] sine(double f, double sec) {
    float[] x = new float[(int) (sec * RATE)];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (0.3 * Math.sin(2 * Math.PI * f * i / RATE));
    }
    return x;
  }

  private static float[] square(double f, double sec) {
    float[] x = sine(f, sec);
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.signum(x[i]) * 0.3f;
    }
    return x;
  }

  /** White noise through a one-pole low-pass with coefficient {@code a} (0 = white). */
  private static float[] noise(double sec, double a, long seed) {
    Random rnd = new Random(seed);
    float[] x = new float[(int) (sec * RATE)];
    double y = 0;
    for (int i = 0; i < x.length; i++) {
      y = a * y + (1 - a) * rnd.nextGaussian();
      x[i] = (float) (0.2 * y);
    }
    return x;
  }

  private static float[] descriptor(float[]... excerpts) {
    List<AudioExcerpt> list = new ArrayList<>();
    for (float[] x : excerpts) {
      list.add(new AudioExcerpt(x, RATE, 0));
    }
    float[] d = new TimbreExtractor().extract(list).orElseThrow();
    assertValid(d);
    return d;
  }

  private static void assertValid(float[] d) {
    assertThat(d).hasSize(TimbreExtractor.DIMENSION);
    double norm = 0;
    for (float v : d) {
      assertThat(v).isFinite();
      norm += v * v;
    }
    assertThat(Math.sqrt(norm)).isCloseTo(1.0, offset(1e-4));
  }

  private static double sim(float[] a, float[] b) {
    return TimbreNormalization.similarity(a, b);
  }

  @Test
  void sameTimbreAtDifferentPitches_isMoreSimilarThanOtherTimbres() {
    float[] saw220 = descriptor(harmonicTone(220, 3, 1.0, 1));
    float[] saw330 = descriptor(harmonicTone(330, 3, 1.0, 2));
    float[] sine220 = descriptor(sine(220, 3));
    float[] white = descriptor(noise(3, 0, 3));
    float[] square220 = descriptor(square(220, 3));
    double same = sim(saw220, saw330);
    System.out.printf(
        "saw220~saw330 %.3f, ~sine %.3f, ~white %.3f, ~square %.3f%n",
        same, sim(saw220, sine220), sim(saw220, white), sim(saw220, square220));
    assertThat(same).isGreaterThan(sim(saw220, sine220));
    assertThat(same).isGreaterThan(sim(saw220, white));
    assertThat(same).isGreaterThan(sim(saw220, square220));
  }

  @Test
  void sameFilteredNoise_isMoreSimilarThanToneOrWhiteNoise() {
    float[] darkA = descriptor(noise(3, 0.95, 11));
    float[] darkB = descriptor(noise(3, 0.95, 12));
    float[] white = descriptor(noise(3, 0.0, 13));
    float[] tone = descriptor(harmonicTone(440, 3, 1.0, 14));
    System.out.printf(
        "dark~dark %.3f, ~white %.3f, ~tone %.3f%n",
        sim(darkA, darkB), sim(darkA, white), sim(darkA, tone));
    assertThat(sim(darkA, darkB)).isGreaterThan(0.95);
    assertThat(sim(darkA, darkB)).isGreaterThan(sim(darkA, white));
    assertThat(sim(darkA, darkB)).isGreaterThan(sim(darkA, tone));
  }

  @Test
  void gain_doesNotChangeTheDescriptor() {
    float[] x = harmonicTone(196, 2, 1.5, 5);
    float[] quiet = x.clone();
    for (int i = 0; i < quiet.length; i++) {
      quiet[i] *= 0.01f;
    }
    assertThat(sim(descriptor(x), descriptor(quiet))).isGreaterThan(0.9999);
  }

  @Test
  void emptyListAndSilence_giveNothing() {
    TimbreExtractor e = new TimbreExtractor();
    assertThat(e.extract(List.of())).isEmpty();
    assertThat(
            e.extract(
                List.of(
                    new AudioExcerpt(new float[RATE], RATE, 0),
                    new AudioExcerpt(new float[0], RATE, 1))))
        .isEmpty();
    float[] dc = new float[RATE];
    java.util.Arrays.fill(dc, 0.3f);
    assertThat(e.extract(List.of(new AudioExcerpt(dc, RATE, 0)))).isEmpty();
  }

  @Test
  void dcOffset_doesNotChangeTheDescriptor() {
    float[] x = harmonicTone(300, 2, 1.0, 8);
    float[] shifted = x.clone();
    for (int i = 0; i < shifted.length; i++) {
      shifted[i] += 0.25f;
    }
    assertThat(sim(descriptor(x), descriptor(shifted))).isGreaterThan(0.999);
  }

  @Test
  void badButDecodableInputs_giveFiniteUnitVectors() {
    float[] clipped = square(55, 2);
    for (int i = 0; i < clipped.length; i++) {
      clipped[i] *= 3.3f; // full-scale clipped square
      clipped[i] = Math.max(-1f, Math.min(0.99997f, clipped[i]));
    }
    descriptor(clipped);
    descriptor(sine(1000, 0.5)); // short excerpt
    descriptor(new float[] {0.5f, -0.5f, 0.5f}); // shorter than a frame
    descriptor(new float[RATE], sine(440, 1)); // silent and tonal excerpts mixed
    float[] clicks = new float[RATE];
    clicks[100] = 0.9f; // a single click in silence
    descriptor(clicks);
  }

  @Test
  void nonFiniteSample_isCorruptAudio() {
    float[] x = sine(440, 1);
    x[10] = Float.POSITIVE_INFINITY;
    assertThatThrownBy(() -> new TimbreExtractor().extract(List.of(new AudioExcerpt(x, RATE, 0))))
        .isInstanceOfSatisfying(
            SelectionException.class,
            ex -> assertThat(ex.code()).isEqualTo(ErrorCode.CORRUPT_AUDIO));
  }

  @Test
  void otherSampleRate_isRejected() {
    assertThatThrownBy(
            () ->
                new TimbreExtractor()
                    .extract(List.of(new AudioExcerpt(new float[44100], 44100, 0))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rawFeatures_reflectSpectralShape() {
    TimbreExtractor e = new TimbreExtractor();
    double[] low = e.rawFeatures(List.of(new AudioExcerpt(sine(500, 1), RATE, 0))).orElseThrow();
    double[] high = e.rawFeatures(List.of(new AudioExcerpt(sine(4000, 1), RATE, 0))).orElseThrow();
    double[] white =
        e.rawFeatures(List.of(new AudioExcerpt(noise(1, 0, 1), RATE, 0))).orElseThrow();
    int centroid = TimbreExtractor.MFCCS + TimbreExtractor.CONTRAST_BANDS;
    assertThat(low[centroid]).isCloseTo(500, offset(60.0));
    assertThat(high[centroid]).isCloseTo(4000, offset(200.0));
    assertThat(white[centroid]).isCloseTo(RATE / 4.0, offset(400.0));
    assertThat(white[centroid + 2]).isGreaterThan(0.3); // flatness of white noise (power) is high
    assertThat(low[centroid + 2]).isLessThan(0.01); // and of a sine tiny
    // ZCR of a 500 Hz sine: 1000 crossings per second.
    assertThat(low[centroid + 4]).isCloseTo(1000.0 / RATE, offset(0.003));
    // contrast band 3 (800-1600 Hz): a sine at 500 Hz leaks little there, noise is flat-ish
    assertThat(low[TimbreExtractor.MFCCS + 2]).isGreaterThan(white[TimbreExtractor.MFCCS + 2]);
  }

  @Test
  void melFilterBank_matchesSlaneyDefinition() {
    assertThat(MelFilterBank.hzToMel(1000)).isCloseTo(15.0, offset(1e-9));
    assertThat(MelFilterBank.hzToMel(500)).isCloseTo(7.5, offset(1e-9));
    assertThat(MelFilterBank.melToHz(MelFilterBank.hzToMel(6000))).isCloseTo(6000, offset(1e-6));
    MelFilterBank bank = new MelFilterBank(RATE, 2048, 40);
    double binHz = RATE / 2048.0;
    for (int m = 5; m < 40; m++) { // bands wide enough for the area to be sampled well
      double area = 0;
      for (int k = 0; k <= 1024; k++) {
        area += bank.weight(m, k) * binHz;
      }
      assertThat(area).as("band " + m).isCloseTo(1.0, offset(0.05));
    }
  }

  @Test
  void dct_isOrthonormal() {
    double[][] full = TimbreExtractor.dctOrtho(40, 40);
    for (int a = 0; a < 40; a++) {
      for (int b = 0; b < 40; b++) {
        double dot = 0;
        for (int n = 0; n < 40; n++) {
          dot += full[a][n] * full[b][n];
        }
        assertThat(dot).isCloseTo(a == b ? 1.0 : 0.0, offset(1e-9));
      }
    }
  }
}
