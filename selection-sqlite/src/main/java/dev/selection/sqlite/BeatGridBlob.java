package dev.selection.sqlite;

import dev.selection.api.BeatGrid;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The beat grid as a little-endian BLOB: byte format version (1), byte beats per bar, byte first
 * downbeat (0xFF when unknown), int32 section count, then per section float64 start (s), float64
 * period (s), int32 beats. 20 bytes a section: 27 bytes for a steady track of any length; doubles
 * round-trip exactly.
 */
final class BeatGridBlob {
  private static final byte VERSION = 1;

  private BeatGridBlob() {}

  /** Encodes a grid; null stays null. */
  static byte[] encode(BeatGrid g) {
    if (g == null) {
      return null;
    }
    ByteBuffer b = ByteBuffer.allocate(7 + 20 * g.sections().size()).order(ByteOrder.LITTLE_ENDIAN);
    b.put(VERSION).put((byte) g.beatsPerBar()).put((byte) g.firstDownbeat());
    b.putInt(g.sections().size());
    for (BeatGrid.Section s : g.sections()) {
      b.putDouble(s.startSec()).putDouble(s.periodSec()).putInt(s.beats());
    }
    return b.array();
  }

  /**
   * Decodes a grid; null stays null.
   *
   * @throws SQLException if the bytes are not a grid of a known version
   */
  static BeatGrid decode(byte[] blob) throws SQLException {
    if (blob == null) {
      return null;
    }
    try {
      ByteBuffer b = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
      byte version = b.get();
      if (version != VERSION) {
        throw new SQLException("beatGrid has an unknown format version " + version);
      }
      int beatsPerBar = b.get() & 0xFF;
      int firstDownbeat = b.get();
      int n = b.getInt();
      if (n < 0 || n > b.remaining() / 20) {
        throw new SQLException("beatGrid holds a bad section count " + n);
      }
      List<BeatGrid.Section> sections = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        sections.add(new BeatGrid.Section(b.getDouble(), b.getDouble(), b.getInt()));
      }
      if (b.hasRemaining()) {
        throw new SQLException("beatGrid has " + b.remaining() + " trailing bytes");
      }
      return new BeatGrid(sections, beatsPerBar, firstDownbeat);
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new SQLException("beatGrid is malformed", e);
    }
  }
}
