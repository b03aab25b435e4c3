package dev.selection.core.internal.audio.lossy;

import dev.selection.api.spi.AudioDecoder;
import dev.selection.api.spi.contract.AudioDecoderContract;
import dev.selection.api.testing.AudioFixtures;
import java.nio.file.Path;

/** The decoder contract for our MP3 decoder, on files LAME encodes from the contract's PCM. */
class Mp3DecoderContractTest extends AudioDecoderContract {
  @Override
  protected AudioDecoder decoder() {
    return new Mp3Decoder();
  }

  @Override
  protected boolean lossless() {
    return false;
  }

  @Override
  protected Path writeSample(Path dir, short[] pcm, int rateHz, int channels) throws Exception {
    Mp3TestSupport.requireTool("lame");
    float[] x = new float[pcm.length];
    for (int i = 0; i < pcm.length; i++) {
      x[i] = pcm[i] / 32768f;
    }
    Path wav = dir.resolve("contract.wav");
    LossyTestAudio.writeWav16(wav, x, rateHz, channels);
    Path mp3 = dir.resolve("contract.mp3");
    AudioFixtures.run("lame", "--quiet", "-b", "128", wav.toString(), mp3.toString());
    return mp3;
  }
}
