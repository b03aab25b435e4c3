package dev.selection.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;

/**
 * One JSON object per line, keys in insertion order. Every {@code double} is written with at most
 * {@value #SIGNIFICANT_DIGITS} significant digits: the values are measurements, and a float widened
 * to double ({@code 0.8999999761581421}) or a sum's rounding error is noise, not information.
 * {@code float}s (embedding vectors) are written as they are, in their shortest form.
 */
final class Json {
  /** Significant digits of a double in the output. */
  static final int SIGNIFICANT_DIGITS = 6;

  private static final MathContext ROUNDING = new MathContext(SIGNIFICANT_DIGITS);

  private static final ObjectMapper MAPPER =
      new ObjectMapper(JsonFactory.builder().addDecorator((f, g) -> new Rounding(g)).build())
          .disable(SerializationFeature.INDENT_OUTPUT);

  /** Rounds a measurement to {@link #SIGNIFICANT_DIGITS}; NaN and infinities pass unchanged. */
  static double round(double v) {
    if (!Double.isFinite(v) || v == 0) {
      return v;
    }
    return new BigDecimal(v).round(ROUNDING).doubleValue();
  }

  /** Writes every double through {@link #round}. */
  private static final class Rounding extends JsonGeneratorDelegate {
    Rounding(JsonGenerator d) {
      super(d, false);
    }

    @Override
    public void writeNumber(double v) throws IOException {
      delegate.writeNumber(round(v));
    }
  }

  private Json() {}

  /** Returns {@code map} as one line of JSON. */
  static String line(Map<String, ?> map) {
    try {
      return MAPPER.writeValueAsString(map);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Appends the {@code k} most probable tags as {@code {"tag": name, "p": probability}} objects,
   * most probable first; nothing when {@code probabilities} is null.
   */
  static void putTopTags(
      com.fasterxml.jackson.databind.node.ArrayNode out,
      float[] probabilities,
      java.util.List<String> names,
      int k) {
    if (probabilities == null || names.size() != probabilities.length) {
      return;
    }
    Integer[] order = new Integer[probabilities.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Float.compare(probabilities[b], probabilities[a]));
    for (int i = 0; i < Math.min(k, order.length); i++) {
      out.addObject()
          .put("tag", names.get(order[i]))
          .put("p", Math.round(probabilities[order[i]] * 1000) / 1000.0);
    }
  }

  /** Returns the shared mapper. */
  static ObjectMapper mapper() {
    return MAPPER;
  }
}
