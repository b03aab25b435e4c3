package dev.selection.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Map;

/** One JSON object per line, keys in insertion order. */
final class Json {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

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
