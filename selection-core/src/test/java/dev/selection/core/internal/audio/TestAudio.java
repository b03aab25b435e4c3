package dev.selection.core.internal.audio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Generates test audio in Java and runs the reference command-line tools when present. */
final class TestAudio {
  private TestAudio() {}

  /** A deterministic 24-bit signal. */
  static int[] signal24(long seed, int frames, int channels) {
    Random r = new Random(seed);
    int[] s = new int[frames * channels];
    for (int i = 0; i < frames; i++) {
      for (int c = 0; c < channels; c++) {
        double v =
            3_000_000 * Math.sin(2 * Math.PI * (330 + 50 * c) * i / 48000.0)
                + r.nextGaussian() * 200_000;
        s[i * channels + c] = (int) Math.max(-(1 << 23), Math.min((1 << 23) - 1, Math.round(v)));
      }
    }
    return s;
  }

  static byte[] le16(short[] s) {
    ByteBuffer b = ByteBuffer.allocate(s.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (short v : s) {
      b.putShort(v);
    }
    return b.array();
  }

  static byte[] le24(int[] s) {
    byte[] out = new byte[s.length * 3];
    for (int i = 0; i < s.length; i++) {
      out[3 * i] = (byte) s[i];
      out[3 * i + 1] = (byte) (s[i] >> 8);
      out[3 * i + 2] = (byte) (s[i] >> 16);
    }
    return out;
  }

  /** A RIFF-style chunk (little-endian size, padded to even length). */
  static byte[] chunk(String id, byte[] body) {
    ByteBuffer b =
        ByteBuffer.allocate(8 + body.length + (body.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
    b.put(id.getBytes(StandardCharsets.ISO_8859_1)).putInt(body.length).put(body);
    return b.array();
  }

  static byte[] fmt(int tag, int channels, int rate, int bits) {
    int block = channels * bits / 8;
    return ByteBuffer.allocate(16)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putShort((short) tag)
        .putShort((short) channels)
        .putInt(rate)
        .putInt(rate * block)
        .putShort((short) block)
        .putShort((short) bits)
        .array();
  }

  /** Writes a RIFF/WAVE file of the given chunks. */
  static Path riff(Path file, byte[]... chunks) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes("WAVE".getBytes(StandardCharsets.ISO_8859_1));
    for (byte[] c : chunks) {
      body.writeBytes(c);
    }
    ByteBuffer h = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    h.put("RIFF".getBytes(StandardCharsets.ISO_8859_1)).putInt(body.size());
    byte[] all = new byte[8 + body.size()];
    System.arraycopy(h.array(), 0, all, 0, 8);
    System.arraycopy(body.toByteArray(), 0, all, 8, body.size());
    Files.write(file, all);
    return file;
  }

  static Path wav24(Path file, int rate, int channels, int[] s) throws IOException {
    return riff(file, chunk("fmt ", fmt(1, channels, rate, 24)), chunk("data", le24(s)));
  }

  static float[] toFloat24(int[] s) {
    float[] f = new float[s.length];
    for (int i = 0; i < s.length; i++) {
      f[i] = s[i] / 8388608f;
    }
    return f;
  }

  static List<String> list(String... s) {
    return new ArrayList<>(List.of(s));
  }
}
