package dev.selection.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selection.api.Label;
import dev.selection.api.SongFeatures;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The {@code params} of one request, read strictly: an unknown name, a missing required value or a
 * value of the wrong type is an {@code INVALID_PARAMS} error that names the parameter.
 */
final class RpcParams {
  private static final int MAX_LIST = 1_000_000;

  private final String method;
  private final JsonNode params;

  RpcParams(String method, JsonNode params, Set<String> allowed) {
    this.method = method;
    if (params == null || params.isNull() || params.isMissingNode()) {
      this.params = Json.mapper().createObjectNode();
    } else if (params.isObject()) {
      this.params = params;
    } else {
      throw RpcError.params(method + ": params must be an object (by name), not " + kind(params));
    }
    for (Iterator<String> it = this.params.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        throw RpcError.params(
            method
                + ": unknown parameter '"
                + name
                + "'"
                + (allowed.isEmpty() ? " (it takes none)" : "; expected " + allowed));
      }
    }
  }

  private static String kind(JsonNode n) {
    return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  private JsonNode get(String name, boolean required) {
    JsonNode n = params.get(name);
    if ((n == null || n.isNull()) && required) {
      throw RpcError.params(method + ": missing parameter '" + name + "'");
    }
    return n == null || n.isNull() ? null : n;
  }

  String string(String name, boolean required) {
    JsonNode n = get(name, required);
    if (n == null) {
      return null;
    }
    if (!n.isTextual()) {
      throw RpcError.params(method + ": '" + name + "' must be a string, not " + kind(n));
    }
    return n.asText();
  }

  List<String> strings(String name) {
    JsonNode n = get(name, true);
    if (!n.isArray()) {
      throw RpcError.params(method + ": '" + name + "' must be an array of strings");
    }
    if (n.size() > MAX_LIST) {
      throw RpcError.params(method + ": '" + name + "' has more than " + MAX_LIST + " items");
    }
    List<String> out = new ArrayList<>(n.size());
    for (JsonNode e : n) {
      if (!e.isTextual()) {
        throw RpcError.params(method + ": '" + name + "' must hold strings only, found " + kind(e));
      }
      out.add(e.asText());
    }
    return out;
  }

  /** Song ids: 64 lowercase hex digits each. */
  List<String> songIds(String name) {
    List<String> ids = strings(name);
    for (String id : ids) {
      songId(name, id);
    }
    return ids;
  }

  String songId(String name) {
    return songId(name, string(name, true));
  }

  private String songId(String name, String id) {
    try {
      return SongFeatures.requireSongId(id);
    } catch (IllegalArgumentException e) {
      throw RpcError.params(
          method + ": '" + name + "' holds a malformed song id (64 lowercase hex digits): " + id);
    }
  }

  /** Absolute file paths. */
  List<Path> paths(String name) {
    List<Path> out = new ArrayList<>();
    for (String s : strings(name)) {
      out.add(path(name, s));
    }
    return out;
  }

  Path path(String name) {
    return path(name, string(name, true));
  }

  private Path path(String name, String s) {
    Path p;
    try {
      p = Path.of(s);
    } catch (InvalidPathException e) {
      throw RpcError.params(method + ": '" + name + "' holds an invalid path: " + s);
    }
    if (!p.isAbsolute()) {
      throw RpcError.params(method + ": '" + name + "' must hold absolute paths: " + s);
    }
    return p.normalize();
  }

  Label label(String name) {
    String word = string(name, true);
    try {
      return Label.parse(word);
    } catch (IllegalArgumentException e) {
      throw RpcError.params(
          method + ": '" + name + "' must be liked, disliked or neutral, not '" + word + "'");
    }
  }

  int integer(String name, int defaultValue, int min, int max) {
    JsonNode n = get(name, false);
    if (n == null) {
      return defaultValue;
    }
    if (!n.canConvertToInt() || !n.isIntegralNumber()) {
      throw RpcError.params(method + ": '" + name + "' must be an integer");
    }
    int v = n.asInt();
    if (v < min || v > max) {
      throw RpcError.params(
          method + ": '" + name + "' must be in " + min + ".." + max + ", not " + v);
    }
    return v;
  }

  boolean bool(String name, boolean defaultValue) {
    JsonNode n = get(name, false);
    if (n == null) {
      return defaultValue;
    }
    if (!n.isBoolean()) {
      throw RpcError.params(method + ": '" + name + "' must be true or false");
    }
    return n.asBoolean();
  }

  /** A raw JSON-RPC id value (string or number), for {@code $/cancelRequest}. */
  JsonNode id(String name) {
    JsonNode n = get(name, true);
    if (!n.isTextual() && !n.isIntegralNumber()) {
      throw RpcError.params(method + ": '" + name + "' must be a string or an integer");
    }
    return n;
  }
}
