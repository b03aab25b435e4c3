package dev.selection.core.internal.chromaprint;

import java.util.Arrays;
import java.util.Base64;

/**
 * Chromaprint's compressed fingerprint format, written from the facts of acoustid/chromaprint
 * v1.5.1 {@code src/fingerprint_compressor.cpp}, {@code fingerprint_decompressor.cpp}, {@code
 * utils/pack_int3_array.h}, {@code utils/pack_int5_array.h} and {@code utils/base64.h}.
 *
 * <p>Layout: byte 0 is the algorithm id, bytes 1..3 the code count (big-endian, 24 bits). Then
 * every code is XORed with its predecessor and the positions of its set bits are written as gaps
 * (1-based distance from the previous set bit), terminated by a 0; gaps are 3-bit values, and a gap
 * of 7 or more is written as 7 with the excess in a second stream of 5-bit values. Both streams are
 * packed LSB first; the normal stream comes first. The whole is base64 with the URL-safe alphabet
 * and no padding.
 *
 * <p>Thread-safe: stateless.
 */
public final class ChromaprintCodec {
  private static final int NORMAL_BITS = 3;
  private static final int EXCEPTION_BITS = 5;
  private static final int MAX_NORMAL_VALUE = (1 << NORMAL_BITS) - 1;

  private ChromaprintCodec() {}

  /**
   * Compresses raw codes.
   *
   * @param codes raw codes; at most 2^24 - 1 of them
   * @param algorithm algorithm id for the header byte (1 for the default algorithm)
   * @return the base64url text
   * @throws IllegalArgumentException if there are too many codes
   */
  public static String encode(int[] codes, int algorithm) {
    if (codes.length > 0xFFFFFF) {
      throw new IllegalArgumentException("too many codes: " + codes.length);
    }
    BitWriter normal = new BitWriter(codes.length * 4);
    BitWriter exceptional = new BitWriter(16);
    int previous = 0;
    for (int code : codes) {
      int x = code ^ previous;
      previous = code;
      int bit = 1;
      int lastBit = 0;
      while (x != 0) {
        if ((x & 1) != 0) {
          int gap = bit - lastBit;
          if (gap >= MAX_NORMAL_VALUE) {
            normal.write(MAX_NORMAL_VALUE, NORMAL_BITS);
            exceptional.write(gap - MAX_NORMAL_VALUE, EXCEPTION_BITS);
          } else {
            normal.write(gap, NORMAL_BITS);
          }
          lastBit = bit;
        }
        x >>>= 1;
        bit++;
      }
      normal.write(0, NORMAL_BITS);
    }
    byte[] normalBytes = normal.toBytes();
    byte[] exceptionalBytes = exceptional.toBytes();
    byte[] out = new byte[4 + normalBytes.length + exceptionalBytes.length];
    out[0] = (byte) algorithm;
    out[1] = (byte) (codes.length >>> 16);
    out[2] = (byte) (codes.length >>> 8);
    out[3] = (byte) codes.length;
    System.arraycopy(normalBytes, 0, out, 4, normalBytes.length);
    System.arraycopy(exceptionalBytes, 0, out, 4 + normalBytes.length, exceptionalBytes.length);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
  }

  /**
   * Decompresses a fingerprint made by {@link #encode} or by {@code fpcalc}.
   *
   * @param text the base64url text
   * @return the raw codes
   * @throws IllegalArgumentException if the text is not a well-formed compressed fingerprint
   */
  public static int[] decode(String text) {
    byte[] in;
    try {
      in = Base64.getUrlDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a Chromaprint fingerprint: bad base64url", e);
    }
    if (in.length < 4) {
      throw new IllegalArgumentException("not a Chromaprint fingerprint: shorter than 4 bytes");
    }
    int count = ((in[1] & 0xFF) << 16) | ((in[2] & 0xFF) << 8) | (in[3] & 0xFF);
    BitReader normal = new BitReader(in, 4);
    // First pass: find the normal values up to the count-th terminator.
    int normalValues = 0;
    int found = 0;
    int exceptions = 0;
    while (found < count) {
      if (!normal.has(NORMAL_BITS)) {
        throw new IllegalArgumentException("not a Chromaprint fingerprint: truncated");
      }
      int v = normal.read(NORMAL_BITS);
      normalValues++;
      if (v == 0) {
        found++;
      } else if (v == MAX_NORMAL_VALUE) {
        exceptions++;
      }
    }
    int exceptionOffset = 4 + (normalValues * NORMAL_BITS + 7) / 8;
    if (in.length < exceptionOffset + (exceptions * EXCEPTION_BITS + 7) / 8) {
      throw new IllegalArgumentException("not a Chromaprint fingerprint: exceptions truncated");
    }
    BitReader values = new BitReader(in, 4);
    BitReader excess = new BitReader(in, exceptionOffset);
    int[] codes = new int[count];
    int previous = 0;
    for (int i = 0; i < count; i++) {
      int value = 0;
      int lastBit = 0;
      while (true) {
        int gap = values.read(NORMAL_BITS);
        if (gap == 0) {
          break;
        }
        if (gap == MAX_NORMAL_VALUE) {
          gap += excess.read(EXCEPTION_BITS);
        }
        int bit = lastBit + gap;
        if (bit > 32) {
          throw new IllegalArgumentException("not a Chromaprint fingerprint: bit index " + bit);
        }
        value |= 1 << (bit - 1);
        lastBit = bit;
      }
      codes[i] = value ^ previous;
      previous = codes[i];
    }
    return codes;
  }

  /** Appends values LSB first into a growing byte array. */
  private static final class BitWriter {
    private byte[] bytes;
    private long bitCount;

    BitWriter(int initialBytes) {
      bytes = new byte[Math.max(16, initialBytes)];
    }

    void write(int value, int width) {
      for (int i = 0; i < width; i++) {
        int byteIndex = (int) (bitCount >>> 3);
        if (byteIndex == bytes.length) {
          bytes = Arrays.copyOf(bytes, bytes.length * 2);
        }
        if (((value >>> i) & 1) != 0) {
          bytes[byteIndex] |= (byte) (1 << (bitCount & 7));
        }
        bitCount++;
      }
    }

    byte[] toBytes() {
      return Arrays.copyOf(bytes, (int) ((bitCount + 7) >>> 3));
    }
  }

  /** Reads values LSB first. */
  private static final class BitReader {
    private final byte[] bytes;
    private long bit;

    BitReader(byte[] bytes, int byteOffset) {
      this.bytes = bytes;
      this.bit = (long) byteOffset * 8;
    }

    boolean has(int width) {
      return bit + width <= (long) bytes.length * 8;
    }

    int read(int width) {
      if (!has(width)) {
        throw new IllegalArgumentException("not a Chromaprint fingerprint: truncated");
      }
      int value = 0;
      for (int i = 0; i < width; i++) {
        if ((bytes[(int) (bit >>> 3)] & (1 << (bit & 7))) != 0) {
          value |= 1 << i;
        }
        bit++;
      }
      return value;
    }
  }
}
