package dev.blockwire.gateway.near;

import java.util.OptionalInt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blockwire.gateway.Json;

/**
 * events.near.stream's {@code fetch_past_events} arithmetic, to the letter:
 * {@code if (v) limit = min(max(parseInt(v) || 100, 0), 1000)}, with JavaScript truthiness and
 * {@code parseInt} (which reads the value's string form: "20abc" is 20, true is NaN, "0x10" is 16).
 */
public final class PastCount {

  public static final int DEFAULT = 100;
  public static final int MAX = 1000;

  /** How many past events to send, or empty when no past message is sent at all. */
  public static OptionalInt of(JsonNode value) {
    if (value == null || !truthy(value)) {
      return OptionalInt.empty();
    }
    final double parsed = parseInt(jsString(value));
    final double limit = Double.isNaN(parsed) || parsed == 0 ? DEFAULT : parsed;
    return OptionalInt.of((int) Math.min(Math.max(limit, 0), MAX));
  }

  static boolean truthy(JsonNode value) {
    if (value.isNull() || value.isMissingNode()) {
      return false;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isNumber()) {
      return value.decimalValue().signum() != 0;
    }
    if (value.isTextual()) {
      return !value.textValue().isEmpty();
    }
    return true; // objects and arrays, even empty ones
  }

  /** JavaScript String(value) for a JSON value. */
  static String jsString(JsonNode value) {
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isNumber()) {
      return Json.jsNumber(value.doubleValue());
    }
    if (value.isBoolean()) {
      return Boolean.toString(value.booleanValue());
    }
    if (value.isNull()) {
      return "null";
    }
    if (value.isArray()) {
      final StringBuilder out = new StringBuilder();
      for (int i = 0; i < value.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        final JsonNode element = value.get(i);
        if (!element.isNull()) {
          out.append(jsString(element));
        }
      }
      return out.toString();
    }
    return "[object Object]";
  }

  /** JavaScript parseInt(text) with radix undefined; NaN when no digits. */
  static double parseInt(String text) {
    int i = 0;
    final int n = text.length();
    while (i < n && isJsWhitespace(text.charAt(i))) {
      i++;
    }
    int sign = 1;
    if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
      sign = text.charAt(i) == '-' ? -1 : 1;
      i++;
    }
    int radix = 10;
    if (i + 1 < n && text.charAt(i) == '0' && (text.charAt(i + 1) == 'x' || text.charAt(i + 1) == 'X')) {
      radix = 16;
      i += 2;
    }
    double result = 0;
    int digits = 0;
    while (i < n) {
      final int digit = Character.digit(text.charAt(i), radix);
      if (digit < 0 || text.charAt(i) > 'z') {
        break;
      }
      result = result * radix + digit;
      digits++;
      i++;
    }
    return digits == 0 ? Double.NaN : sign * result;
  }

  private static boolean isJsWhitespace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\uFEFF';
  }

  private PastCount() {}
}
