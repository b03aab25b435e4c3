package dev.selection.core.internal.audio.lossy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test helpers: synthetic signals, minimal WAV I/O, and running the reference command-line tools.
 */
public final class LossyTestAudio {
  private LossyTestAudio() {}

  /**
   * A music-like test signal: a few harmonic tones with vibrato and an amplitude envelope plus a
   * little seeded noise, interleaved, peak about 0.6.
   */
  public static float[] musicLike(int sampleRateHz, int channels, double seconds, long seed) {
    int n = (int) Math.round(seconds * sampleRateHz);
    float[] out = new float[n * channels];
    java.util.Random rnd = new java.util.Random(seed);
    double[] f0 = {220, 277.18, 329.63, 440};
    for (int c = 0; c < channels; c++) {
      double ph0 = 0;
      double ph1 = 0;
      for (int i = 0; i < n; i++) {
        double t = (double) i / sampleRateHz;
        int note = (int) (t * 2) % f0.length;
        double f = f0[(note + c) % f0.length] * (1 + 0.003 * Math.sin(2 * Math.PI * 5 * t));
        ph0 += 2 * Math.PI * f / sampleRateHz;
        ph1 += 2 * Math.PI * 1.5 * f / sampleRateHz;
        double env = 0.5 + 0.5 * Math.sin(2 * Math.PI * 0.7 * t + c);
        double s =
            env * (0.3 * Math.sin(ph0) + 0.15 * Math.sin(2 * ph0) + 0.1 * Math.sin(ph1))
                + 0.02 * rnd.nextGaussian();
        out[i * channels + c] = (float) s;
      }
    }
    return out;
  }

  /** Writes interleaved samples as a 16-bit PCM WAV file. */
  public static void writeWav16(Path file, float[] interleaved, int sampleRateHz, int channels)
      throws IOException {
    int dataBytes = interleaved.length * 2;
    ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + dataBytes);
    b.put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16);
    b.putShort((short) 1)
        .putShort((short) channels)
        .putInt(sampleRateHz)
        .putInt(sampleRateHz * channels * 2)
        .putShort((short) (channels * 2))
        .putShort((short) 16);
    b.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(dataBytes);
    for (float v : interleaved) {
      long s = Math.round(v * 32768.0);
      b.putShort((short) Math.max(-32768, Math.min(32767, s)));
    }
    Files.write(file, b.array());
  }

  /** Writes mono samples as a 32-bit float WAV file (WAVE_FORMAT_IEEE_FLOAT). */
  public static void writeWavFloat(Path file, float[] mono, int sampleRateHz) throws IOException {
    int dataBytes = mono.length * 4;
    ByteBuffer b = ByteBuffer.allocate(58 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(50 + dataBytes);
    b.put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(18);
    b.putShort((short) 3)
        .putShort((short) 1)
        .putInt(sampleRateHz)
        .putInt(sampleRateHz * 4)
        .putShort((short) 4)
        .putShort((short) 32)
        .putShort((short) 0);
    b.put("fact".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .putInt(4)
        .putInt(mono.length);
    b.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(dataBytes);
    for (float v : mono) {
      b.putFloat(v);
    }
    Files.write(file, b.array());
  }

  /** Reads the data chunk of a 16-bit PCM or 32-bit float WAV file as floats (interleaved). */
  public static float[] readWav(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    b.position(12);
    int format = -1;
    int bits = -1;
    while (b.remaining() >= 8) {
      byte[] id = new byte[4];
      b.get(id);
      int size = b.getInt();
      String name = new String(id, java.nio.charset.StandardCharsets.US_ASCII);
      if (name.equals("fmt ")) {
        int start = b.position();
        format = b.getShort() & 0xffff;
        b.position(start + 14);
        bits = b.getShort();
        if (format == 0xFFFE) {
          b.position(start + 24);
          format = b.getShort() & 0xffff;
        }
        b.position(start + size + (size & 1));
      } else if (name.equals("data")) {
        int len = (size < 0 || size > b.remaining()) ? b.remaining() : size;
        if (format == 3 && bits == 32) {
          float[] out = new float[len / 4];
          for (int i = 0; i < out.length; i++) {
            out[i] = b.getFloat();
          }
          return out;
        } else if (format == 1 && bits == 16) {
          float[] out = new float[len / 2];
          for (int i = 0; i < out.length; i++) {
            out[i] = b.getShort() / 32768f;
          }
          return out;
        }
        throw new IOException("Unsupported WAV format " + format + "/" + bits);
      } else {
        b.position(Math.min(b.limit(), b.position() + size + (size & 1)));
      }
    }
    throw new IOException("No data chunk in " + file);
  }

  /** Parses raw s16le bytes (ffmpeg {@code -f s16le}) as floats. */
  public static float[] s16le(byte[] raw) {
    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[raw.length / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.getShort() / 32768f;
    }
    return out;
  }

  /** Parses raw f32le bytes (ffmpeg {@code -f f32le}) as floats. */
  public static float[] f32le(byte[] raw) {
    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[raw.length / 4];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.getFloat();
    }
    return out;
  }

  /**
   * Signal-to-difference ratio in dB of {@code test} against {@code ref} over {@code [from, to)}.
   */
  public static double snrDb(float[] ref, float[] test, int from, int to) {
    double sig = 0;
    double err = 0;
    for (int i = from; i < to; i++) {
      sig += (double) ref[i] * ref[i];
      double d = (double) ref[i] - test[i];
      err += d * d;
    }
    return 10 * Math.log10(sig / Math.max(err, 1e-30));
  }

  /** Normalised correlation of {@code a} and {@code b} over their common length. */
  public static double correlation(float[] a, float[] b) {
    int n = Math.min(a.length, b.length);
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < n; i++) {
      ab += (double) a[i] * b[i];
      aa += (double) a[i] * a[i];
      bb += (double) b[i] * b[i];
    }
    return ab / Math.sqrt(Math.max(aa * bb, 1e-300));
  }

  /** Reads a whole stream into interleaved floats, block by block of {@code blockFrames}. */
  public static float[] readAll(dev.selection.api.spi.AudioStream s, int blockFrames) {
    int ch = s.info().channels();
    float[] buf = new float[blockFrames * ch];
    List<float[]> parts = new ArrayList<>();
    int total = 0;
    while (true) {
      int n = s.read(buf, 0, blockFrames);
      if (n < 0) {
        break;
      }
      if (n == 0) {
        throw new AssertionError("read returned 0");
      }
      parts.add(Arrays.copyOf(buf, n * ch));
      total += n * ch;
    }
    float[] out = new float[total];
    int pos = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, out, pos, p.length);
      pos += p.length;
    }
    return out;
  }
}
