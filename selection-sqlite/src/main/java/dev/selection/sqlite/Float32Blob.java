package dev.selection.sqlite;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.SQLException;

/**
 * Vectors as little-endian IEEE-754 float32 BLOBs: 4 bytes per element, raw bits, so every value
 * (including -0.0, subnormals, infinities and NaN payloads) round-trips exactly.
 */
final class Float32Blob {
  private Float32Blob() {}

  /** Encodes a vector; null stays null. */
  static byte[] encode(float[] v) {
    if (v == null) {
      return null;
    }
    ByteBuffer b = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    return b.array();
  }

  /**
   * Decodes a vector; null stays null.
   *
   * @throws SQLException if the length is not a multiple of 4
   */
  static float[] decode(byte[] blob, String column) throws SQLException {
    if (blob == null) {
      return null;
    }
    if (blob.length % Float.BYTES != 0) {
      throw new SQLException(
          "column " + column + " holds " + blob.length + " bytes, not a float32 vector");
    }
    float[] v = new float[blob.length / Float.BYTES];
    ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
    return v;
  }
}
