package dev.selection.core.internal.dsp.tonal;

/**
 * Tonal features of a song. A component that could not be computed (silence, no tonal peaks, no
 * excerpts) is null, never NaN.
 *
 * @param hpcp36 mean 36-bin HPCP (bin 0 = A at the estimated tuning, 3 bins per semitone), maximum
 *     1, or null
 * @param hpcp12 mean 12-bin HPCP (bin 0 = A), maximum 1, or null
 * @param tuningFrequencyHz estimated frequency of A4 (about 427–456 Hz), or null
 * @param key estimated key, or null
 * @param frames number of analysed (non-silent) frames
 */
public record TonalFeatures(
    float[] hpcp36, float[] hpcp12, Double tuningFrequencyHz, KeyEstimate key, int frames) {
  /** Features of an input with nothing to analyse. */
  public static final TonalFeatures NONE = new TonalFeatures(null, null, null, null, 0);

  /** Validates and copies the arrays. */
  public TonalFeatures {
    hpcp36 = check(hpcp36, 36);
    hpcp12 = check(hpcp12, 12);
    if (tuningFrequencyHz != null && !(tuningFrequencyHz > 0 && tuningFrequencyHz < 1000)) {
      throw new IllegalArgumentException("Bad tuning frequency: " + tuningFrequencyHz);
    }
    if (frames < 0) {
      throw new IllegalArgumentException("frames < 0");
    }
  }

  /** Returns a copy of the 36-bin HPCP, or null. */
  @Override
  public float[] hpcp36() {
    return hpcp36 == null ? null : hpcp36.clone();
  }

  /** Returns a copy of the 12-bin HPCP, or null. */
  @Override
  public float[] hpcp12() {
    return hpcp12 == null ? null : hpcp12.clone();
  }

  /** Returns the key as {@code "A minor"} / {@code "C# major"}, or null. */
  public String keyName() {
    return key == null ? null : key.key().name();
  }

  /** Returns the key strength in [0, 1], or null. */
  public Double keyStrength() {
    return key == null ? null : key.strength();
  }

  private static float[] check(float[] v, int size) {
    if (v == null) {
      return null;
    }
    if (v.length != size) {
      throw new IllegalArgumentException("HPCP must have " + size + " bins: " + v.length);
    }
    for (float x : v) {
      if (!Float.isFinite(x)) {
        throw new IllegalArgumentException("HPCP is not finite");
      }
    }
    return v.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TonalFeatures t
        && java.util.Arrays.equals(hpcp36, t.hpcp36)
        && java.util.Arrays.equals(hpcp12, t.hpcp12)
        && java.util.Objects.equals(tuningFrequencyHz, t.tuningFrequencyHz)
        && java.util.Objects.equals(key, t.key)
        && frames == t.frames;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(
        java.util.Arrays.hashCode(hpcp36),
        java.util.Arrays.hashCode(hpcp12),
        tuningFrequencyHz,
        key,
        frames);
  }

  @Override
  public String toString() {
    return "TonalFeatures[key="
        + keyName()
        + ", tuningHz="
        + tuningFrequencyHz
        + ", frames="
        + frames
        + "]";
  }
}
