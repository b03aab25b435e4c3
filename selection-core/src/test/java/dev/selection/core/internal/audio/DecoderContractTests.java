package dev.selection.core.internal.audio;

import dev.selection.api.spi.AudioDecoder;
import dev.selection.api.spi.contract.AudioDecoderContract;
import dev.selection.api.testing.AudioFixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;

/** Runs {@link AudioDecoderContract} for each decoder of this package. */
class DecoderContractTests {
  @Nested
  class Wav extends AudioDecoderContract {
    @Override
    protected AudioDecoder decoder() {
      return new WavDecoder();
    }

    @Override
    protected Path writeSample(Path dir, short[] pcm, int rateHz, int channels) throws Exception {
      return AudioFixtures.wav16(dir.resolve("s.wav"), rateHz, channels, pcm);
    }
  }

  @Nested
  class Aiff extends AudioDecoderContract {
    @Override
    protected AudioDecoder decoder() {
      return new AiffDecoder();
    }

    @Override
    protected Path writeSample(Path dir, short[] pcm, int rateHz, int channels) throws Exception {
      byte[] be = new byte[pcm.length * 2];
      for (int i = 0; i < pcm.length; i++) {
        be[2 * i] = (byte) (pcm[i] >> 8);
        be[2 * i + 1] = (byte) pcm[i];
      }
      return AiffDecoderTest.aiff(
          dir.resolve("s.aiff"), "AIFF", channels, pcm.length / channels, 16, null, be);
    }
  }

  @Nested
  class Flac extends AudioDecoderContract {
    @Override
    protected AudioDecoder decoder() {
      return new FlacDecoder();
    }

    @Override
    protected Path writeSample(Path dir, short[] pcm, int rateHz, int channels) throws Exception {
      AudioFixtures.assumeTool("flac");
      Path wav = AudioFixtures.wav16(dir.resolve("s.wav"), rateHz, channels, pcm);
      Path out = dir.resolve("s.flac");
      AudioFixtures.run("flac", "-s", "-f", "-o", out.toString(), wav.toString());
      return out;
    }
  }

  @Nested
  class Ffmpeg extends AudioDecoderContract {
    @Override
    protected AudioDecoder decoder() {
      return new FfmpegDecoder();
    }

    @Override
    protected boolean refusesForeignHeads() {
      return false;
    }

    @Override
    protected Path writeSample(Path dir, short[] pcm, int rateHz, int channels) throws Exception {
      AudioFixtures.assumeTool("ffmpeg");
      return AudioFixtures.wav16(dir.resolve("s.wav"), rateHz, channels, pcm);
    }
  }
}
