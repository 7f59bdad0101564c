package dev.blockwire.gateway.flow;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blockwire.gateway.Json;

/**
 * JSON as Go's {@code encoding/json} writes and reads it, for byte-exact Flow frames: strings with
 * {@code <} {@code >} {@code &} U+2028 U+2029 escaped as {@code \}u sequences, map keys sorted,
 * numbers as float64 (when re-marshalling {@code map[string]any}), and the scanner's error texts
 * for text that is not JSON.
 */
final class GoJson {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** Appends {@code value} as a Go-escaped JSON string. */
  static StringBuilder quote(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      final char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '<', '>', '&', '\u2028', '\u2029' -> unicode(out, c);
        default -> {
          if (c < 0x20) {
            unicode(out, c);
          } else if (Character.isSurrogate(c) && !validSurrogatePair(value, i)) {
            out.append("\\ufffd"); // Go replaces invalid UTF-8 (here: a lone surrogate)
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"');
  }

  static String quote(String value) {
    return quote(new StringBuilder(value.length() + 2), value).toString();
  }

  private static boolean validSurrogatePair(String s, int i) {
    final char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }

  private static void unicode(StringBuilder out, char c) {
    out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
  }

  /** A decoded {@code any} re-marshalled: objects with sorted keys, numbers as float64. */
  static StringBuilder marshalAny(StringBuilder out, JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return out.append("null");
    }
    if (node.isObject()) {
      final List<String> keys = new ArrayList<>();
      node.fieldNames().forEachRemaining(keys::add);
      keys.sort(GoJson::compareUtf8);
      out.append('{');
      for (int i = 0; i < keys.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        quote(out, keys.get(i)).append(':');
        marshalAny(out, node.get(keys.get(i)));
      }
      return out.append('}');
    }
    if (node.isArray()) {
      out.append('[');
      final Iterator<JsonNode> items = node.elements();
      for (int i = 0; items.hasNext(); i++) {
        if (i > 0) {
          out.append(',');
        }
        marshalAny(out, items.next());
      }
      return out.append(']');
    }
    if (node.isTextual()) {
      return quote(out, node.textValue());
    }
    if (node.isBoolean()) {
      return out.append(node.booleanValue());
    }
    if (node.isNumber()) {
      final double value = node.doubleValue();
      if (Double.isInfinite(value)) {
        return out.append("null"); // Go cannot decode it either; never reached for accepted input
      }
      return out.append(Json.jsNumber(value)); // same shortest form and exponent thresholds as Go
    }
    return out.append("null");
  }

  /** Go sorts map keys by their UTF-8 bytes. */
  static int compareUtf8(String a, String b) {
    return java.util.Arrays.compareUnsigned(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Go's {@code %T} of a decoded JSON value. */
  static String goType(JsonNode node) {
    if (node == null || node.isNull()) {
      return "<nil>";
    }
    if (node.isTextual()) {
      return "string";
    }
    if (node.isNumber()) {
      return "float64";
    }
    if (node.isBoolean()) {
      return "bool";
    }
    if (node.isArray()) {
      return "[]interface {}";
    }
    return "map[string]interface {}";
  }

  /** The kind Go names in an UnmarshalTypeError ("number", "string", "bool", "array", "object"). */
  static String goKind(JsonNode node) {
    if (node.isTextual()) {
      return "string";
    }
    if (node.isNumber()) {
      return "number";
    }
    if (node.isBoolean()) {
      return "bool";
    }
    if (node.isArray()) {
      return "array";
    }
    return "object";
  }

  /** Go's {@code %q} of a string (enough for error texts: quotes, backslashes, control characters). */
  static String goQuote(String s) {
    final StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      final char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\x%02x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /**
   * What Go's {@code json.Decoder.Decode} reports for the first JSON value of {@code text}, or null
   * when that value is well-formed (anything after it is ignored, as a Decoder does).
   */
  static String syntaxError(String text) {
    final Scanner scanner = new Scanner(text);
    return scanner.value() ? null : scanner.error;
  }

  /** A recursive scanner that produces Go's error texts. */
  private static final class Scanner {
    private final String s;
    private int i;
    private String error;

    Scanner(String s) {
      this.s = s;
    }

    boolean value() {
      skipSpace();
      if (i >= s.length()) {
        return fail(i == 0 || s.isBlank() ? "EOF" : "unexpected EOF");
      }
      final char c = s.charAt(i);
      switch (c) {
        case '{': return object();
        case '[': return array();
        case '"': return string();
        case 't': return literal("true");
        case 'f': return literal("false");
        case 'n': return literal("null");
        default:
          if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
          }
          return fail("invalid character " + quoteChar(c) + " looking for beginning of value");
      }
    }

    private boolean object() {
      i++;
      skipSpace();
      if (end()) {
        return fail("unexpected EOF");
      }
      if (s.charAt(i) == '}') {
        i++;
        return true;
      }
      while (true) {
        skipSpace();
        if (end()) {
          return fail("unexpected EOF");
        }
        if (s.charAt(i) != '"') {
          return fail("invalid character " + quoteChar(s.charAt(i)) + " looking for beginning of object key string");
        }
        if (!string()) {
          return false;
        }
        skipSpace();
        if (end()) {
          return fail("unexpected EOF");
        }
        if (s.charAt(i) != ':') {
          return fail("invalid character " + quoteChar(s.charAt(i)) + " after object key");
        }
        i++;
        if (!value()) {
          return false;
        }
        skipSpace();
        if (end()) {
          return fail("unexpected EOF");
        }
        final char c = s.charAt(i++);
        if (c == '}') {
          return true;
        }
        if (c != ',') {
          return fail("invalid character " + quoteChar(c) + " after object key:value pair");
        }
      }
    }

    private boolean array() {
      i++;
      skipSpace();
      if (end()) {
        return fail("unexpected EOF");
      }
      if (s.charAt(i) == ']') {
        i++;
        return true;
      }
      while (true) {
        if (!value()) {
          return false;
        }
        skipSpace();
        if (end()) {
          return fail("unexpected EOF");
        }
        final char c = s.charAt(i++);
        if (c == ']') {
          return true;
        }
        if (c != ',') {
          return fail("invalid character " + quoteChar(c) + " after array element");
        }
      }
    }

    private boolean string() {
      i++;
      while (!end()) {
        final char c = s.charAt(i++);
        if (c == '"') {
          return true;
        }
        if (c < 0x20) {
          return fail("invalid character " + quoteChar(c) + " in string literal");
        }
        if (c == '\\') {
          if (end()) {
            return fail("unexpected EOF");
          }
          final char e = s.charAt(i++);
          if (e == 'u') {
            for (int k = 0; k < 4; k++) {
              if (end()) {
                return fail("unexpected EOF");
              }
              final char h = s.charAt(i++);
              if (Character.digit(h, 16) < 0) {
                return fail("invalid character " + quoteChar(h) + " in \\u hexadecimal character escape");
              }
            }
          } else if ("\"\\/bfnrt".indexOf(e) < 0) {
            return fail("invalid character " + quoteChar(e) + " in string escape code");
          }
        }
      }
      return fail("unexpected EOF");
    }

    private boolean number() {
      if (s.charAt(i) == '-') {
        i++;
        if (end()) {
          return fail("unexpected EOF");
        }
        if (!digit(s.charAt(i))) {
          return fail("invalid character " + quoteChar(s.charAt(i)) + " in numeric literal");
        }
      }
      if (s.charAt(i) == '0') {
        i++;
      } else {
        while (!end() && digit(s.charAt(i))) {
          i++;
        }
      }
      if (!end() && s.charAt(i) == '.') {
        i++;
        if (end()) {
          return fail("unexpected EOF");
        }
        if (!digit(s.charAt(i))) {
          return fail("invalid character " + quoteChar(s.charAt(i)) + " after decimal point in numeric literal");
        }
        while (!end() && digit(s.charAt(i))) {
          i++;
        }
      }
      if (!end() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
        i++;
        if (!end() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
          i++;
        }
        if (end()) {
          return fail("unexpected EOF");
        }
        if (!digit(s.charAt(i))) {
          return fail("invalid character " + quoteChar(s.charAt(i)) + " in exponent of numeric literal");
        }
        while (!end() && digit(s.charAt(i))) {
          i++;
        }
      }
      return true;
    }

    private boolean literal(String word) {
      for (int k = 0; k < word.length(); k++, i++) {
        if (end()) {
          return fail("unexpected EOF");
        }
        if (s.charAt(i) != word.charAt(k)) {
          return fail("invalid character " + quoteChar(s.charAt(i)) + " in literal " + word + " (expecting "
              + quoteChar(word.charAt(k)) + ")");
        }
      }
      return true;
    }

    private static boolean digit(char c) {
      return c >= '0' && c <= '9';
    }

    private boolean end() {
      return i >= s.length();
    }

    private void skipSpace() {
      while (!end() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\n' || s.charAt(i) == '\r')) {
        i++;
      }
    }

    private boolean fail(String message) {
      if (error == null) {
        error = message;
      }
      return false;
    }

    /** Go's quoteChar: {@code 'x'}, with {@code '\''} and {@code '"'} special-cased. */
    private static String quoteChar(char c) {
      if (c == '\'') {
        return "'\\''";
      }
      if (c == '"') {
        return "'\"'";
      }
      if (c < 0x20) {
        return "'" + String.format("\\x%02x", (int) c) + "'";
      }
      return "'" + c + "'";
    }
  }

  /** Keys in document order (Jackson keeps insertion order). */
  static List<String> keys(JsonNode object) {
    final List<String> keys = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
      keys.add(it.next().getKey());
    }
    return keys;
  }

  private GoJson() {}
}
