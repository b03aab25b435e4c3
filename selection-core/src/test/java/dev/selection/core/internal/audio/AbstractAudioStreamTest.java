package dev.selection.core.internal.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selection.api.SongMetadata;
import dev.selection.api.spi.AudioInfo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The checks, the end of the stream and the close that the five decoders' streams share. */
class AbstractAudioStreamTest {
  private static final Path FILE = Path.of("song.wav");

  /** Serves {@code blocks} reads of one frame, then the end; counts what reaches it. */
  private static final class Counting extends AbstractAudioStream {
    int blocks;
    int calls;
    int releases;
    RuntimeException atEnd;

    Counting(int blocks) {
      super(FILE);
      this.blocks = blocks;
    }

    @Override
    protected int readFrames(float[] buffer, int offset, int frames) {
      calls++;
      if (blocks == 0) {
        if (atEnd != null) {
          markEnded();
          throw atEnd;
        }
        return -1;
      }
      blocks--;
      buffer[offset] = 0.5f;
      return 1;
    }

    @Override
    protected void release() {
      releases++;
    }

    @Override
    public AudioInfo info() {
      return new AudioInfo("wav", 8000, 1, 16, 1, 128, "test");
    }

    @Override
    public SongMetadata metadata() {
      return SongMetadata.EMPTY;
    }
  }

  @Test
  void read_deliversFrames_thenTheEnd_withoutAskingTheSourceAgain() {
    Counting s = new Counting(2);
    float[] buf = new float[4];
    assertThat(s.read(buf, 1, 4)).isEqualTo(1);
    assertThat(buf[1]).isEqualTo(0.5f);
    assertThat(s.read(buf, 0, 4)).isEqualTo(1);
    assertThat(s.read(buf, 0, 4)).isEqualTo(-1);
    assertThat(s.read(buf, 0, 4)).isEqualTo(-1);
    assertThat(s.calls).isEqualTo(3);
  }

  @Test
  void markEnded_beforeAFailingEndCheck_makesLaterReadsReturnTheEnd() {
    Counting s = new Counting(0);
    s.atEnd = new IllegalStateException("truncated");
    assertThatThrownBy(() -> s.read(new float[1], 0, 1)).hasMessage("truncated");
    assertThat(s.read(new float[1], 0, 1)).isEqualTo(-1);
    assertThat(s.calls).isEqualTo(1);
  }

  @Test
  void read_refusesNoFrames() {
    Counting s = new Counting(1);
    assertThatThrownBy(() -> s.read(new float[1], 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.read(new float[1], 0, -3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(s.calls).isZero();
  }

  @Test
  void close_releasesOnce_andReadAfterwardsNamesTheFile() {
    Counting s = new Counting(1);
    s.close();
    s.close();
    assertThat(s.releases).isEqualTo(1);
    assertThatThrownBy(() -> s.read(new float[1], 0, 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("song.wav");
    assertThat(s.calls).isZero();
  }
}
