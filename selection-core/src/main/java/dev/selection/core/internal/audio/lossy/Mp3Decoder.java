package dev.selection.core.internal.audio.lossy;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.AudioDecoder;
import dev.selection.api.spi.AudioStream;
import dev.selection.core.internal.audio.SourceFile;
import dev.selection.core.internal.audio.tags.ApeTags;
import dev.selection.core.internal.audio.tags.Id3Tags;
import dev.selection.core.internal.audio.tags.TagCollector;
import dev.selection.core.internal.audio.tags.TrackTags;
import java.nio.file.Path;

/**
 * Our own pure-Java MPEG audio decoder (MPEG-1, MPEG-2 LSF and MPEG-2.5; layers I, II and III),
 * written from ISO/IEC 11172-3 and 13818-3: see {@link MpegFrameDecoder}, {@link Layer3Decoder},
 * {@link Layer12Decoder} and {@link SynthesisFilterbank}. No third-party code.
 *
 * <p>Recognises a file by an ID3v2 tag followed by a valid frame header, or by a bare frame header
 * confirmed by a second one of the same stream where the first frame's length puts it. Output
 * matches {@code ffmpeg -i x.mp3 -f f32le} in length, and in value to within ISO/IEC 11172-4's
 * "full accuracy" limits: the Xing/Info frame is not decoded, and with a LAME tag the encoder delay
 * plus the decoder delay of 529 samples are trimmed at the start and the padding at the end, as
 * FFmpeg does. Garbage between frames is skipped. A file that holds fewer frames than its Xing tag
 * announces is reported as truncated ({@code CORRUPT_AUDIO}) after its audio was delivered. ID3v2
 * (at the start) and ID3v1 (at the end) tags are read with the tag package's parsers.
 *
 * <p>Thread-safe (stateless); streams are independent.
 */
public final class Mp3Decoder implements AudioDecoder {
  static final String NAME = "mp3";

  /**
   * Bump when the PCM produced for some file changes: it is part of every MP3 songId's provenance.
   * Version 1 was JLayer's output (1+jlayer-1.0.1.4); 2 is our own decoder.
   */
  static final String VERSION = "2";

  /** ID3v2 tags larger than this are skipped without being parsed (cover art, mostly). */
  private static final int MAX_TAG_BYTES = 16 << 20;

  /** Creates the decoder (for {@link java.util.ServiceLoader}). */
  public Mp3Decoder() {}

  @Override
  public String name() {
    return NAME;
  }

  /** Returns our decoder's version, e.g. {@code 2}. */
  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public boolean canDecode(Path file, byte[] head) {
    if (head == null) {
      return false;
    }
    try {
      return sniff(file, head);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Magic-byte check. */
  static boolean sniff(Path file, byte[] head) {
    int tag = Mp3FrameReader.id3v2Size(head, 0, head.length);
    byte[] b = head;
    if (tag > 0) {
      b =
          tag + 16 <= head.length
              ? java.util.Arrays.copyOfRange(head, tag, head.length)
              : (file == null ? new byte[0] : LossySupport.readAt(file, tag, 8192));
    }
    int off = 0;
    // Some taggers pad with zeros after the tag; some files start with a few zero bytes.
    while (off < b.length && off < 4096 && b[off] == 0) {
      off++;
    }
    if (off + 4 > b.length) {
      return false;
    }
    int h = be32(b, off);
    if (!MpegHeaders.valid(h)) {
      return false;
    }
    if (MpegHeaders.freeFormat(h)) {
      // The length is not in the header: look for the next header of the stream.
      for (int d = off + 8; d + 4 <= b.length && d - off <= Mp3FrameReader.MAX_FRAME_BYTES; d++) {
        if (MpegHeaders.sameStream(h, be32(b, d))) {
          return true;
        }
      }
      return false;
    }
    int next = off + MpegHeaders.frameBytes(h, 0);
    if (next + 4 <= b.length) {
      return MpegHeaders.sameStream(h, be32(b, next));
    }
    // Past the bytes we have: enough after an ID3v2 tag, not for a bare sync.
    return tag > 0;
  }

  private static int be32(byte[] b, int o) {
    return ((b[o] & 0xFF) << 24)
        | ((b[o + 1] & 0xFF) << 16)
        | ((b[o + 2] & 0xFF) << 8)
        | (b[o + 3] & 0xFF);
  }

  /**
   * {@inheritDoc}
   *
   * @throws SelectionException {@code UNSUPPORTED_FORMAT} when no MPEG audio frames are found,
   *     {@code CORRUPT_AUDIO} when the first frames are damaged, {@code IO_ERROR} when the file
   *     cannot be read
   */
  @Override
  public AudioStream open(Path file) {
    SourceFile.checkReadableRegularFile(file);
    return new Mp3Stream(file, NAME + "/" + VERSION, readTags(file));
  }

  /**
   * Reads the ID3v2 tag(s) at the start, an APEv2 tag and the ID3v1 tag at the end; never throws on
   * bad tags.
   */
  static TrackTags readTags(Path file) {
    TagCollector tags = new TagCollector();
    try (SourceFile src = SourceFile.open(file)) {
      long size = src.size();
      long pos = 0;
      // Several ID3v2 tags may follow each other; the first one's fields win.
      for (int n = 0; n < 4 && pos + Id3Tags.V2_HEADER_BYTES <= size; n++) {
        byte[] header = src.readAt(pos, Id3Tags.V2_HEADER_BYTES, "an ID3v2 header");
        int len = Id3Tags.v2TagSize(header, 0);
        if (len < 0 || pos + len > size) {
          break;
        }
        if (len <= MAX_TAG_BYTES) {
          Id3Tags.parseV2(src.readAt(pos, len, "an ID3v2 tag"), tags);
        }
        pos += len;
      }
      // APEv2 sits before an ID3v1 tag (or at the end); ID3v2 fields win, then APE, then ID3v1.
      boolean v1 =
          size >= pos + Id3Tags.V1_BYTES
              && Id3Tags.isV1(src.readAt(size - Id3Tags.V1_BYTES, 3, "an ID3v1 tag"));
      long apeEnd = size - (v1 ? Id3Tags.V1_BYTES : 0);
      if (apeEnd - ApeTags.FOOTER_BYTES >= pos) {
        int apeSize =
            ApeTags.tagSize(
                src.readAt(apeEnd - ApeTags.FOOTER_BYTES, ApeTags.FOOTER_BYTES, "an APE footer"));
        if (apeSize > 0 && apeSize <= MAX_TAG_BYTES && apeEnd - apeSize >= pos) {
          ApeTags.parse(src.readAt(apeEnd - apeSize, apeSize, "an APE tag"), tags);
        }
      }
      if (size >= pos + Id3Tags.V1_BYTES) {
        Id3Tags.parseV1(
            src.readAt(size - Id3Tags.V1_BYTES, Id3Tags.V1_BYTES, "an ID3v1 tag"), tags);
      }
    } catch (SelectionException e) {
      if (e.code() == ErrorCode.IO_ERROR) {
        throw e;
      }
      // A tag is advisory: a damaged one never stops decoding.
    }
    return tags.toTags();
  }

  @Override
  public String toString() {
    return "Mp3Decoder[" + VERSION + "]";
  }
}
