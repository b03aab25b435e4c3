package dev.selection.core.internal.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selection.api.CancellationToken;
import dev.selection.api.CanonicalPcm;
import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.AudioStream;
import dev.selection.api.testing.AudioFixtures;
import dev.selection.core.internal.pipeline.PcmSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecodeSessionTest {
  @TempDir Path dir;

  /** Records everything it is given. */
  static final class Recorder implements PcmSink {
    int rate;
    int channels;
    long hint;
    int blocks;
    boolean ended;
    final List<Float> samples = new ArrayList<>();

    @Override
    public void begin(int sampleRateHz, int channels, long framesHint) {
      this.rate = sampleRateHz;
      this.channels = channels;
      this.hint = framesHint;
    }

    @Override
    public void accept(float[] s, int offset, int frames) {
      blocks++;
      for (int i = 0; i < frames * channels; i++) {
        samples.add(s[offset + i]);
      }
    }

    @Override
    public void end() {
      ended = true;
    }
  }

  @Test
  void oneDecode_feedsEverySink_andTheMonoMix() throws Exception {
    short[] s = AudioFixtures.signal16(7, 10_000, 2);
    Path f = AudioFixtures.wav16(dir.resolve("a.wav"), 32000, 2, s);
    Recorder raw = new Recorder();
    Recorder mono = new Recorder();
    PcmHashSink hash = new PcmHashSink();
    long frames;
    try (AudioStream st = new WavDecoder().open(f)) {
      frames =
          DecodeSession.run(
              st, List.of(hash, raw, new MonoMixSink(List.of(mono))), CancellationToken.none());
    }
    assertThat(frames).isEqualTo(10_000);
    assertThat(raw.rate).isEqualTo(32000);
    assertThat(raw.channels).isEqualTo(2);
    assertThat(raw.hint).isEqualTo(10_000);
    assertThat(raw.blocks).isEqualTo(3); // 4096 + 4096 + 1808
    assertThat(raw.ended).isTrue();
    assertThat(raw.samples).hasSize(20_000);
    assertThat(mono.channels).isEqualTo(1);
    assertThat(mono.samples).hasSize(10_000);
    for (int i = 0; i < 10_000; i++) {
      assertThat(mono.samples.get(i)).isEqualTo((s[2 * i] / 32768f + s[2 * i + 1] / 32768f) / 2);
    }
    assertThat(hash.songId()).isEqualTo(SongIdTest.sha256(TestAudio.le16(s)));
    assertThat(hash.frames()).isEqualTo(10_000);
  }

  @Test
  void cancelledToken_stopsWithCancelled() throws Exception {
    Path f =
        AudioFixtures.wav16(dir.resolve("a.wav"), 8000, 1, AudioFixtures.signal16(8, 10_000, 1));
    CancellationToken token = new CancellationToken();
    token.cancel();
    Recorder r = new Recorder();
    try (AudioStream st = new WavDecoder().open(f)) {
      assertThatThrownBy(() -> DecodeSession.run(st, List.of(r), token))
          .isInstanceOfSatisfying(
              SelectionException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
    }
    assertThat(r.ended).isFalse();
  }

  @Test
  void canonical16_roundsHalfUpAndClamps() {
    assertThat(CanonicalPcm.toCanonical16(1f)).isEqualTo((short) 32767);
    assertThat(CanonicalPcm.toCanonical16(-1f)).isEqualTo((short) -32768);
    assertThat(CanonicalPcm.toCanonical16(2f)).isEqualTo((short) 32767);
    assertThat(CanonicalPcm.toCanonical16(0.5f / 32768)).isEqualTo((short) 1);
    assertThat(CanonicalPcm.toCanonical16(-0.5f / 32768)).isEqualTo((short) 0);
    assertThat(CanonicalPcm.toCanonical16(-1.5f / 32768)).isEqualTo((short) -1);
    assertThat(CanonicalPcm.toCanonical16(Float.NaN)).isEqualTo((short) 0);
    for (int v = -32768; v <= 32767; v++) {
      assertThat(CanonicalPcm.toCanonical16(v / 32768f)).isEqualTo((short) v);
    }
  }
}
