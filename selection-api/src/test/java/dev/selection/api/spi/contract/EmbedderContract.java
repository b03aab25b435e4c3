package dev.selection.api.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selection.api.CancellationToken;
import dev.selection.api.Embedding;
import dev.selection.api.EmbeddingBudget;
import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.AudioExcerpt;
import dev.selection.api.spi.Embedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every available {@link Embedder} must have (extend it and implement {@link
 * #create()}): stable names and versions, deterministic finite vectors of the declared dimension,
 * tags that match their names, clear errors for silence and cancellation, and an idempotent close
 * after which embedding is refused.
 */
public abstract class EmbedderContract {
  private final List<Embedder> created = new ArrayList<>();

  /** Returns a new, available embedder; each call a fresh instance. */
  protected abstract Embedder create();

  /** Returns an embedder that is closed after the test. */
  protected final Embedder embedder() {
    Embedder e = create();
    created.add(e);
    return e;
  }

  /** Seconds of audio in the excerpts the tests embed; long enough for one window of any model. */
  protected double excerptSeconds() {
    return 12;
  }

  @AfterEach
  void closeCreated() {
    created.forEach(Embedder::close);
    created.clear();
  }

  /** Excerpts of the embedder's {@link #excerptSeconds()} of music-like noise at its rate. */
  protected final List<AudioExcerpt> music(Embedder e, long seed) {
    int rate = e.sampleRateHz();
    int n = (int) Math.round(excerptSeconds() * rate);
    float[] x = new float[n];
    Random r = new Random(seed);
    double f = 110 + r.nextInt(400);
    for (int i = 0; i < n; i++) {
      double t = (double) i / rate;
      double beat = (t * 2) % 1.0 < 0.05 ? 0.5 : 0;
      x[i] =
          (float)
              (0.3 * Math.sin(2 * Math.PI * f * t)
                  + 0.1 * Math.sin(2 * Math.PI * 2.01 * f * t)
                  + beat * (r.nextDouble() - 0.5)
                  + 0.02 * r.nextGaussian());
    }
    return List.of(new AudioExcerpt(x, rate, 0));
  }

  @Test
  void describesItself() {
    Embedder e = embedder();
    assertThat(e.isAvailable()).isTrue();
    assertThat(e.name()).isNotBlank();
    assertThat(e.kind()).isNotBlank();
    assertThat(e.dimension()).isPositive();
    assertThat(e.sampleRateHz()).isPositive();
    assertThat(e.version(EmbeddingBudget.DEFAULT)).isNotBlank();
    assertThat(e.version(EmbeddingBudget.DEFAULT)).isEqualTo(e.version(EmbeddingBudget.DEFAULT));
    assertThat(e.tagNames()).doesNotContainNull();
  }

  @Test
  void embed_givesAFiniteDeterministicVectorOfTheDeclaredDimension() {
    Embedder e = embedder();
    List<AudioExcerpt> x = music(e, 1);
    Embedding a = e.embed(x, EmbeddingBudget.DEFAULT, CancellationToken.none());
    Embedding b = e.embed(x, EmbeddingBudget.DEFAULT, CancellationToken.none());
    assertThat(a.dimension()).isEqualTo(e.dimension());
    assertThat(a.windows()).isPositive();
    assertThat(a.modelVersion()).isEqualTo(e.version(EmbeddingBudget.DEFAULT));
    assertThat(a.vector()).containsExactly(b.vector());
    double norm = 0;
    for (float v : a.vector()) {
      norm += v * v;
    }
    assertThat(norm).as("not all zero").isPositive();
    if (e.tagNames().isEmpty()) {
      assertThat(a.tags()).isNull();
    } else {
      assertThat(a.tags()).hasSize(e.tagNames().size());
      for (float p : a.tags()) {
        assertThat(p).isBetween(0f, 1f);
      }
    }
  }

  @Test
  void differentAudio_givesDifferentVectors() {
    Embedder e = embedder();
    float[] a = e.embed(music(e, 2), EmbeddingBudget.DEFAULT, CancellationToken.none()).vector();
    float[] b = e.embed(music(e, 3), EmbeddingBudget.DEFAULT, CancellationToken.none()).vector();
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void silenceOrNoAudio_isCorruptAudio() {
    Embedder e = embedder();
    int n = (int) Math.round(excerptSeconds() * e.sampleRateHz());
    List<AudioExcerpt> silence = List.of(new AudioExcerpt(new float[n], e.sampleRateHz(), 0));
    assertCode(ErrorCode.CORRUPT_AUDIO, () -> e.embed(silence, EmbeddingBudget.DEFAULT, none()));
    assertCode(ErrorCode.CORRUPT_AUDIO, () -> e.embed(List.of(), EmbeddingBudget.DEFAULT, none()));
  }

  @Test
  void cancelledToken_isCancelled() {
    Embedder e = embedder();
    CancellationToken cancelled = new CancellationToken();
    cancelled.cancel();
    assertCode(ErrorCode.CANCELLED, () -> e.embed(music(e, 4), EmbeddingBudget.DEFAULT, cancelled));
  }

  @Test
  void close_isIdempotent_andEmbedIsThenRefused() {
    Embedder e = create();
    List<AudioExcerpt> x = music(e, 5);
    e.close();
    e.close();
    assertThatThrownBy(() -> e.embed(x, EmbeddingBudget.DEFAULT, none()))
        .isInstanceOf(IllegalStateException.class);
  }

  private static CancellationToken none() {
    return CancellationToken.none();
  }

  private static void assertCode(ErrorCode code, Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            SelectionException.class, ex -> assertThat(ex.code()).isEqualTo(code));
  }
}
