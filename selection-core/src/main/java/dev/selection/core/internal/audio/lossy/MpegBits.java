package dev.selection.core.internal.audio.lossy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * MSB-first bit reading over a byte array for the MPEG audio decoders. A read of up to 32 bits is
 * one unaligned big-endian 64-bit load (a JIT intrinsic) and two shifts, so callers must keep 8
 * readable bytes past any bit position they read from: the decoders pad their buffers for that.
 * Also the MPEG audio CRC-16. Stateless, thread-safe.
 */
final class MpegBits {
  private MpegBits() {}

  private static final VarHandle BE64 =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  /**
   * Returns the 32 bits starting at bit {@code pos} (the first bit in the most significant place).
   */
  static int peek32(byte[] b, int pos) {
    long v = (long) BE64.get(b, pos >>> 3);
    return (int) ((v << (pos & 7)) >>> 32);
  }

  /**
   * Returns the 64 bits at the byte holding bit {@code pos}, shifted so that bit {@code pos} is the
   * most significant: at least 57 valid bits.
   */
  static long peek64(byte[] b, int pos) {
    return (long) BE64.get(b, pos >>> 3) << (pos & 7);
  }

  /** Returns {@code n} (0..25) bits starting at bit {@code pos} as an unsigned value. */
  static int bits(byte[] b, int pos, int n) {
    return n == 0 ? 0 : peek32(b, pos) >>> (32 - n);
  }

  /**
   * The CRC-16 of MPEG audio (ISO/IEC 11172-3 section 2.4.3.1: generator x^16 + x^15 + x^2 + 1,
   * initial value 0xFFFF) over {@code nbits} bits of {@code b} starting at bit {@code pos},
   * continuing from {@code crc}.
   */
  static int crc16(int crc, byte[] b, int pos, int nbits) {
    int c = crc;
    for (int i = 0; i < nbits; i++) {
      int bit = (b[(pos + i) >>> 3] >>> (7 - ((pos + i) & 7))) & 1;
      int top = (c >>> 15) & 1;
      c = (c << 1) & 0xFFFF;
      if ((top ^ bit) != 0) {
        c ^= 0x8005;
      }
    }
    return c;
  }
}
