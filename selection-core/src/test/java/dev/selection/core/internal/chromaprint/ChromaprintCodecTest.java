package dev.selection.core.internal.chromaprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Round trips of the compressed format; the format itself is checked against fpcalc elsewhere. */
class ChromaprintCodecTest {
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void encodeThenDecode_returnsTheCodes(long seed) {
    System.out.println("codec round trip seed=" + seed);
    SplittableRandom random = new SplittableRandom(seed);
    int n = random.nextInt(1, 3000);
    int[] codes = new int[n];
    int code = random.nextInt();
    for (int i = 0; i < n; i++) {
      // Mostly small changes between neighbours, like real fingerprints, with some random jumps.
      code ^= random.nextInt(4) == 0 ? random.nextInt() : 1 << random.nextInt(32);
      codes[i] = code;
    }
    String text = ChromaprintCodec.encode(codes, 1);
    assertThat(text).matches("[A-Za-z0-9_-]+");
    assertThat(ChromaprintCodec.decode(text)).isEqualTo(codes);
  }

  @Test
  void extremeCodes_roundTrip() {
    int[] codes = {0, -1, 0x80000000, 1, 0x40000001, 0};
    assertThat(ChromaprintCodec.decode(ChromaprintCodec.encode(codes, 1))).isEqualTo(codes);
    assertThat(ChromaprintCodec.decode(ChromaprintCodec.encode(new int[0], 1))).isEmpty();
  }

  @Test
  void malformedText_isRejected() {
    assertThatThrownBy(() -> ChromaprintCodec.decode("A"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ChromaprintCodec.decode("AQ"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ChromaprintCodec.decode("AQAAZA"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ChromaprintCodec.decode("AQ+/AA=="))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
