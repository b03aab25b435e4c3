package dev.selection.cli;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * The interim loader: 48 kHz PCM WAV (8/16/24/32-bit integer) only, channels averaged to mono,
 * through {@code javax.sound.sampled}. It cannot compute the SDK's songId ({@code songId} is null).
 * Thread-safe.
 */
final class WavMono48kLoader implements Mono48kLoader {
  /** Creates the loader. */
  public WavMono48kLoader() {}

  @Override
  public Loaded load(Path file) throws IOException {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
        AudioInputStream in = AudioSystem.getAudioInputStream(raw)) {
      AudioFormat f = in.getFormat();
      int bits = f.getSampleSizeInBits();
      if (f.getEncoding() != AudioFormat.Encoding.PCM_SIGNED
          && !(bits == 8 && f.getEncoding() == AudioFormat.Encoding.PCM_UNSIGNED)) {
        throw new SelectionException(
            ErrorCode.UNSUPPORTED_FORMAT,
            file
                + ": only integer PCM WAV is"
                + " supported until the SDK decoders are wired in ("
                + f.getEncoding()
                + ")");
      }
      if (Math.round(f.getSampleRate()) != 48_000) {
        throw new SelectionException(
            ErrorCode.UNSUPPORTED_FORMAT,
            file
                + ": "
                + f.getSampleRate()
                + " Hz; only 48 kHz WAV is supported until the resampler is wired in");
      }
      int channels = f.getChannels();
      int bytesPerSample = (bits + 7) / 8;
      byte[] data = in.readAllBytes();
      int frames = data.length / (bytesPerSample * channels);
      float[] out = new float[frames];
      boolean big = f.isBigEndian();
      double scale = 1.0 / (1L << (bits - 1));
      for (int i = 0; i < frames; i++) {
        double sum = 0;
        for (int c = 0; c < channels; c++) {
          int base = (i * channels + c) * bytesPerSample;
          long v = 0;
          for (int b = 0; b < bytesPerSample; b++) {
            int idx = big ? base + b : base + bytesPerSample - 1 - b;
            v = (v << 8) | (data[idx] & 0xFF);
          }
          if (f.getEncoding() == AudioFormat.Encoding.PCM_UNSIGNED) {
            v -= 1L << (bits - 1);
          } else {
            v = (v << (64 - bits)) >> (64 - bits);
          }
          sum += v * scale;
        }
        out[i] = (float) (sum / channels);
      }
      return new Loaded(out, null);
    } catch (UnsupportedAudioFileException e) {
      throw new SelectionException(
          ErrorCode.UNSUPPORTED_FORMAT,
          file + " is not a WAV file the interim" + " loader understands",
          e);
    }
  }
}
