package dev.selection.core.internal.audio.lossy;

/**
 * Decodes whole MPEG audio frames (layers I, II, III) of one stream to interleaved float PCM:
 * checks the CRC, runs the layer's decoder and the synthesis filterbank of each channel.
 *
 * <p>CRC policy: a frame whose CRC-16 (11172-3 section 2.4.3.1) does not match is concealed
 * (decoded as silence, keeping the timeline and, for layer III, the bit reservoir) once at least
 * one frame of the stream has passed its check; until then mismatches are ignored, because some
 * encoders write wrong CRCs into every frame (FFmpeg never acts on a mismatch by default). Not
 * thread-safe; no allocation after construction.
 */
final class MpegFrameDecoder {
  private final int channels;
  private final Layer3Decoder layer3;
  private final Layer12Decoder layer12;
  private final SynthesisFilterbank synthesis;
  private final float[][][] subbands;
  private final int[] protectedBits = new int[1];

  /** Interleaved output of the last frame. */
  final float[] pcm;

  private boolean crcTrusted;
  private long crcFailures;
  private long framesDecoded;
  private long framesSkipped;

  MpegFrameDecoder(int channels) {
    this.channels = channels;
    layer3 = new Layer3Decoder(channels);
    layer12 = new Layer12Decoder(channels);
    synthesis = new SynthesisFilterbank(channels);
    subbands = new float[2][36][32];
    pcm = new float[1152 * channels];
  }

  /** Frames whose CRC did not match. */
  long crcFailures() {
    return crcFailures;
  }

  /** Frames skipped because their side information was invalid. */
  long framesSkipped() {
    return framesSkipped;
  }

  /**
   * Decodes one frame into {@link #pcm}.
   *
   * @param f the frame bytes, with at least 8 zero or readable bytes after {@code length}
   * @param length the frame length
   * @param header the frame's 32-bit header (its channel count must be this decoder's)
   * @return samples per channel written to {@link #pcm}; 0 when the frame was skipped
   */
  int decode(byte[] f, int length, int header) {
    int layer = MpegHeaders.layer(header);
    boolean crc = MpegHeaders.crc(header);
    int pos = crc ? 6 : 4;
    boolean conceal = false;
    int slots;
    if (layer == 3) {
      if (crc) {
        boolean lsf = MpegHeaders.version(header) != 1;
        int side = lsf ? (channels == 1 ? 9 : 17) : (channels == 1 ? 17 : 32);
        if (pos + side <= length) {
          conceal = !crcMatches(f, side * 8);
        }
      }
      slots = layer3.decode(f, length, header, pos, conceal, subbands);
    } else {
      slots = layer12.decode(f, length, header, pos, subbands, protectedBits);
      if (crc && !crcMatches(f, protectedBits[0])) {
        conceal = true;
        for (float[][] channel : subbands) {
          for (float[] row : channel) {
            java.util.Arrays.fill(row, 0f);
          }
        }
      }
    }
    if (slots <= 0) {
      framesSkipped++;
      return 0;
    }
    framesDecoded++;
    synthesis.synthesize(subbands, slots, pcm);
    return slots * 32;
  }

  /**
   * Checks the CRC over header bytes 2-3 and {@code bits} bits after it; applies the trust policy.
   */
  private boolean crcMatches(byte[] f, int bits) {
    int c = MpegBits.crc16(0xFFFF, f, 16, 16);
    c = MpegBits.crc16(c, f, 48, bits);
    int stored = ((f[4] & 0xFF) << 8) | (f[5] & 0xFF);
    if (c == stored) {
      crcTrusted = true;
      return true;
    }
    crcFailures++;
    return !crcTrusted;
  }

  /** Forgets the filter histories and the reservoir (after a gap). */
  void reset() {
    layer3.reset();
    synthesis.reset();
  }
}
