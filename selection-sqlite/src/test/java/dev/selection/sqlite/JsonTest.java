package dev.selection.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {
  @Test
  void writeObject_isSortedCompactJson() {
    assertThat(Json.writeObject(Map.of("b", "2", "a", "x\"y\\z\n\u0001")))
        .isEqualTo("{\"a\":\"x\\\"y\\\\z\\n\\u0001\",\"b\":\"2\"}");
    assertThat(Json.writeArray(List.of("House", "Drum & Bass")))
        .isEqualTo("[\"House\",\"Drum & Bass\"]");
  }

  @Test
  void read_acceptsStandardJsonWithSpacesAndEscapes() throws SQLException {
    assertThat(Json.readObject(" { \"k\" : \"v\\u00e9\\/\\t\" , \"a\":\"\" } "))
        .isEqualTo(Map.of("k", "v\u00e9/\t", "a", ""));
    assertThat(Json.readArray("[ ]")).isEmpty();
    assertThat(Json.readObject(null)).isEmpty();
  }

  @Test
  void read_refusesMalformedText() {
    for (String bad : List.of("{", "{\"a\":1}", "[\"a\",]", "{\"a\":\"b\"} x", "[\"\\q\"]")) {
      assertThatThrownBy(() -> Json.readObject(bad.startsWith("[") ? "x" + bad : bad))
          .as(bad)
          .isInstanceOf(SQLException.class);
    }
    assertThatThrownBy(() -> Json.readArray("[\"\\q\"]")).isInstanceOf(SQLException.class);
  }

  @ParameterizedTest(name = "seed={0}")
  @ValueSource(longs = {1, 2, 3})
  void randomStrings_roundTrip(long seed) throws SQLException {
    System.out.println("JsonTest.randomStrings_roundTrip seed=" + seed);
    Random rnd = new Random(seed);
    for (int k = 0; k < 200; k++) {
      StringBuilder sb = new StringBuilder();
      for (int i = rnd.nextInt(12); i > 0; i--) {
        sb.append((char) (rnd.nextBoolean() ? rnd.nextInt(0x80) : rnd.nextInt(0xd800)));
      }
      String s = sb.toString();
      assertThat(Json.readObject(Json.writeObject(Map.of(s, s))))
          .as("seed %d", seed)
          .isEqualTo(Map.of(s, s));
      assertThat(Json.readArray(Json.writeArray(List.of(s, "x")))).isEqualTo(List.of(s, "x"));
    }
  }
}
