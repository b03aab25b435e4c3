package dev.selection.core.internal.dsp.tonal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Minimal reader of 16-bit PCM RIFF/WAVE files for the evaluation tools (mixes to mono). */
public final class WavFiles {
  private WavFiles() {}

  /** A decoded file. */
  public record Pcm(float[] samples, int sampleRateHz) {}

  /** Reads a 16-bit PCM WAV file as mono floats in [-1, 1). */
  public static Pcm read(Path path) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
    if (b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
      throw new IOException("Not a RIFF/WAVE file: " + path);
    }
    int pos = 12;
    int channels = 0;
    int rate = 0;
    int bits = 0;
    while (pos + 8 <= b.limit()) {
      int id = b.getInt(pos);
      int size = b.getInt(pos + 4);
      int body = pos + 8;
      if (id == 0x20746d66) { // "fmt "
        channels = b.getShort(body + 2);
        rate = b.getInt(body + 4);
        bits = b.getShort(body + 14);
      } else if (id == 0x61746164) { // "data"
        if (bits != 16 || channels < 1) {
          throw new IOException("Only 16-bit PCM is supported: " + path);
        }
        int n = Math.min(size, b.limit() - body) / (2 * channels);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
          double s = 0;
          for (int c = 0; c < channels; c++) {
            s += b.getShort(body + 2 * (i * channels + c));
          }
          out[i] = (float) (s / channels / 32768.0);
        }
        return new Pcm(out, rate);
      }
      pos = body + size + (size & 1);
    }
    throw new IOException("No data chunk: " + path);
  }
}
