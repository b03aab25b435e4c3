package dev.selection.core.internal.audio;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.AudioDecoder;
import dev.selection.api.spi.AudioInfo;
import dev.selection.api.spi.AudioStream;
import dev.selection.core.internal.audio.tags.Id3Tags;
import dev.selection.core.internal.audio.tags.RiffInfo;
import dev.selection.core.internal.audio.tags.TagCollector;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Pure-Java WAV decoder: RIFF/WAVE and RF64/BW64, PCM 8/16/24/32-bit integer and 32/64-bit IEEE
 * float, plain or {@code WAVE_FORMAT_EXTENSIBLE}; tags from {@code LIST/INFO} and {@code id3 }
 * chunks, before or after the data. Compressed WAV (ADPCM, µ-law, MP3-in-WAV) is refused with
 * {@code UNSUPPORTED_FORMAT}, so the registry can fall back to ffmpeg. A PCM or float header whose
 * sample size and block align contradict each other (7-bit samples in one-byte blocks, a block
 * align too small for its samples) is {@code CORRUPT_AUDIO}. Thread-safe (stateless).
 */
public final class WavDecoder implements AudioDecoder {
  private static final int FORMAT_PCM = 0x0001;
  private static final int FORMAT_FLOAT = 0x0003;
  private static final int FORMAT_EXTENSIBLE = 0xFFFE;
  private static final long STREAMED_SIZE = 0xFFFFFFFFL;
  private static final int MAX_TAG_BYTES = 16 << 20;
  private static final int MAX_CHUNKS = 10_000;

  /** Channel counts above this are refused as implausible headers. */
  static final int MAX_CHANNELS = 64;

  /** Creates the decoder (public no-arg constructor for {@link java.util.ServiceLoader}). */
  public WavDecoder() {}

  @Override
  public String name() {
    return "wav";
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
        && (is(head, 0, "RIFF") || is(head, 0, "RF64") || is(head, 0, "BW64"))
        && is(head, 8, "WAVE");
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
      throw corrupt(src, "file too short for a RIFF header");
    }
    byte[] riff = src.readAt(0, 12, "the RIFF header");
    if (!canDecode(src.path(), riff)) {
      throw new SelectionException(ErrorCode.UNSUPPORTED_FORMAT, "Not a WAV file: " + src.path());
    }
    boolean rf64 = !is(riff, 0, "RIFF");
    long ds64DataSize = -1;
    TagCollector tags = new TagCollector();
    int formatTag = -1;
    int channels = 0;
    long sampleRate = 0;
    int blockAlign = 0;
    int bits = 0;
    int validBits = 0;
    long dataStart = -1;
    long dataBytes = -1;
    long pos = 12;
    for (int n = 0; n < MAX_CHUNKS && pos + 8 <= fileSize; n++) {
      byte[] h = src.readAt(pos, 8, "a chunk header");
      String id = new String(h, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
      long size = le32(h, 4);
      long body = pos + 8;
      long available = fileSize - body;
      switch (id) {
        case "ds64" -> {
          if (rf64 && size >= 24 && available >= 24) {
            byte[] d = src.readAt(body, 24, "the ds64 chunk");
            ds64DataSize = le64(d, 8);
          }
        }
        case "fmt " -> {
          if (size < 16 || available < 16) {
            throw corrupt(src, "fmt chunk too short");
          }
          byte[] f =
              src.readAt(body, (int) Math.min(Math.min(size, 40), available), "the fmt chunk");
          formatTag = le16(f, 0);
          channels = le16(f, 2);
          sampleRate = le32(f, 4);
          blockAlign = le16(f, 12);
          bits = le16(f, 14);
          validBits = bits;
          if (formatTag == FORMAT_EXTENSIBLE) {
            if (f.length < 40) {
              throw corrupt(src, "WAVE_FORMAT_EXTENSIBLE fmt chunk too short");
            }
            int vb = le16(f, 18);
            validBits = vb == 0 ? bits : vb;
            formatTag = le16(f, 24); // first two bytes of the sub-format GUID
          }
        }
        case "data" -> {
          dataStart = body;
          dataBytes = rf64 && size == STREAMED_SIZE && ds64DataSize >= 0 ? ds64DataSize : size;
          if (dataBytes < 0) {
            throw corrupt(src, "negative data size in ds64");
          }
          if (dataBytes > available) {
            if (size == STREAMED_SIZE) {
              dataBytes = available; // written to a pipe: the size was never filled in
            } else {
              throw corrupt(
                  src,
                  "data chunk claims " + dataBytes + " bytes but only " + available + " remain");
            }
          }
          size = dataBytes;
        }
        case "LIST" -> {
          if (size <= MAX_TAG_BYTES && size <= available) {
            RiffInfo.parseList(src.readAt(body, (int) size, "a LIST chunk"), tags);
          }
        }
        case "id3 ", "ID3 " -> {
          if (size <= MAX_TAG_BYTES && size <= available) {
            Id3Tags.parseV2(src.readAt(body, (int) size, "an id3 chunk"), tags);
          }
        }
        default -> {}
      }
      pos = body + size + (size & 1);
    }
    if (formatTag < 0) {
      throw corrupt(src, "no fmt chunk");
    }
    if (dataStart < 0) {
      throw corrupt(src, "no data chunk");
    }
    if (channels == 0) {
      throw corrupt(src, "header says 0 channels");
    }
    if (channels > MAX_CHANNELS) {
      throw corrupt(src, "header says " + channels + " channels");
    }
    if (sampleRate == 0 || sampleRate > 1_000_000) {
      throw corrupt(src, "header says sample rate " + sampleRate + " Hz");
    }
    if (formatTag == FORMAT_PCM || formatTag == FORMAT_FLOAT) {
      plausibleSampleLayout(src, channels, blockAlign, bits, validBits);
    }
    SampleEncoding enc;
    int containerBytes =
        blockAlign > 0 && blockAlign % channels == 0 ? blockAlign / channels : (bits + 7) / 8;
    if (formatTag == FORMAT_PCM
        && bits >= 1
        && bits <= 32
        && containerBytes >= (bits + 7) / 8
        && containerBytes <= 4) {
      enc = new SampleEncoding(containerBytes, false, false, true);
    } else if (formatTag == FORMAT_FLOAT
        && (bits == 32 || bits == 64)
        && containerBytes == bits / 8) {
      enc = new SampleEncoding(bits / 8, false, true, false);
    } else {
      throw new SelectionException(
          ErrorCode.UNSUPPORTED_FORMAT,
          String.format(
              Locale.ROOT,
              "WAV format tag 0x%04x with %d bits is not supported by the pure-Java decoder: %s",
              formatTag,
              bits,
              src.path()));
    }
    int frameBytes = enc.bytes() * channels;
    long frames = dataBytes / frameBytes;
    double bitrateKbps = sampleRate * (double) frameBytes * 8 / 1000.0;
    AudioInfo info =
        new AudioInfo(
            "wav",
            (int) sampleRate,
            channels,
            enc.floating() ? bits : Math.min(validBits, bits),
            frames,
            bitrateKbps,
            name());
    return new RawPcmStream(src, info, enc, dataStart, frames, tags.toTags());
  }

  /**
   * Refuses a PCM or float header whose sample size and block align contradict each other as {@code
   * CORRUPT_AUDIO}: samples narrower than 8 bits (the WAV minimum), a block align of 0 or not a
   * whole number of bytes per channel, a container too small for the declared bits, or more valid
   * bits than the container. A decoder believing such a header would turn noise into a "song".
   */
  private static void plausibleSampleLayout(
      SourceFile src, int channels, int blockAlign, int bits, int validBits) {
    if (bits < 8) {
      throw corrupt(src, "header says " + bits + "-bit samples, WAV samples have at least 8");
    }
    if (blockAlign == 0 || blockAlign % channels != 0) {
      throw corrupt(
          src,
          "block align " + blockAlign + " does not hold " + channels + " channels of whole bytes");
    }
    int containerBytes = blockAlign / channels;
    if (containerBytes * 8 < bits) {
      throw corrupt(
          src,
          "block align "
              + blockAlign
              + " cannot hold "
              + channels
              + " channels of "
              + bits
              + "-bit samples");
    }
    if (validBits > bits || validBits < 1) {
      throw corrupt(src, "header says " + validBits + " valid bits in " + bits + "-bit samples");
    }
  }

  private static SelectionException corrupt(SourceFile src, String why) {
    return new SelectionException(
        ErrorCode.CORRUPT_AUDIO, "Corrupt WAV (" + why + "): " + src.path());
  }

  static boolean is(byte[] b, int off, String magic) {
    if (b.length < off + magic.length()) {
      return false;
    }
    for (int i = 0; i < magic.length(); i++) {
      if (b[off + i] != magic.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int le16(byte[] b, int p) {
    return (b[p] & 0xff) | ((b[p + 1] & 0xff) << 8);
  }

  private static long le32(byte[] b, int p) {
    return (b[p] & 0xffL)
        | ((b[p + 1] & 0xffL) << 8)
        | ((b[p + 2] & 0xffL) << 16)
        | ((b[p + 3] & 0xffL) << 24);
  }

  private static long le64(byte[] b, int p) {
    return le32(b, p) | (le32(b, p + 4) << 32);
  }
}
