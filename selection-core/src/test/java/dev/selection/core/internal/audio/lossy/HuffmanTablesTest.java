package dev.selection.core.internal.audio.lossy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Checks the transcription of the layer III Huffman tables (ISO/IEC 11172-3 Table B.7) and the
 * lookup tables built from them: every code table must be a complete prefix code, and every symbol
 * (code plus its sign bits) must decode to its own values and length.
 */
class HuffmanTablesTest {
  @Test
  void everyCodeTable_isACompletePrefixCode() {
    for (int t = 0; t < HuffmanTables.CODES.length; t++) {
      int[] codes = HuffmanTables.CODES[t];
      int[] lengths = HuffmanTables.LENGTHS[t];
      double kraft = 0;
      for (int i = 0; i < codes.length; i++) {
        kraft += Math.pow(2, -lengths[i]);
        assertThat(codes[i]).isLessThan(1 << lengths[i]);
        for (int j = 0; j < codes.length; j++) {
          if (i != j && lengths[j] >= lengths[i]) {
            int prefix = codes[j] >>> (lengths[j] - lengths[i]);
            assertThat(prefix)
                .as("table %d: code %d is a prefix of code %d", HuffmanTables.NUMBERS[t], i, j)
                .isNotEqualTo(codes[i]);
          }
        }
      }
      assertThat(kraft)
          .as("Kraft sum of table %d", HuffmanTables.NUMBERS[t])
          .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
    }
  }

  @Test
  void everySymbol_decodesToItsSignedValuesThroughTheLookupTables() {
    for (int t = 0; t < HuffmanTables.CODES.length; t++) {
      int number = HuffmanTables.NUMBERS[t];
      int[] codes = HuffmanTables.CODES[t];
      int[] lengths = HuffmanTables.LENGTHS[t];
      int size = (int) Math.round(Math.sqrt(codes.length));
      int base = HuffmanTables.TABLE_OFFSET[number];
      boolean linbits = number >= 16;
      for (int i = 0; i < codes.length; i++) {
        int x = i / size;
        int y = i % size;
        boolean escape = linbits && (x == 15 || y == 15);
        int signs = escape ? 0 : (x != 0 ? 1 : 0) + (y != 0 ? 1 : 0);
        for (int s = 0; s < (1 << signs); s++) {
          int len = lengths[i] + signs;
          long symbol = ((long) codes[i] << signs) | s;
          long w = symbol << (64 - len);
          int e = HuffmanTables.LUT[base + (int) (w >>> (64 - HuffmanTables.FIRST_BITS))];
          if (e < 0) {
            e =
                HuffmanTables.LUT[
                    base
                        + ((e >>> 5) & 0x3FFFFF)
                        + (int) ((w << HuffmanTables.FIRST_BITS) >>> (64 - (e & 31)))];
          }
          assertThat(e >>> 16).as("length, table %d symbol %d", number, i).isEqualTo(len);
          if (escape) {
            assertThat(e & HuffmanTables.ESCAPE).isNotZero();
            assertThat((e >>> 5) & 15).isEqualTo(x);
            assertThat(e & 15).isEqualTo(y);
          } else {
            int bit = signs - 1;
            int sx = x;
            int sy = y;
            if (x != 0) {
              sx = ((s >>> bit--) & 1) != 0 ? -x : x;
            }
            if (y != 0) {
              sy = ((s >>> bit) & 1) != 0 ? -y : y;
            }
            assertThat((e << 22) >> 27).as("x, table %d symbol %d", number, i).isEqualTo(sx);
            assertThat((e << 27) >> 27).as("y, table %d symbol %d", number, i).isEqualTo(sy);
          }
        }
      }
    }
  }

  @Test
  void count1Tables_decodeEveryQuadrupleWithItsSigns() {
    int[] codesA = {1, 5, 4, 5, 6, 5, 4, 4, 7, 3, 6, 0, 7, 2, 3, 1};
    int[] bitsA = {1, 4, 4, 5, 4, 6, 5, 6, 4, 5, 5, 6, 5, 6, 6, 6};
    for (int v = 0; v < 16; v++) {
      int n = Integer.bitCount(v);
      for (int s = 0; s < (1 << n); s++) {
        int lenA = bitsA[v] + n;
        int eA = HuffmanTables.QUAD_A[((codesA[v] << n) | s) << (10 - lenA)];
        int eB = HuffmanTables.QUAD_B[(((15 - v) << n) | s) << (8 - (4 + n))];
        assertThat(eA >>> 8).isEqualTo(lenA);
        assertThat(eB >>> 8).isEqualTo(4 + n);
        int bit = n - 1;
        for (int k = 0; k < 4; k++) {
          int q = 0;
          if ((v & (8 >>> k)) != 0) {
            q = ((s >>> bit--) & 1) != 0 ? -1 : 1;
          }
          assertThat((eA << (24 + 2 * k)) >> 30).isEqualTo(q);
          assertThat((eB << (24 + 2 * k)) >> 30).isEqualTo(q);
        }
      }
    }
  }
}
