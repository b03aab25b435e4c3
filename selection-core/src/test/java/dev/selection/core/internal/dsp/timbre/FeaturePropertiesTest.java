package dev.selection.core.internal.dsp.timbre;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.selection.api.spi.AudioExcerpt;
import dev.selection.core.internal.dsp.tonal.TonalAnalyzer;
import dev.selection.core.internal.dsp.tonal.TonalFeatures;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties of the tonal and timbre features on random signals (tones, noise, clipping, DC, random
 * lengths and gains): never NaN, bounded, gain-invariant timbre. QuickTheories with a fixed,
 * printed seed.
 */
class FeaturePropertiesTest {
  private static final long SEED = 20261124L;
  private static final int RATE = 22050;

  /** A random signal: a few tones with harmonics, noise, optional clipping, DC offset. */
  private static float[] signal(long seed, int samples, double gain) {
    Random rnd = new Random(seed);
    float[] x = new float[samples];
    int tones = rnd.nextInt(4);
    for (int t = 0; t < tones; t++) {
      double f0 = 40 + rnd.nextDouble() * 2000;
      int harmonics = 1 + rnd.nextInt(6);
      for (int h = 1; h <= harmonics && f0 * h < RATE / 2.0; h++) {
        double w = 2 * Math.PI * f0 * h / RATE;
        double a = rnd.nextDouble() / h;
        for (int i = 0; i < samples; i++) {
          x[i] += (float) (a * Math.sin(w * i));
        }
      }
    }
    double noise = rnd.nextDouble() < 0.5 ? rnd.nextDouble() * 0.5 : 0;
    double dc = rnd.nextDouble() < 0.3 ? rnd.nextDouble() - 0.5 : 0;
    boolean clip = rnd.nextBoolean();
    for (int i = 0; i < samples; i++) {
      double v = gain * (x[i] + noise * rnd.nextGaussian()) + dc;
      if (clip) {
        v = Math.max(-1, Math.min(0.99997, v * 4));
      }
      x[i] = (float) Math.max(-1, Math.min(0.99997, v));
    }
    return x;
  }

  @Test
  void features_areFiniteAndBounded_forRandomSignals() {
    System.out.println("FeaturePropertiesTest seed " + SEED);
    TonalAnalyzer tonal = new TonalAnalyzer();
    TimbreExtractor timbre = new TimbreExtractor();
    qt().withExamples(25)
        .withFixedSeed(SEED)
        .forAll(longs().all(), integers().between(1, 3 * RATE), doubles().between(0.0, 1.0))
        .checkAssert(
            (seed, samples, gain) -> {
              List<AudioExcerpt> ex =
                  List.of(new AudioExcerpt(signal(seed, samples, gain), RATE, 0));
              TonalFeatures t = tonal.analyze(ex);
              for (float[] h : new float[][] {t.hpcp12(), t.hpcp36()}) {
                if (h != null) {
                  for (float v : h) {
                    assertThat(v).isBetween(0f, 1f);
                  }
                }
              }
              if (t.key() != null) {
                assertThat(t.key().strength()).isBetween(0.0, 1.0);
                assertThat(t.tuningFrequencyHz()).isBetween(420.0, 460.0);
              }
              Optional<float[]> d = timbre.extract(ex);
              d.ifPresent(
                  v -> {
                    double norm = 0;
                    for (float x : v) {
                      assertThat(x).isFinite();
                      norm += x * x;
                    }
                    assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
                  });
            });
  }

  @Test
  void timbre_isGainInvariant_forRandomSignals() {
    System.out.println("FeaturePropertiesTest seed " + SEED);
    TimbreExtractor timbre = new TimbreExtractor();
    qt().withExamples(15)
        .withFixedSeed(SEED)
        .forAll(longs().all(), doubles().between(0.001, 0.5))
        .checkAssert(
            (seed, scale) -> {
              float[] x = signal(seed, RATE, 0.2);
              float[] y = x.clone();
              for (int i = 0; i < y.length; i++) {
                y[i] *= scale;
              }
              Optional<float[]> a = timbre.extract(List.of(new AudioExcerpt(x, RATE, 0)));
              Optional<float[]> b = timbre.extract(List.of(new AudioExcerpt(y, RATE, 0)));
              if (a.isPresent() && b.isPresent()) {
                assertThat(TimbreNormalization.similarity(a.get(), b.get())).isGreaterThan(0.999);
              }
            });
  }
}
