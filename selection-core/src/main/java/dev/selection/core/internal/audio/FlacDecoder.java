package dev.selection.core.internal.audio;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.SongMetadata;
import dev.selection.api.spi.AudioDecoder;
import dev.selection.api.spi.AudioInfo;
import dev.selection.api.spi.AudioStream;
import dev.selection.core.internal.audio.tags.Id3Tags;
import dev.selection.core.internal.audio.tags.TagCollector;
import dev.selection.core.internal.audio.tags.TrackTags;
import dev.selection.core.internal.audio.tags.VorbisComments;
import java.nio.file.Path;

/**
 * Pure-Java FLAC decoder written from the format specification (https://xiph.org/flac/format.html,
 * also RFC 9639): STREAMINFO and VORBIS_COMMENT metadata, CONSTANT/VERBATIM/FIXED/LPC (order 1..32)
 * subframes, wasted bits, Rice and Rice2 partitioned residuals with escape codes, independent,
 * left/side, side/right and mid/side channels, 4..24 bits per sample. The frame header CRC-8 and
 * the frame CRC-16 are checked; a mismatch is {@code CORRUPT_AUDIO}. A leading ID3v2 tag is skipped
 * (and read). Streams deeper than 24 bits are refused with {@code UNSUPPORTED_FORMAT}. Thread-safe
 * (stateless); each stream decodes one frame at a time, so memory is bounded by the block size.
 */
public final class FlacDecoder implements AudioDecoder {
  private static final int MAX_TAG_BYTES = 16 << 20;
  private static final byte[] ID3V1_MAGIC = {'T', 'A', 'G'};

  /** Creates the decoder (public no-arg constructor for {@link java.util.ServiceLoader}). */
  public FlacDecoder() {}

  @Override
  public String name() {
    return "flac";
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
    if (WavDecoder.is(head, 0, "fLaC")) {
      return true;
    }
    int id3 = Id3Tags.v2TagSize(head, 0);
    if (id3 < 0) {
      return false;
    }
    if (id3 + 4 <= head.length) {
      return WavDecoder.is(head, id3, "fLaC");
    }
    try (SourceFile src = SourceFile.open(file)) {
      return id3 + 4L <= src.size() && WavDecoder.is(src.readAt(id3, 4, "magic"), 0, "fLaC");
    } catch (SelectionException e) {
      return false;
    }
  }

  @Override
  public AudioStream open(Path file) {
    SourceFile src = SourceFile.open(file);
    try {
      return openStream(src);
    } catch (RuntimeException e) {
      src.close();
      throw e;
    }
  }

  private AudioStream openStream(SourceFile src) {
    TagCollector tags = new TagCollector();
    long pos = 0;
    long size = src.size();
    if (size < 4) {
      throw corrupt(src, "file too short");
    }
    byte[] head = src.readAt(0, (int) Math.min(size, Id3Tags.V2_HEADER_BYTES), "the header");
    int id3 = Id3Tags.v2TagSize(head, 0);
    if (id3 > 0) {
      if (id3 <= MAX_TAG_BYTES && id3 <= size) {
        Id3Tags.parseV2(src.readAt(0, id3, "the ID3v2 tag"), tags);
      }
      pos = id3;
    }
    if (pos + 4 > size || !WavDecoder.is(src.readAt(pos, 4, "the fLaC marker"), 0, "fLaC")) {
      throw new SelectionException(ErrorCode.UNSUPPORTED_FORMAT, "Not a FLAC file: " + src.path());
    }
    pos += 4;
    StreamInfo si = null;
    TagCollector vorbis = new TagCollector();
    boolean last = false;
    while (!last) {
      byte[] h = src.readAt(pos, 4, "a metadata block header");
      last = (h[0] & 0x80) != 0;
      int type = h[0] & 0x7f;
      int len = ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
      long body = pos + 4;
      if (body + len > size) {
        throw corrupt(src, "metadata block type " + type + " runs past the end of the file");
      }
      if (type == 0) {
        if (len < 34) {
          throw corrupt(src, "STREAMINFO too short");
        }
        si = StreamInfo.parse(src, src.readAt(body, 34, "STREAMINFO"));
      } else if (type == 4 && len <= MAX_TAG_BYTES) {
        byte[] block = src.readAt(body, len, "VORBIS_COMMENT");
        VorbisComments.parse(block, 0, block.length, vorbis);
      } else if (type == 127) {
        throw corrupt(src, "invalid metadata block type 127");
      }
      pos = body + len;
    }
    if (si == null) {
      throw corrupt(src, "no STREAMINFO block");
    }
    long audioBytes = size - pos;
    // Every frame takes at least 8 bytes (header, one-byte subframes, CRC-16): a sample count that
    // needs more frames than the file can hold is a damaged STREAMINFO (or a cut file).
    if (si.totalSamples > 0
        && (si.totalSamples + si.maxBlockSize - 1) / si.maxBlockSize > audioBytes / 8) {
      throw corrupt(
          src,
          "STREAMINFO says "
              + si.totalSamples
              + " samples but only "
              + audioBytes
              + " bytes of frames follow");
    }
    if (si.bitsPerSample > 24) {
      throw new SelectionException(
          ErrorCode.UNSUPPORTED_FORMAT,
          "FLAC with "
              + si.bitsPerSample
              + " bits per sample is not supported by the pure-Java decoder: "
              + src.path());
    }
    // Vorbis comments are FLAC's native tags: they win over a (non-standard) leading ID3v2 tag.
    TrackTags merged = merge(vorbis, tags);
    double bitrate =
        si.totalSamples > 0
            ? audioBytes * 8.0 / ((double) si.totalSamples / si.sampleRateHz) / 1000.0
            : 0;
    AudioInfo info =
        new AudioInfo(
            "flac",
            si.sampleRateHz,
            si.channels,
            si.bitsPerSample,
            si.totalSamples > 0 ? si.totalSamples : -1,
            bitrate,
            name());
    src.position(pos);
    return new FlacStream(src, info, si, merged);
  }

  private static TrackTags merge(TagCollector first, TagCollector second) {
    TrackTags a = first.toTags();
    TrackTags b = second.toTags();
    if (b.isEmpty()) {
      return a;
    }
    if (a.isEmpty()) {
      return b;
    }
    SongMetadata ma = a.metadata();
    SongMetadata mb = b.metadata();
    return new TrackTags(
        new SongMetadata(
            ma.title() != null ? ma.title() : mb.title(),
            ma.artist() != null ? ma.artist() : mb.artist(),
            ma.album() != null ? ma.album() : mb.album(),
            !ma.genres().isEmpty() ? ma.genres() : mb.genres(),
            ma.year() != null ? ma.year() : mb.year(),
            ma.comment() != null ? ma.comment() : mb.comment()),
        a.bpm() != null ? a.bpm() : b.bpm(),
        a.key() != null ? a.key() : b.key());
  }

  static SelectionException corrupt(SourceFile src, String why) {
    return new SelectionException(
        ErrorCode.CORRUPT_AUDIO, "Corrupt FLAC (" + why + "): " + src.path());
  }

  /** The STREAMINFO fields we use. */
  private record StreamInfo(
      int maxBlockSize, int sampleRateHz, int channels, int bitsPerSample, long totalSamples) {
    static StreamInfo parse(SourceFile src, byte[] b) {
      int minBlock = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
      int maxBlock = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
      int minFrame = ((b[4] & 0xff) << 16) | ((b[5] & 0xff) << 8) | (b[6] & 0xff);
      int maxFrame = ((b[7] & 0xff) << 16) | ((b[8] & 0xff) << 8) | (b[9] & 0xff);
      int rate = ((b[10] & 0xff) << 12) | ((b[11] & 0xff) << 4) | ((b[12] & 0xff) >>> 4);
      int channels = ((b[12] >>> 1) & 0x07) + 1;
      int bps = (((b[12] & 0x01) << 4) | ((b[13] & 0xff) >>> 4)) + 1;
      long total =
          ((b[13] & 0x0fL) << 32)
              | ((b[14] & 0xffL) << 24)
              | ((b[15] & 0xffL) << 16)
              | ((b[16] & 0xffL) << 8)
              | (b[17] & 0xffL);
      if (rate == 0) {
        throw corrupt(src, "STREAMINFO says sample rate 0 Hz");
      }
      if (bps < 4) {
        throw corrupt(src, "STREAMINFO says " + bps + " bits per sample");
      }
      // RFC 9639 section 8.2: block sizes are 16..65535 samples with min <= max; frame sizes are
      // 0 (unknown) or min <= max. A STREAMINFO breaking these is damaged, not a format we lack.
      if (maxBlock < 16 || minBlock > maxBlock) {
        throw corrupt(
            src, "STREAMINFO says block sizes " + minBlock + ".." + maxBlock + " samples");
      }
      if (minFrame != 0 && maxFrame != 0 && minFrame > maxFrame) {
        throw corrupt(src, "STREAMINFO says frame sizes " + minFrame + ".." + maxFrame + " bytes");
      }
      if (rate > 655_350) {
        throw corrupt(src, "STREAMINFO says sample rate " + rate + " Hz");
      }
      return new StreamInfo(maxBlock, rate, channels, bps, total);
    }
  }

  /** Decodes frames one at a time and hands them out as interleaved floats. */
  private static final class FlacStream extends AbstractAudioStream implements TaggedStream {
    private static final int[] RATE_CODES = {
      0, 88200, 176400, 192000, 8000, 16000, 22050, 24000, 32000, 44100, 48000, 96000
    };
    private static final int[] BITS_CODES = {0, 8, 12, -1, 16, 20, 24, 32};

    private final SourceFile src;
    private final AudioInfo info;
    private final StreamInfo si;
    private final TrackTags tags;
    private final FlacBitReader in;
    private final float scale;
    private int[][] block;
    private int[] residual = new int[0];
    private int blockSize;
    private int blockPos;
    private long decodedFrames;

    FlacStream(SourceFile src, AudioInfo info, StreamInfo si, TrackTags tags) {
      super(src.path());
      this.src = src;
      this.info = info;
      this.si = si;
      this.tags = tags;
      this.in = new FlacBitReader(src);
      this.scale = 1f / (1 << (si.bitsPerSample - 1));
      this.block = new int[si.channels][Math.max(16, Math.min(si.maxBlockSize, 65535))];
    }

    @Override
    public AudioInfo info() {
      return info;
    }

    @Override
    protected int readFrames(float[] out, int offset, int frames) {
      while (blockPos >= blockSize) {
        if (!decodeFrame()) {
          return -1;
        }
      }
      int n = Math.min(frames, blockSize - blockPos);
      int ch = si.channels;
      for (int c = 0; c < ch; c++) {
        int[] s = block[c];
        for (int i = 0; i < n; i++) {
          out[offset + i * ch + c] = s[blockPos + i] * scale;
        }
      }
      blockPos += n;
      return n;
    }

    /** Decodes the next frame into {@link #block}; returns false at the end of the stream. */
    private boolean decodeFrame() {
      if (si.totalSamples > 0 && decodedFrames >= si.totalSamples) {
        return false; // ignore trailing junk after the last frame
      }
      if (in.atEnd() || in.peekBytes(ID3V1_MAGIC)) {
        if (si.totalSamples > 0 && decodedFrames < si.totalSamples) {
          throw src.prematureEnd(
              "the FLAC audio frames (" + decodedFrames + " of " + si.totalSamples + " samples)");
        }
        return false;
      }
      in.markFrameStart();
      int sync = in.readBits(15);
      if (sync != 0x7ffc) {
        throw corrupt(src, "lost frame sync after " + decodedFrames + " samples");
      }
      in.readBits(1); // blocking strategy: fixed or variable, irrelevant for sequential decoding
      int bsCode = in.readBits(4);
      int rateCode = in.readBits(4);
      int chanCode = in.readBits(4);
      int bitsCode = in.readBits(3);
      if (in.readBits(1) != 0) {
        throw corrupt(src, "reserved header bit set");
      }
      readUtf8Number();
      int bs;
      if (bsCode == 0) {
        throw corrupt(src, "reserved block size code");
      } else if (bsCode == 1) {
        bs = 192;
      } else if (bsCode <= 5) {
        bs = 576 << (bsCode - 2);
      } else if (bsCode == 6) {
        bs = in.readBits(8) + 1;
      } else if (bsCode == 7) {
        bs = in.readBits(16) + 1;
      } else {
        bs = 256 << (bsCode - 8);
      }
      int rate;
      if (rateCode == 0) {
        rate = si.sampleRateHz;
      } else if (rateCode < 12) {
        rate = RATE_CODES[rateCode];
      } else if (rateCode == 12) {
        rate = in.readBits(8) * 1000;
      } else if (rateCode == 13) {
        rate = in.readBits(16);
      } else if (rateCode == 14) {
        rate = in.readBits(16) * 10;
      } else {
        throw corrupt(src, "invalid sample rate code");
      }
      int crc8 = in.crc8SinceMark();
      if (in.readBits(8) != crc8) {
        throw corrupt(src, "frame header CRC-8 mismatch after " + decodedFrames + " samples");
      }
      int channels = chanCode < 8 ? chanCode + 1 : 2;
      if (chanCode > 10) {
        throw corrupt(src, "reserved channel assignment");
      }
      int bps = bitsCode == 0 ? si.bitsPerSample : BITS_CODES[bitsCode];
      if (bps < 0) {
        throw corrupt(src, "reserved sample size code");
      }
      if (channels != si.channels || bps != si.bitsPerSample || rate != si.sampleRateHz) {
        throw corrupt(
            src,
            "frame format ("
                + rate
                + " Hz, "
                + channels
                + " ch, "
                + bps
                + " bit) differs from STREAMINFO");
      }
      if (block[0].length < bs) {
        block = new int[channels][bs];
      }
      for (int c = 0; c < channels; c++) {
        int sbps = bps;
        if ((chanCode == 8 && c == 1) || (chanCode == 9 && c == 0) || (chanCode == 10 && c == 1)) {
          sbps++; // the side channel needs one more bit
        }
        decodeSubframe(block[c], bs, sbps);
      }
      in.alignToByte();
      int crc16 = in.crc16SinceMark();
      if (in.readBits(16) != crc16) {
        throw corrupt(src, "frame CRC-16 mismatch after " + decodedFrames + " samples");
      }
      decorrelate(chanCode, bs);
      blockSize = bs;
      if (si.totalSamples > 0 && decodedFrames + bs > si.totalSamples) {
        blockSize = (int) (si.totalSamples - decodedFrames);
      }
      blockPos = 0;
      decodedFrames += blockSize;
      return true;
    }

    private void readUtf8Number() {
      int first = in.readBits(8);
      int extra;
      if ((first & 0x80) == 0) {
        extra = 0;
      } else if ((first & 0xe0) == 0xc0) {
        extra = 1;
      } else if ((first & 0xf0) == 0xe0) {
        extra = 2;
      } else if ((first & 0xf8) == 0xf0) {
        extra = 3;
      } else if ((first & 0xfc) == 0xf8) {
        extra = 4;
      } else if ((first & 0xfe) == 0xfc) {
        extra = 5;
      } else if (first == 0xfe) {
        extra = 6;
      } else {
        throw corrupt(src, "bad frame number");
      }
      for (int i = 0; i < extra; i++) {
        if ((in.readBits(8) & 0xc0) != 0x80) {
          throw corrupt(src, "bad frame number");
        }
      }
    }

    private void decodeSubframe(int[] out, int bs, int bps) {
      if (in.readBits(1) != 0) {
        throw corrupt(src, "subframe padding bit set");
      }
      int type = in.readBits(6);
      int wasted = 0;
      if (in.readBits(1) == 1) {
        wasted = in.readUnary() + 1;
        if (wasted >= bps) {
          throw corrupt(src, "too many wasted bits");
        }
        bps -= wasted;
      }
      if (type == 0) {
        int v = in.readSigned(bps);
        java.util.Arrays.fill(out, 0, bs, v);
      } else if (type == 1) {
        for (int i = 0; i < bs; i++) {
          out[i] = in.readSigned(bps);
        }
      } else if (type >= 8 && type <= 12) {
        int order = type - 8;
        if (order > bs) {
          throw corrupt(src, "predictor order larger than the block");
        }
        for (int i = 0; i < order; i++) {
          out[i] = in.readSigned(bps);
        }
        readResidual(bs, order);
        fixedPredict(out, bs, order);
      } else if (type >= 32) {
        int order = type - 31;
        if (order > bs) {
          throw corrupt(src, "predictor order larger than the block");
        }
        for (int i = 0; i < order; i++) {
          out[i] = in.readSigned(bps);
        }
        int precision = in.readBits(4) + 1;
        if (precision == 16) {
          throw corrupt(src, "invalid LPC precision");
        }
        int shift = in.readSigned(5);
        if (shift < 0) {
          throw corrupt(src, "negative LPC shift");
        }
        int[] coefs = new int[order];
        for (int i = 0; i < order; i++) {
          coefs[i] = in.readSigned(precision);
        }
        readResidual(bs, order);
        // As libFLAC (stream_decoder.c) does: 32-bit sums suffice when they cannot overflow.
        if (bps + precision + (32 - Integer.numberOfLeadingZeros(order)) <= 32) {
          lpcPredictInt(out, bs, coefs, shift);
        } else {
          lpcPredict(out, bs, coefs, shift);
        }
      } else {
        throw corrupt(src, "reserved subframe type " + type);
      }
      if (wasted > 0) {
        for (int i = 0; i < bs; i++) {
          out[i] <<= wasted;
        }
      }
    }

    private void readResidual(int bs, int order) {
      int method = in.readBits(2);
      if (method > 1) {
        throw corrupt(src, "reserved residual coding method");
      }
      int paramBits = method == 0 ? 4 : 5;
      int escape = method == 0 ? 15 : 31;
      int partitionOrder = in.readBits(4);
      int partitions = 1 << partitionOrder;
      if (bs % partitions != 0 || (bs >> partitionOrder) < order) {
        throw corrupt(src, "bad residual partition order");
      }
      if (residual.length < bs) {
        residual = new int[bs];
      }
      int perPartition = bs >> partitionOrder;
      int pos = order;
      for (int p = 0; p < partitions; p++) {
        int n = p == 0 ? perPartition - order : perPartition;
        int k = in.readBits(paramBits);
        if (k == escape) {
          int rawBits = in.readBits(5);
          if (rawBits == 0) {
            java.util.Arrays.fill(residual, pos, pos + n, 0);
          } else {
            for (int i = 0; i < n; i++) {
              residual[pos + i] = in.readSigned(rawBits);
            }
          }
        } else {
          in.readRice(k, residual, pos, n);
        }
        pos += n;
      }
    }

    private void fixedPredict(int[] s, int bs, int order) {
      int[] r = residual;
      switch (order) {
        case 0 -> System.arraycopy(r, 0, s, 0, bs);
        case 1 -> {
          for (int i = 1; i < bs; i++) {
            s[i] = r[i] + s[i - 1];
          }
        }
        case 2 -> {
          for (int i = 2; i < bs; i++) {
            s[i] = r[i] + 2 * s[i - 1] - s[i - 2];
          }
        }
        case 3 -> {
          for (int i = 3; i < bs; i++) {
            s[i] = r[i] + 3 * s[i - 1] - 3 * s[i - 2] + s[i - 3];
          }
        }
        default -> {
          for (int i = 4; i < bs; i++) {
            s[i] = r[i] + 4 * s[i - 1] - 6 * s[i - 2] + 4 * s[i - 3] - s[i - 4];
          }
        }
      }
    }

    private void lpcPredict(int[] s, int bs, int[] coefs, int shift) {
      int[] r = residual;
      int order = coefs.length;
      for (int i = order; i < bs; i++) {
        long sum = 0;
        for (int j = 0; j < order; j++) {
          sum += (long) coefs[j] * s[i - 1 - j];
        }
        s[i] = r[i] + (int) (sum >> shift);
      }
    }

    private void lpcPredictInt(int[] s, int bs, int[] coefs, int shift) {
      int[] r = residual;
      int order = coefs.length;
      for (int i = order; i < bs; i++) {
        int sum = 0;
        for (int j = 0; j < order; j++) {
          sum += coefs[j] * s[i - 1 - j];
        }
        s[i] = r[i] + (sum >> shift);
      }
    }

    private void decorrelate(int chanCode, int bs) {
      if (chanCode < 8) {
        return;
      }
      int[] a = block[0];
      int[] b = block[1];
      switch (chanCode) {
        case 8 -> {
          for (int i = 0; i < bs; i++) {
            b[i] = a[i] - b[i]; // right = left - side
          }
        }
        case 9 -> {
          for (int i = 0; i < bs; i++) {
            a[i] = a[i] + b[i]; // left = side + right
          }
        }
        default -> {
          for (int i = 0; i < bs; i++) {
            int side = b[i];
            int mid = (a[i] << 1) | (side & 1);
            a[i] = (mid + side) >> 1;
            b[i] = (mid - side) >> 1;
          }
        }
      }
    }

    @Override
    public TrackTags tags() {
      return tags;
    }

    @Override
    protected void release() {
      src.close();
    }
  }
}
