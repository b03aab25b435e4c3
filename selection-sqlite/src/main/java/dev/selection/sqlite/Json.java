package dev.selection.sqlite;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The two JSON shapes the stores keep in TEXT columns: a flat object of strings (extractor
 * versions) and an array of strings (genres). Tiny on purpose: the module depends on nothing but
 * sqlite-jdbc.
 */
final class Json {
  private Json() {}

  /** Writes {@code {"k":"v",...}} with keys in sorted order. */
  static String writeObject(Map<String, String> map) {
    StringBuilder sb = new StringBuilder("{");
    for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      quote(sb, e.getKey()).append(':');
      quote(sb, e.getValue());
    }
    return sb.append('}').toString();
  }

  /** Writes {@code ["a",...]}. */
  static String writeArray(List<String> list) {
    StringBuilder sb = new StringBuilder("[");
    for (String s : list) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      quote(sb, s);
    }
    return sb.append(']').toString();
  }

  private static StringBuilder quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"');
  }

  /** Reads a flat object of strings; null or blank reads as empty. */
  static Map<String, String> readObject(String json) throws SQLException {
    Map<String, String> out = new TreeMap<>();
    if (json == null || json.isBlank()) {
      return out;
    }
    Parser p = new Parser(json);
    p.expect('{');
    if (!p.tryConsume('}')) {
      do {
        String k = p.string();
        p.expect(':');
        out.put(k, p.string());
      } while (p.tryConsume(','));
      p.expect('}');
    }
    p.end();
    return out;
  }

  /** Reads an array of strings; null or blank reads as empty. */
  static List<String> readArray(String json) throws SQLException {
    List<String> out = new ArrayList<>();
    if (json == null || json.isBlank()) {
      return out;
    }
    Parser p = new Parser(json);
    p.expect('[');
    if (!p.tryConsume(']')) {
      do {
        out.add(p.string());
      } while (p.tryConsume(','));
      p.expect(']');
    }
    p.end();
    return out;
  }

  private static final class Parser {
    private final String s;
    private int i;

    Parser(String s) {
      this.s = s;
    }

    private void skipSpace() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }

    boolean tryConsume(char c) {
      skipSpace();
      if (i < s.length() && s.charAt(i) == c) {
        i++;
        return true;
      }
      return false;
    }

    void expect(char c) throws SQLException {
      if (!tryConsume(c)) {
        throw fail("expected '" + c + "'");
      }
    }

    void end() throws SQLException {
      skipSpace();
      if (i != s.length()) {
        throw fail("trailing characters");
      }
    }

    String string() throws SQLException {
      expect('"');
      StringBuilder sb = new StringBuilder();
      while (true) {
        if (i >= s.length()) {
          throw fail("unterminated string");
        }
        char c = s.charAt(i++);
        if (c == '"') {
          return sb.toString();
        }
        if (c != '\\') {
          sb.append(c);
          continue;
        }
        if (i >= s.length()) {
          throw fail("unterminated escape");
        }
        char e = s.charAt(i++);
        switch (e) {
          case '"', '\\', '/' -> sb.append(e);
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'u' -> {
            if (i + 4 > s.length()) {
              throw fail("short \\u escape");
            }
            try {
              sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            } catch (NumberFormatException ex) {
              throw fail("bad \\u escape");
            }
            i += 4;
          }
          default -> throw fail("bad escape");
        }
      }
    }

    private SQLException fail(String why) {
      return new SQLException("malformed JSON column (" + why + " at " + i + "): " + s);
    }
  }
}
