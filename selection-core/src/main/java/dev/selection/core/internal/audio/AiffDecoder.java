package dev.selection.core.internal.audio;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.AudioDecoder;
import dev.selection.api.spi.AudioInfo;
import dev.selection.api.spi.AudioStream;
import dev.selection.core.internal.audio.tags.Id3Tags;
import dev.selection.core.internal.audio.tags.TagCollector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Pure-Java AIFF and AIFF-C decoder: big-endian integer PCM 8..32 bit ({@code NONE}/{@code twos}),
 * little-endian {@code sowt}, 32/64-bit float ({@code fl32}/{@code fl64}) and offset-binary {@code
 * raw }; tags from the {@code ID3 } chunk and the {@code NAME}/{@code AUTH}/{@code ANNO} text
 * chunks. Other compressions are refused with {@code UNSUPPORTED_FORMAT}. Thread-safe (stateless).
 * Format reference: Apple "Audio Interchange File Format AIFF-C" (1991).
 */
public final class AiffDecoder implements AudioDecoder {
  private static final int MAX_TAG_BYTES = 16 << 20;
  private static final int MAX_CHUNKS = 10_000;

  /** Creates the decoder (public no-arg constructor for {@link java.util.ServiceLoader}). */
  public AiffDecoder() {}

  @Override
  public String name() {
    return "aiff";
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public int priority() {
    return 100;
  }

  @Override
  public boolean canDecode(Path file, byte[] head) {
    return head.length >= 12
        && WavDecoder.is(head, 0, "FORM")
        && (WavDecoder.is(head, 8, "AIFF") || WavDecoder.is(head, 8, "AIFC"));
  }

  @Override
  public AudioStream open(Path file) {
    SourceFile src = SourceFile.open(file);
    try {
      return parse(src);
    } catch (RuntimeException e) {
      src.close();
      throw e;
    }
  }

  private AudioStream parse(SourceFile src) {
    long fileSize = src.size();
    if (fileSize < 12) {
      throw corrupt(src, "file too short for a FORM header");
    }
    byte[] form = src.readAt(0, 12, "the FORM header");
    if (!canDecode(src.path(), form)) {
      throw new SelectionException(ErrorCode.UNSUPPORTED_FORMAT, "Not an AIFF file: " + src.path());
    }
    boolean aifc = WavDecoder.is(form, 8, "AIFC");
    TagCollector tags = new TagCollector();
    int channels = -1;
    long numFrames = 0;
    int bits = 0;
    double rate = 0;
    String compression = "NONE";
    long ssndStart = -1;
    long ssndBytes = -1;
    long pos = 12;
    for (int n = 0; n < MAX_CHUNKS && pos + 8 <= fileSize; n++) {
      byte[] h = src.readAt(pos, 8, "a chunk header");
      String id = new String(h, 0, 4, StandardCharsets.ISO_8859_1);
      long size = be32(h, 4);
      long body = pos + 8;
      long available = fileSize - body;
      switch (id) {
        case "COMM" -> {
          if (size < 18 || available < 18) {
            throw corrupt(src, "COMM chunk too short");
          }
          byte[] c =
              src.readAt(body, (int) Math.min(Math.min(size, 22), available), "the COMM chunk");
          channels = (c[0] & 0xff) << 8 | (c[1] & 0xff);
          numFrames = be32(c, 2);
          bits = (c[6] & 0xff) << 8 | (c[7] & 0xff);
          rate = extended80(c, 8);
          if (aifc && c.length >= 22) {
            compression = new String(c, 18, 4, StandardCharsets.ISO_8859_1);
          }
        }
        case "SSND" -> {
          if (size < 8 || available < 8) {
            throw corrupt(src, "SSND chunk too short");
          }
          if (size > available) {
            throw corrupt(
                src, "SSND chunk claims " + size + " bytes but only " + available + " remain");
          }
          byte[] s = src.readAt(body, 8, "the SSND chunk");
          long offset = be32(s, 0);
          ssndStart = body + 8 + offset;
          ssndBytes = size - 8 - offset;
          if (ssndBytes < 0) {
            throw corrupt(src, "SSND offset beyond the chunk");
          }
        }
        case "ID3 ", "id3 " -> {
          if (size <= MAX_TAG_BYTES && size <= available) {
            Id3Tags.parseV2(src.readAt(body, (int) size, "an ID3 chunk"), tags);
          }
        }
        case "NAME", "AUTH", "ANNO" -> {
          if (size <= 65536 && size <= available) {
            byte[] t = src.readAt(body, (int) size, "a text chunk");
            String v = Id3Tags.utf8OrLatin1(t, 0, t.length);
            switch (id) {
              case "NAME" -> tags.title(v);
              case "AUTH" -> tags.artist(v);
              default -> tags.comment(v);
            }
          }
        }
        default -> {}
      }
      pos = body + size + (size & 1);
    }
    if (channels < 0) {
      throw corrupt(src, "no COMM chunk");
    }
    if (channels == 0) {
      throw corrupt(src, "header says 0 channels");
    }
    if (channels > WavDecoder.MAX_CHANNELS) {
      throw corrupt(src, "header says " + channels + " channels");
    }
    if (!(rate >= 1 && rate <= 1_000_000)) {
      throw corrupt(src, "header says sample rate " + rate + " Hz");
    }
    SampleEncoding enc = encoding(src, compression, bits);
    int frameBytes = enc.bytes() * channels;
    long frames;
    if (numFrames == 0) {
      frames = 0;
    } else {
      if (ssndStart < 0) {
        throw corrupt(src, "no SSND chunk");
      }
      if (numFrames > ssndBytes / frameBytes) {
        throw corrupt(
            src, "COMM says " + numFrames + " frames but SSND holds " + ssndBytes / frameBytes);
      }
      frames = numFrames;
    }
    int rateHz = (int) Math.round(rate);
    AudioInfo info =
        new AudioInfo(
            "aiff",
            rateHz,
            channels,
            enc.floating() ? enc.bytes() * 8 : bits,
            frames,
            rateHz * (double) frameBytes * 8 / 1000.0,
            name());
    return new RawPcmStream(src, info, enc, Math.max(ssndStart, 0), frames, tags.toTags());
  }

  private SampleEncoding encoding(SourceFile src, String compression, int bits) {
    int bytes = (bits + 7) / 8;
    // A damaged COMM chunk is corrupt audio, not an unknown codec to hand on to another decoder:
    // uncompressed sample sizes are 1..32 bits (AIFF 1.3), and compression types are four
    // printable characters (AIFF-C).
    boolean uncompressed =
        compression.equals("NONE") || compression.equals("twos") || compression.equals("sowt");
    if (uncompressed && (bits < 1 || bits > 32)) {
      throw corrupt(src, "COMM says " + bits + " bits per sample");
    }
    if (!compression.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      throw corrupt(src, "COMM names no compression type");
    }
    switch (compression) {
      case "NONE", "twos" -> {
        if (bits >= 1 && bits <= 32) {
          return new SampleEncoding(bytes, true, false, false);
        }
      }
      case "sowt" -> {
        if (bits >= 1 && bits <= 32) {
          return new SampleEncoding(bytes, false, false, false);
        }
      }
      case "raw " -> {
        if (bits == 8) {
          return new SampleEncoding(1, true, false, true);
        }
      }
      case "in24" -> {
        return new SampleEncoding(3, true, false, false);
      }
      case "in32" -> {
        return new SampleEncoding(4, true, false, false);
      }
      case "fl32", "FL32" -> {
        return new SampleEncoding(4, true, true, false);
      }
      case "fl64", "FL64" -> {
        return new SampleEncoding(8, true, true, false);
      }
      default -> {}
    }
    throw new SelectionException(
        ErrorCode.UNSUPPORTED_FORMAT,
        "AIFF-C compression '"
            + compression
            + "' with "
            + bits
            + " bits is not supported by the pure-Java decoder: "
            + src.path());
  }

  /** Decodes an 80-bit IEEE 754 extended-precision number (big-endian), as AIFF stores the rate. */
  static double extended80(byte[] b, int p) {
    int signExp = (b[p] & 0xff) << 8 | (b[p + 1] & 0xff);
    long mantissa = 0;
    for (int i = 0; i < 8; i++) {
      mantissa = (mantissa << 8) | (b[p + 2 + i] & 0xffL);
    }
    int exp = signExp & 0x7fff;
    if (exp == 0 && mantissa == 0) {
      return 0;
    }
    if (exp == 0x7fff) {
      return Double.NaN;
    }
    // mantissa is an unsigned 64-bit integer with the explicit integer bit at the top.
    double m = (mantissa >>> 11) * 0x1p-53 * 2; // top 53 bits as a value in [0, 2)
    double v = Math.scalb(m, exp - 16383);
    return (signExp & 0x8000) != 0 ? -v : v;
  }

  private static SelectionException corrupt(SourceFile src, String why) {
    return new SelectionException(
        ErrorCode.CORRUPT_AUDIO, "Corrupt AIFF (" + why + "): " + src.path());
  }

  private static long be32(byte[] b, int p) {
    return ((b[p] & 0xffL) << 24)
        | ((b[p + 1] & 0xffL) << 16)
        | ((b[p + 2] & 0xffL) << 8)
        | (b[p + 3] & 0xffL);
  }
}
