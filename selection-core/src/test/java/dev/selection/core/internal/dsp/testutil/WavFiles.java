package dev.selection.core.internal.dsp.testutil;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test helpers: a minimal WAV writer / reader and a runner for reference command-line tools. */
public final class WavFiles {
  private WavFiles() {}

  /** Audio read from a file: interleaved samples. */
  public record Pcm(float[] interleaved, int sampleRateHz, int channels) {
    /** Returns the mono mix-down (mean of the channels). */
    public float[] mono() {
      int frames = interleaved.length / channels;
      float[] m = new float[frames];
      for (int i = 0; i < frames; i++) {
        double s = 0;
        for (int c = 0; c < channels; c++) {
          s += interleaved[i * channels + c];
        }
        m[i] = (float) (s / channels);
      }
      return m;
    }
  }

  /**
   * Writes 32-bit float WAV; WAVE_FORMAT_EXTENSIBLE with the default channel mask for more than two
   * channels (5.1 = FL FR FC LFE BL BR), so that ffmpeg knows the layout.
   */
  public static void writeFloat(Path path, float[] interleaved, int sampleRateHz, int channels)
      throws IOException {
    boolean extensible = channels > 2;
    int fmtSize = extensible ? 40 : 16;
    int dataBytes = interleaved.length * 4;
    ByteBuffer b =
        ByteBuffer.allocate(12 + 8 + fmtSize + 8 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(4 + 8 + fmtSize + 8 + dataBytes).put("WAVE".getBytes());
    b.put("fmt ".getBytes()).putInt(fmtSize);
    b.putShort((short) (extensible ? 0xFFFE : 3)).putShort((short) channels).putInt(sampleRateHz);
    b.putInt(sampleRateHz * channels * 4).putShort((short) (channels * 4)).putShort((short) 32);
    if (extensible) {
      int mask = channels == 6 ? 0x3F : (1 << channels) - 1;
      b.putShort((short) 22).putShort((short) 32).putInt(mask);
      // KSDATAFORMAT_SUBTYPE_IEEE_FLOAT
      b.putInt(3)
          .putShort((short) 0)
          .putShort((short) 0x10)
          .put(new byte[] {(byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71});
    }
    b.put("data".getBytes()).putInt(dataBytes);
    for (float v : interleaved) {
      b.putFloat(v);
    }
    Files.write(path, b.array());
  }

  /** Reads a PCM 16/24/32-bit integer or 32-bit float WAV (plain or extensible). */
  public static Pcm read(Path path) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
    b.position(12);
    int format = 0;
    int channels = 0;
    int rate = 0;
    int bits = 0;
    while (b.remaining() >= 8) {
      String id = new String(new byte[] {b.get(), b.get(), b.get(), b.get()});
      int size = b.getInt();
      int start = b.position();
      if (id.equals("fmt ")) {
        format = b.getShort() & 0xFFFF;
        channels = b.getShort();
        rate = b.getInt();
        b.getInt();
        b.getShort();
        bits = b.getShort();
        if (format == 0xFFFE) {
          b.position(start + 24);
          format = b.getShort() & 0xFFFF;
        }
      } else if (id.equals("data")) {
        int bytesPer = bits / 8;
        int n = Math.min(size, b.remaining()) / bytesPer;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
          if (format == 3) {
            x[i] = b.getFloat();
          } else if (bits == 16) {
            x[i] = b.getShort() / 32768f;
          } else if (bits == 24) {
            int v = (b.get() & 0xFF) | ((b.get() & 0xFF) << 8) | (b.get() << 16);
            x[i] = v / 8388608f;
          } else {
            x[i] = (float) (b.getInt() / 2147483648.0);
          }
        }
        return new Pcm(x, rate, channels);
      }
      b.position(start + size + (size & 1));
    }
    throw new IOException("No data chunk in " + path);
  }

  /** Runs a command and returns its stdout + stderr; fails on a non-zero exit or a time-out. */
  public static String run(List<String> command, Path stdin)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
    if (stdin != null) {
      pb.redirectInput(stdin.toFile());
    }
    Process p = pb.start();
    byte[] out;
    try (InputStream in = p.getInputStream()) {
      out = in.readAllBytes();
    }
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("Timed out: " + command);
    }
    String text = new String(out);
    if (p.exitValue() != 0) {
      throw new IOException("Exit " + p.exitValue() + " from " + command + ":\n" + text);
    }
    return text;
  }

  /** Writes raw little-endian float32 samples (the input format of {@code bpm}). */
  public static void writeRawFloat(Path path, float[] mono) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(mono.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : mono) {
      b.putFloat(v);
    }
    try (OutputStream out = Files.newOutputStream(path)) {
      out.write(b.array());
    }
  }
}
