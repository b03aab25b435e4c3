package dev.selection.core.internal.dsp.tempo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OnsetEnvelopeSinkTest {
  @Test
  void streaming_equalsOneShot_forAnyBlockSizes() {
    long seed = System.nanoTime();
    System.out.println("streaming seed=" + seed);
    SplittableRandom random = new SplittableRandom(seed);
    int rate = new int[] {8000, 11025, 22050, 44100, 48000}[random.nextInt(5)];
    float[] x = Synth.drums(rate, 90 + random.nextDouble() * 80, 12, 0.1, 0.02, seed, true);
    OnsetEnvelope whole = OnsetEnvelope.of(x, rate);
    OnsetEnvelopeSink sink = new OnsetEnvelopeSink();
    sink.begin(rate, 1, -1);
    for (int at = 0; at < x.length; ) {
      int n = Math.min(x.length - at, 1 + random.nextInt(5000));
      sink.accept(x, at, n);
      at += n;
    }
    sink.end();
    OnsetEnvelope streamed = sink.envelope();
    assertThat(streamed.flux()).as("seed %d rate %d", seed, rate).containsExactly(whole.flux());
    assertThat(streamed.bands()).containsExactly(whole.bands());
    assertThat(streamed.framesPerSecond()).isEqualTo(whole.framesPerSecond());
  }

  @Test
  void frameRate_isAbout43PerSecond_atEveryRate() {
    for (int rate : new int[] {8000, 11025, 16000, 22050, 32000, 44100, 48000, 96000}) {
      OnsetEnvelope e = OnsetEnvelope.of(new float[rate * 2], rate);
      assertThat(e.framesPerSecond()).as("rate %d", rate).isBetween(30.0, 63.0);
    }
  }

  @Test
  void memory_isCappedForAnyLength() {
    // A 60 s track into a 1000-frame sink: the first 1000 frames are kept, and it says so.
    OnsetEnvelopeSink sink = new OnsetEnvelopeSink(1000);
    float[] x = Synth.clicks(11025, 120, 60);
    sink.begin(11025, 1, x.length);
    sink.accept(x, 0, x.length);
    sink.end();
    assertThat(sink.envelope().frames()).isEqualTo(1000);
    assertThat(sink.envelope().truncated()).isTrue();
    // The default cap keeps 3.4 hours at 44.1 kHz in about 10 MB.
    long bytes = (long) OnsetEnvelopeSink.DEFAULT_MAX_FRAMES * OnsetEnvelopeSink.bytesPerFrame();
    assertThat(bytes).isLessThanOrEqualTo(11L << 20);
    double hours =
        OnsetEnvelopeSink.DEFAULT_MAX_FRAMES
            / OnsetEnvelope.of(new float[44100], 44100).framesPerSecond()
            / 3600;
    assertThat(hours).isGreaterThan(3.0);
  }

  @Test
  void threeHourMix_staysBounded_andAnalyses() {
    // 3 hours at 8 kHz of a 125 BPM click pattern, streamed in 4096-sample blocks.
    int rate = 8000;
    long total = 3L * 3600 * rate;
    OnsetEnvelopeSink sink = new OnsetEnvelopeSink();
    sink.begin(rate, 1, total);
    float[] bar = Synth.clicks(rate, 125, 60 / 125.0 * 16);
    float[] block = new float[4096];
    long done = 0;
    int phase = 0;
    while (done < total) {
      int n = (int) Math.min(block.length, total - done);
      for (int i = 0; i < n; i++) {
        block[i] = bar[phase];
        phase = (phase + 1) % bar.length;
      }
      sink.accept(block, 0, n);
      done += n;
    }
    sink.end();
    OnsetEnvelope e = sink.envelope();
    assertThat(e.frames()).isLessThanOrEqualTo(OnsetEnvelopeSink.DEFAULT_MAX_FRAMES);
    Rhythm r = new TempoEstimator().analyze(e);
    assertThat(r).isNotNull();
    assertThat(r.tempo().bpm()).isBetween(124.0, 126.0);
    assertThat(r.grid().beatCount()).isGreaterThan(10_000);
  }

  @Test
  void nonFiniteSamples_areIgnored() {
    float[] x = Synth.clicks(11025, 120, 10);
    for (int i = 0; i < x.length; i += 97) {
      x[i] = i % 2 == 0 ? Float.NaN : Float.POSITIVE_INFINITY;
    }
    for (float v : OnsetEnvelope.of(x, 11025).flux()) {
      assertThat(v).isFinite().isGreaterThanOrEqualTo(0f);
    }
  }

  @Test
  void misuse_isRefused() {
    OnsetEnvelopeSink sink = new OnsetEnvelopeSink();
    assertThatThrownBy(() -> sink.begin(44100, 2, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sink.begin(4000, 1, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(sink::envelope).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new OnsetEnvelopeSink(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
