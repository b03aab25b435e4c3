package dev.selection.cli;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.core.internal.pipeline.PcmSink;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Stop-gap reader of 16-bit PCM WAV for the {@code fingerprint} command until the project's
 * decoders and resampler are wired in: streams the file's samples into a {@link PcmSink} as floats
 * in [-1, 1). Not thread-safe.
 */
final class Wav16Reader {
  private static final int BLOCK_FRAMES = 8192;

  private Wav16Reader() {}

  /**
   * Streams a 16-bit PCM WAV file into {@code sink} ({@code begin}, {@code accept}..., {@code
   * end}).
   *
   * @param file the WAV file
   * @param sink the receiver
   * @param requiredSampleRateHz the only sample rate accepted
   * @throws SelectionException {@code UNSUPPORTED_FORMAT} for anything but 16-bit PCM WAV at the
   *     required rate, {@code CORRUPT_AUDIO} for a damaged file, {@code IO_ERROR} when it cannot be
   *     read
   */
  static void stream(Path file, PcmSink sink, int requiredSampleRateHz) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      byte[] riff = readFully(in, 12, file);
      if (!ascii(riff, 0).equals("RIFF") || !ascii(riff, 8).equals("WAVE")) {
        throw new SelectionException(ErrorCode.UNSUPPORTED_FORMAT, file + ": not a RIFF/WAVE file");
      }
      int channels = -1;
      int sampleRateHz = -1;
      while (true) {
        byte[] header = readChunkHeader(in, file);
        if (header == null) {
          throw new SelectionException(ErrorCode.CORRUPT_AUDIO, file + ": no data chunk");
        }
        String id = ascii(header, 0);
        long size = le32(header, 4) & 0xFFFFFFFFL;
        if (id.equals("fmt ")) {
          if (size < 16 || size > 1024) {
            throw new SelectionException(ErrorCode.CORRUPT_AUDIO, file + ": bad fmt chunk");
          }
          byte[] fmt = readFully(in, (int) size, file);
          int format = le16(fmt, 0);
          channels = le16(fmt, 2);
          sampleRateHz = le32(fmt, 4);
          int bits = le16(fmt, 14);
          boolean pcm = format == 1 || (format == 0xFFFE && size >= 26 && le16(fmt, 24) == 1);
          if (!pcm || bits != 16 || channels < 1) {
            throw new SelectionException(
                ErrorCode.UNSUPPORTED_FORMAT, file + ": only 16-bit PCM WAV is supported for now");
          }
          if (sampleRateHz != requiredSampleRateHz) {
            throw new SelectionException(
                ErrorCode.UNSUPPORTED_FORMAT,
                file
                    + ": only "
                    + requiredSampleRateHz
                    + " Hz WAV is supported for now, got "
                    + sampleRateHz);
          }
          skip(in, size & 1, file);
        } else if (id.equals("data")) {
          if (channels < 0) {
            throw new SelectionException(ErrorCode.CORRUPT_AUDIO, file + ": data before fmt");
          }
          streamData(in, size, channels, sampleRateHz, sink);
          return;
        } else {
          skip(in, size + (size & 1), file);
        }
      }
    } catch (IOException e) {
      throw new SelectionException(
          ErrorCode.IO_ERROR, file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static void streamData(InputStream in, long size, int channels, int rateHz, PcmSink sink)
      throws IOException {
    int frameBytes = 2 * channels;
    long frames = size / frameBytes;
    sink.begin(rateHz, channels, frames);
    byte[] bytes = new byte[BLOCK_FRAMES * frameBytes];
    float[] samples = new float[BLOCK_FRAMES * channels];
    long left = frames * frameBytes;
    int pending = 0;
    while (left > 0) {
      int n = in.read(bytes, pending, (int) Math.min(bytes.length - pending, left));
      if (n < 0) {
        break; // truncated file: keep what was there, as fpcalc does
      }
      left -= n;
      pending += n;
      int whole = pending / frameBytes;
      for (int i = 0; i < whole * channels; i++) {
        samples[i] = (short) ((bytes[2 * i] & 0xFF) | (bytes[2 * i + 1] << 8)) / 32768f;
      }
      sink.accept(samples, 0, whole);
      int rest = pending - whole * frameBytes;
      System.arraycopy(bytes, whole * frameBytes, bytes, 0, rest);
      pending = rest;
    }
    sink.end();
  }

  private static byte[] readChunkHeader(InputStream in, Path file) throws IOException {
    byte[] header = new byte[8];
    int got = in.readNBytes(header, 0, 8);
    if (got == 0) {
      return null;
    }
    if (got < 8) {
      throw new SelectionException(ErrorCode.CORRUPT_AUDIO, file + ": truncated chunk header");
    }
    return header;
  }

  private static byte[] readFully(InputStream in, int n, Path file) throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length < n) {
      throw new SelectionException(ErrorCode.CORRUPT_AUDIO, file + ": truncated header");
    }
    return b;
  }

  private static void skip(InputStream in, long n, Path file) throws IOException {
    try {
      in.skipNBytes(n);
    } catch (EOFException e) {
      throw new SelectionException(ErrorCode.CORRUPT_AUDIO, file + ": truncated chunk", e);
    }
  }

  private static String ascii(byte[] b, int at) {
    return new String(b, at, 4, StandardCharsets.US_ASCII);
  }

  private static int le16(byte[] b, int at) {
    return (b[at] & 0xFF) | ((b[at + 1] & 0xFF) << 8);
  }

  private static int le32(byte[] b, int at) {
    return le16(b, at) | (le16(b, at + 2) << 16);
  }
}
