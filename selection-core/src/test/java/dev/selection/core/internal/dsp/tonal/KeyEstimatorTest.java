package dev.selection.core.internal.dsp.tonal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.selection.api.MusicalKey;
import dev.selection.api.MusicalKey.Mode;
import org.junit.jupiter.api.Test;

class KeyEstimatorTest {
  /** The profile of {@code key} laid on an HPCP whose bin 0 is A, {@code n} bins per semitone. */
  private static float[] profileHpcp(KeyProfile profile, MusicalKey key, int n) {
    double[] w = profile.weights(key.mode());
    float[] pcp = new float[12 * n];
    int tonicFromA = Math.floorMod(key.tonicPitchClass() - 9, 12);
    for (int i = 0; i < 12; i++) {
      pcp[((tonicFromA + i) % 12) * n] = (float) w[i];
    }
    return pcp;
  }

  @Test
  void exactProfile_givesItsKeyWithCorrelationOne_forAll24KeysAndProfiles() {
    for (KeyProfile profile : KeyProfile.values()) {
      KeyEstimator estimator = new KeyEstimator(profile, 0.0, false);
      for (int k = 0; k < 24; k++) {
        MusicalKey key = new MusicalKey(k % 12, k < 12 ? Mode.MAJOR : Mode.MINOR);
        KeyEstimate e = estimator.estimate(profileHpcp(profile, key, 1)).orElseThrow();
        assertThat(e.key()).as(profile + " " + key).isEqualTo(key);
        assertThat(e.correlation()).isCloseTo(1.0, offset(1e-6)); // float input
        assertThat(e.strength()).isCloseTo(1.0, offset(1e-6));
        assertThat(e.profile()).isEqualTo(profile);
      }
    }
  }

  @Test
  void thirtySixBins_giveTheSameKeys() {
    KeyEstimator estimator = new KeyEstimator();
    for (int k = 0; k < 24; k++) {
      MusicalKey key = new MusicalKey(k % 12, k < 12 ? Mode.MAJOR : Mode.MINOR);
      float[] pcp = profileHpcp(KeyProfile.EDMA, key, 3);
      for (int i = 0; i < 12; i++) { // fill the bins between semitones as a real HPCP would
        pcp[3 * i + 1] = 0.5f * pcp[3 * i];
        pcp[(3 * i + 35) % 36] = 0.5f * pcp[3 * i];
      }
      assertThat(estimator.estimate(pcp).orElseThrow().key()).isEqualTo(key);
    }
  }

  @Test
  void flatZeroOrNonFiniteProfiles_giveNoKey() {
    KeyEstimator estimator = new KeyEstimator();
    float[] flat = new float[12];
    java.util.Arrays.fill(flat, 0.7f);
    assertThat(estimator.estimate(flat)).isEmpty();
    assertThat(estimator.estimate(new float[36])).isEmpty();
    float[] nan = profileHpcp(KeyProfile.EDMA, MusicalKey.parse("C major"), 1);
    nan[4] = Float.NaN;
    assertThat(estimator.estimate(nan)).isEmpty();
    float[] negative = profileHpcp(KeyProfile.EDMA, MusicalKey.parse("C major"), 1);
    negative[4] = -1f;
    assertThat(estimator.estimate(negative)).isEmpty();
  }

  @Test
  void badSizes_areRejected() {
    assertThatThrownBy(() -> new KeyEstimator().estimate(new float[13]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KeyEstimator().estimate(new float[6]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KeyEstimator(KeyProfile.EDMA, 1.0, false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void resize_interpolatesLinearlyBetweenSemitones() {
    double[] p = KeyEstimator.resize(KeyProfile.TEMPERLEY.major(), 36);
    assertThat(p[0]).isEqualTo(5.0);
    assertThat(p[3]).isEqualTo(2.0);
    assertThat(p[1]).isCloseTo(5.0 - (5.0 - 2.0) / 3, offset(1e-12));
    assertThat(p[35]).isCloseTo(4.0 - 2 * (4.0 - 5.0) / 3, offset(1e-12));
  }
}
