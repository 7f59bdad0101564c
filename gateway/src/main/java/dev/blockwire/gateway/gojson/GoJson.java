package dev.blockwire.gateway.gojson;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blockwire.gateway.Json;

/**
 * JSON as Go's {@code encoding/json} reads and writes it, for the parts the geth and flow-go wires
 * depend on: the decoder's syntax errors (their exact text), raw value spans (so an {@code id} is
 * echoed byte for byte), Go's string unquoting (invalid UTF-8 becomes U+FFFD), Go's string
 * quoting ({@code json.Marshal} with HTML escaping, and {@code strconv.Quote} for {@code %q}) and
 * the re-marshalling of a decoded {@code any} (sorted keys, numbers as float64).
 *
 * <p>Reads UTF-8 bytes, as Go does: an error message names the offending byte, not a char. The
 * Go version followed is 1.22+ (where {@code json.Marshal} writes {@code \b} and {@code \f}).
 */
public final class GoJson {

  /** JSON value kinds. */
  public enum Kind { OBJECT, ARRAY, STRING, NUMBER, TRUE, FALSE, NULL }

  /** Go's nesting limit ({@code maxNestingDepth}). */
  public static final int MAX_DEPTH = 10_000;

  /**
   * A parsed JSON value with its span in the source bytes. Objects keep their keys in order,
   * duplicates included (Go's decoder sees every key; the last assignment wins).
   */
  public static final class Value {
    public final Kind kind;
    /** Object keys, decoded; null unless OBJECT. */
    public final List<String> keys;
    /** Array items or object values (parallel to keys); null for scalars. */
    public final List<Value> items;
    /** The decoded text of a STRING; null for other kinds. */
    public final String text;
    private final byte[] src;
    private final int start;
    int end;

    Value(Kind kind, byte[] src, int start, String text) {
      this.kind = kind;
      this.src = src;
      this.start = start;
      this.text = text;
      this.keys = kind == Kind.OBJECT ? new ArrayList<>() : null;
      this.items = kind == Kind.OBJECT || kind == Kind.ARRAY ? new ArrayList<>() : null;
    }

    /** The value's source text, exactly as the client wrote it. */
    public String raw() {
      return new String(src, start, end - start, StandardCharsets.UTF_8);
    }

    /** The raw bytes between the quotes of a STRING (escapes not processed), as Go's hexutil sees them. */
    public String rawStringContent() {
      return new String(src, start + 1, end - start - 2, StandardCharsets.ISO_8859_1);
    }

    public boolean isNull() {
      return kind == Kind.NULL;
    }

    /** Go's name of this kind in an UnmarshalTypeError ("string", "number", "bool", "array", "object"). */
    public String goTypeName() {
      switch (kind) {
        case OBJECT: return "object";
        case ARRAY: return "array";
        case STRING: return "string";
        case NUMBER: return "number";
        case TRUE:
        case FALSE: return "bool";
        default: return "null";
      }
    }

    /**
     * The value of an object field as Go's struct decoding matches it: keys equal to the name, or
     * equal ignoring case; the last such key wins. Null when absent.
     */
    public Value field(String name) {
      Value found = null;
      for (int i = 0; i < keys.size(); i++) {
        if (keys.get(i).equalsIgnoreCase(name)) {
          found = items.get(i);
        }
      }
      return found;
    }

    /** This ARRAY without its last item (same source span). */
    public Value withoutLast() {
      final Value copy = new Value(Kind.ARRAY, src, start, null);
      copy.end = end;
      copy.items.addAll(items.subList(0, items.size() - 1));
      return copy;
    }
  }

  /**
   * Outcome of reading one JSON value from a websocket message as gorilla's ReadJSON does (a
   * {@code json.Decoder} over the message): the value span, or Go's syntax error text, or an
   * unexpected end of input (not a syntax error in Go).
   */
  public record Scan(int start, int end, String syntaxError, boolean unexpectedEof) {
    public boolean ok() {
      return syntaxError == null && !unexpectedEof;
    }
  }

  // ---- reading ----

  /**
   * Reads the first JSON value of {@code in} as {@code json.NewDecoder(r).Decode} does; anything
   * after the value is ignored, as gorilla's ReadJSON ignores it.
   */
  public static Scan scan(byte[] in) {
    return GoScanner.scan(in);
  }

  /**
   * What Go's {@code json.Decoder.Decode} reports for the first JSON value of {@code text}, or null
   * when that value is well-formed: the syntax error, {@code EOF} when the text holds only white
   * space, else {@code unexpected EOF}.
   */
  public static String syntaxError(String text) {
    final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    final Scan scan = scan(bytes);
    if (scan.ok()) {
      return null;
    }
    if (scan.syntaxError() != null) {
      return scan.syntaxError();
    }
    for (byte b : bytes) {
      if (!GoScanner.isSpace(b)) {
        return "unexpected EOF";
      }
    }
    return "EOF";
  }

  /** Parses the value at {@code [start, end)}, which {@link #scan} accepted. */
  public static Value parse(byte[] src, int start, int end) {
    return GoTree.parse(src, start, end);
  }

  /** Go's {@code unquote} of the string at {@code [start, end)}: escapes decoded, invalid UTF-8 and lone surrogates as U+FFFD. */
  public static String unquote(byte[] src, int start, int end) {
    return GoTree.unquote(src, start, end);
  }

  // ---- writing ----

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /**
   * Appends {@code value} as {@code json.Marshal} writes a string: HTML-safe ({@code <>&} as
   * {@code \u003c} ...), U+2028/U+2029 escaped, {@code \b \f \n \r \t} short forms (Go 1.22+), a
   * lone surrogate (invalid UTF-8 in Go) as {@code \ufffd}.
   */
  public static StringBuilder appendMarshalled(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      final char c = value.charAt(i);
      switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\b': out.append("\\b"); break;
        case '\f': out.append("\\f"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        case '<':
        case '>':
        case '&':
        case '\u2028':
        case '\u2029':
          unicodeEscape(out, c);
          break;
        default:
          if (c < 0x20) {
            unicodeEscape(out, c);
          } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
              && Character.isLowSurrogate(value.charAt(i + 1))) {
            out.append(c).append(value.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            out.append("\\ufffd");
          } else {
            out.append(c);
          }
      }
    }
    return out.append('"');
  }

  /** {@code value} as {@code json.Marshal} writes a string (see {@link #appendMarshalled}). */
  public static String marshal(String value) {
    return appendMarshalled(new StringBuilder(value.length() + 2), value).toString();
  }

  private static void unicodeEscape(StringBuilder out, char c) {
    out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF])
        .append(HEX[c & 0xF]);
  }

  /** A decoded {@code any} re-marshalled: objects with sorted keys, numbers as float64. */
  public static StringBuilder marshalAny(StringBuilder out, JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return out.append("null");
    }
    if (node.isObject()) {
      final List<String> keys = keys(node);
      keys.sort(GoJson::compareUtf8);
      out.append('{');
      for (int i = 0; i < keys.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        appendMarshalled(out, keys.get(i)).append(':');
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
      return appendMarshalled(out, node.textValue());
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
  public static int compareUtf8(String a, String b) {
    return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  // ---- Go's texts in error messages ----

  /** Go's {@code strconv.Quote} (the {@code %q} verb) for a decoded string. */
  public static String goQuote(String value) {
    return GoStrconv.quote(value);
  }

  /** Go's {@code quoteChar}: how a syntax error names the offending byte. */
  public static String quoteChar(int c) {
    return GoStrconv.quoteChar(c);
  }

  /** Go's {@code len(s)} of a string: its UTF-8 byte length. */
  public static int goLength(String s) {
    int length = 0;
    for (int i = 0; i < s.length(); i++) {
      final char c = s.charAt(i);
      if (c < 0x80) {
        length++;
      } else if (c < 0x800) {
        length += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        length += 4;
        i++;
      } else {
        length += 3;
      }
    }
    return length;
  }

  /** Go's {@code %T} of a value decoded into {@code any}. */
  public static String goType(JsonNode node) {
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
  public static String goKind(JsonNode node) {
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

  /** An object's keys in document order (Jackson keeps insertion order). */
  public static List<String> keys(JsonNode object) {
    final List<String> keys = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
      keys.add(it.next().getKey());
    }
    return keys;
  }

  private GoJson() {}
}
