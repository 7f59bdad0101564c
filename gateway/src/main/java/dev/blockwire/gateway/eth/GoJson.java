package dev.blockwire.gateway.eth;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON as Go's {@code encoding/json} reads and writes it, for the parts geth's wire depends on:
 * the streaming decoder's syntax errors (their exact text), raw value spans (so an {@code id} is
 * echoed byte for byte), Go's string unquoting (invalid UTF-8 becomes U+FFFD) and Go's string
 * quoting ({@code json.Marshal} with HTML escaping, and {@code strconv.Quote} for {@code %q}).
 *
 * <p>Works on UTF-8 bytes, as Go does: an error message names the offending byte, not a char.
 */
final class GoJson {

  /** JSON value kinds. */
  enum Kind { OBJECT, ARRAY, STRING, NUMBER, TRUE, FALSE, NULL }

  /** Go's nesting limit ({@code maxNestingDepth}). */
  static final int MAX_DEPTH = 10_000;

  /**
   * A parsed JSON value with its span in the source bytes. Objects keep their keys in order,
   * duplicates included (Go's decoder sees every key; the last assignment wins).
   */
  static final class Value {
    final Kind kind;
    final byte[] src;
    final int start;
    int end;
    /** Object keys, decoded; null unless OBJECT. */
    final List<String> keys;
    /** Array items or object values (parallel to keys); null for scalars. */
    final List<Value> items;
    /** The decoded text of a STRING. */
    String text;

    Value(Kind kind, byte[] src, int start) {
      this.kind = kind;
      this.src = src;
      this.start = start;
      this.keys = kind == Kind.OBJECT ? new ArrayList<>() : null;
      this.items = kind == Kind.OBJECT || kind == Kind.ARRAY ? new ArrayList<>() : null;
    }

    /** The value's source text, exactly as the client wrote it. */
    String raw() {
      return new String(src, start, end - start, StandardCharsets.UTF_8);
    }

    /** The raw bytes between the quotes of a STRING (escapes not processed), as Go's hexutil sees them. */
    String rawStringContent() {
      return new String(src, start + 1, end - start - 2, StandardCharsets.ISO_8859_1);
    }

    boolean isNull() {
      return kind == Kind.NULL;
    }

    /** Go's name of this kind in an UnmarshalTypeError ("string", "number", "bool", "array", "object"). */
    String goTypeName() {
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
    Value field(String name) {
      Value found = null;
      for (int i = 0; i < keys.size(); i++) {
        if (keys.get(i).equalsIgnoreCase(name)) {
          found = items.get(i);
        }
      }
      return found;
    }
  }

  /**
   * Outcome of reading one JSON value from a websocket message as gorilla's ReadJSON does (a
   * {@code json.Decoder} over the message): the value span, or Go's syntax error text, or an
   * unexpected end of input (which geth answers by closing, with no JSON-RPC error).
   */
  record Scan(int start, int end, String syntaxError, boolean unexpectedEof) {
    boolean ok() {
      return syntaxError == null && !unexpectedEof;
    }
  }

  // ---- scanner: a port of encoding/json/scanner.go, step functions as states ----

  private static final int SCAN_CONTINUE = 0;
  private static final int SCAN_BEGIN_LITERAL = 1;
  private static final int SCAN_BEGIN_OBJECT = 2;
  private static final int SCAN_OBJECT_KEY = 3;
  private static final int SCAN_OBJECT_VALUE = 4;
  private static final int SCAN_END_OBJECT = 5;
  private static final int SCAN_BEGIN_ARRAY = 6;
  private static final int SCAN_ARRAY_VALUE = 7;
  private static final int SCAN_END_ARRAY = 8;
  private static final int SCAN_SKIP_SPACE = 9;
  private static final int SCAN_END = 10;
  private static final int SCAN_ERROR = 11;

  private static final int PARSE_OBJECT_KEY = 0;
  private static final int PARSE_OBJECT_VALUE = 1;
  private static final int PARSE_ARRAY_VALUE = 2;

  private enum St {
    BEGIN_VALUE, BEGIN_VALUE_OR_EMPTY, BEGIN_STRING_OR_EMPTY, BEGIN_STRING, END_VALUE, END_TOP,
    IN_STRING, IN_STRING_ESC, ESC_U, ESC_U1, ESC_U12, ESC_U123, NEG, ONE, ZERO, DOT, DOT0, E, E_SIGN, E0,
    T, TR, TRU, F, FA, FAL, FALS, N, NU, NUL, ERROR
  }

  private static final class Scanner {
    St step = St.BEGIN_VALUE;
    final int[] parseState = new int[MAX_DEPTH + 2];
    int depth;
    String error;

    int error(int c, String context) {
      step = St.ERROR;
      error = "invalid character " + quoteChar(c) + " " + context;
      return SCAN_ERROR;
    }

    int push(int c, int state, int success) {
      parseState[depth++] = state;
      if (depth <= MAX_DEPTH) {
        return success;
      }
      return error(c, "exceeded max depth");
    }

    int step(int c) {
      switch (step) {
        case BEGIN_VALUE_OR_EMPTY:
          if (isSpace(c)) {
            return SCAN_SKIP_SPACE;
          }
          if (c == ']') {
            return endValue(c);
          }
          return beginValue(c);
        case BEGIN_VALUE:
          return beginValue(c);
        case BEGIN_STRING_OR_EMPTY:
          if (isSpace(c)) {
            return SCAN_SKIP_SPACE;
          }
          if (c == '}') {
            parseState[depth - 1] = PARSE_OBJECT_VALUE;
            return endValue(c);
          }
          return beginString(c);
        case BEGIN_STRING:
          return beginString(c);
        case END_VALUE:
          return endValue(c);
        case END_TOP:
          return endTop(c);
        case IN_STRING:
          if (c == '"') {
            step = St.END_VALUE;
            return SCAN_CONTINUE;
          }
          if (c == '\\') {
            step = St.IN_STRING_ESC;
            return SCAN_CONTINUE;
          }
          if (c < 0x20) {
            return error(c, "in string literal");
          }
          return SCAN_CONTINUE;
        case IN_STRING_ESC:
          switch (c) {
            case 'b': case 'f': case 'n': case 'r': case 't': case '\\': case '/': case '"':
              step = St.IN_STRING;
              return SCAN_CONTINUE;
            case 'u':
              step = St.ESC_U;
              return SCAN_CONTINUE;
            default:
              return error(c, "in string escape code");
          }
        case ESC_U:
        case ESC_U1:
        case ESC_U12:
        case ESC_U123:
          if (isHex(c)) {
            step = step == St.ESC_U ? St.ESC_U1 : step == St.ESC_U1 ? St.ESC_U12 : step == St.ESC_U12 ? St.ESC_U123
                : St.IN_STRING;
            return SCAN_CONTINUE;
          }
          return error(c, "in \\u hexadecimal character escape");
        case NEG:
          if (c == '0') {
            step = St.ZERO;
            return SCAN_CONTINUE;
          }
          if ('1' <= c && c <= '9') {
            step = St.ONE;
            return SCAN_CONTINUE;
          }
          return error(c, "in numeric literal");
        case ONE:
          if ('0' <= c && c <= '9') {
            return SCAN_CONTINUE;
          }
          return zero(c);
        case ZERO:
          return zero(c);
        case DOT:
          if ('0' <= c && c <= '9') {
            step = St.DOT0;
            return SCAN_CONTINUE;
          }
          return error(c, "after decimal point in numeric literal");
        case DOT0:
          if ('0' <= c && c <= '9') {
            return SCAN_CONTINUE;
          }
          if (c == 'e' || c == 'E') {
            step = St.E;
            return SCAN_CONTINUE;
          }
          return endValue(c);
        case E:
          if (c == '+' || c == '-') {
            step = St.E_SIGN;
            return SCAN_CONTINUE;
          }
          return eSign(c);
        case E_SIGN:
          return eSign(c);
        case E0:
          if ('0' <= c && c <= '9') {
            return SCAN_CONTINUE;
          }
          return endValue(c);
        case T: return literal(c, 'r', St.TR, "in literal true (expecting 'r')");
        case TR: return literal(c, 'u', St.TRU, "in literal true (expecting 'u')");
        case TRU: return literal(c, 'e', St.END_VALUE, "in literal true (expecting 'e')");
        case F: return literal(c, 'a', St.FA, "in literal false (expecting 'a')");
        case FA: return literal(c, 'l', St.FAL, "in literal false (expecting 'l')");
        case FAL: return literal(c, 's', St.FALS, "in literal false (expecting 's')");
        case FALS: return literal(c, 'e', St.END_VALUE, "in literal false (expecting 'e')");
        case N: return literal(c, 'u', St.NU, "in literal null (expecting 'u')");
        case NU: return literal(c, 'l', St.NUL, "in literal null (expecting 'l')");
        case NUL: return literal(c, 'l', St.END_VALUE, "in literal null (expecting 'l')");
        default:
          return SCAN_ERROR;
      }
    }

    private int literal(int c, char want, St next, String context) {
      if (c == want) {
        step = next;
        return SCAN_CONTINUE;
      }
      return error(c, context);
    }

    private int beginValue(int c) {
      if (isSpace(c)) {
        return SCAN_SKIP_SPACE;
      }
      switch (c) {
        case '{':
          step = St.BEGIN_STRING_OR_EMPTY;
          return push(c, PARSE_OBJECT_KEY, SCAN_BEGIN_OBJECT);
        case '[':
          step = St.BEGIN_VALUE_OR_EMPTY;
          return push(c, PARSE_ARRAY_VALUE, SCAN_BEGIN_ARRAY);
        case '"':
          step = St.IN_STRING;
          return SCAN_BEGIN_LITERAL;
        case '-':
          step = St.NEG;
          return SCAN_BEGIN_LITERAL;
        case '0':
          step = St.ZERO;
          return SCAN_BEGIN_LITERAL;
        case 't':
          step = St.T;
          return SCAN_BEGIN_LITERAL;
        case 'f':
          step = St.F;
          return SCAN_BEGIN_LITERAL;
        case 'n':
          step = St.N;
          return SCAN_BEGIN_LITERAL;
        default:
          if ('1' <= c && c <= '9') {
            step = St.ONE;
            return SCAN_BEGIN_LITERAL;
          }
          return error(c, "looking for beginning of value");
      }
    }

    private int beginString(int c) {
      if (isSpace(c)) {
        return SCAN_SKIP_SPACE;
      }
      if (c == '"') {
        step = St.IN_STRING;
        return SCAN_BEGIN_LITERAL;
      }
      return error(c, "looking for beginning of object key string");
    }

    int endValue(int c) {
      if (depth == 0) {
        step = St.END_TOP;
        return endTop(c);
      }
      if (isSpace(c)) {
        step = St.END_VALUE;
        return SCAN_SKIP_SPACE;
      }
      switch (parseState[depth - 1]) {
        case PARSE_OBJECT_KEY:
          if (c == ':') {
            parseState[depth - 1] = PARSE_OBJECT_VALUE;
            step = St.BEGIN_VALUE;
            return SCAN_OBJECT_KEY;
          }
          return error(c, "after object key");
        case PARSE_OBJECT_VALUE:
          if (c == ',') {
            parseState[depth - 1] = PARSE_OBJECT_KEY;
            step = St.BEGIN_STRING;
            return SCAN_OBJECT_VALUE;
          }
          if (c == '}') {
            pop();
            return SCAN_END_OBJECT;
          }
          return error(c, "after object key:value pair");
        default:
          if (c == ',') {
            step = St.BEGIN_VALUE;
            return SCAN_ARRAY_VALUE;
          }
          if (c == ']') {
            pop();
            return SCAN_END_ARRAY;
          }
          return error(c, "after array element");
      }
    }

    private void pop() {
      depth--;
      step = depth == 0 ? St.END_TOP : St.END_VALUE;
    }

    private int endTop(int c) {
      if (!isSpace(c)) {
        error(c, "after top-level value"); // Go only complains on the next call; the value has ended
      }
      return SCAN_END;
    }

    private int zero(int c) {
      if (c == '.') {
        step = St.DOT;
        return SCAN_CONTINUE;
      }
      if (c == 'e' || c == 'E') {
        step = St.E;
        return SCAN_CONTINUE;
      }
      return endValue(c);
    }

    private int eSign(int c) {
      if ('0' <= c && c <= '9') {
        step = St.E0;
        return SCAN_CONTINUE;
      }
      return error(c, "in exponent of numeric literal");
    }
  }

  private static boolean isSpace(int c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static boolean isHex(int c) {
    return ('0' <= c && c <= '9') || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F');
  }

  /**
   * Reads the first JSON value of {@code in} as {@code json.NewDecoder(r).Decode} does; anything
   * after the value is ignored, as gorilla's ReadJSON ignores it.
   */
  static Scan scan(byte[] in) {
    final Scanner s = new Scanner();
    int start = -1;
    for (int i = 0; i < in.length; i++) {
      final int c = in[i] & 0xff;
      final int op = s.step(c);
      if (start < 0 && op != SCAN_SKIP_SPACE && op != SCAN_ERROR) {
        start = i;
      }
      switch (op) {
        case SCAN_END:
          return new Scan(start, i, null, false);
        case SCAN_END_OBJECT:
        case SCAN_END_ARRAY:
          if (s.depth == 0) {
            return new Scan(start, i + 1, null, false);
          }
          break;
        case SCAN_ERROR:
          return new Scan(-1, -1, s.error, false);
        default:
          break;
      }
    }
    // io.EOF: a scalar may end here; anything else is io.ErrUnexpectedEOF (not a syntax error)
    if (s.step != St.ERROR && s.step(' ') == SCAN_END) {
      return new Scan(start, in.length, null, false);
    }
    return new Scan(-1, -1, null, true);
  }

  /** Go's {@code quoteChar}: how a syntax error names the offending byte. */
  static String quoteChar(int c) {
    if (c == '\'') {
      return "'\\''";
    }
    if (c == '"') {
      return "'\"'";
    }
    final String quoted = goQuote(new String(Character.toChars(c)));
    return "'" + quoted.substring(1, quoted.length() - 1) + "'";
  }

  // ---- parser: builds a tree from bytes the scanner accepted (iterative: depth up to 10,000) ----

  /** Parses the value at {@code [start, end)}, which {@link #scan} accepted. */
  static Value parse(byte[] src, int start, int end) {
    final ArrayDeque<Value> stack = new ArrayDeque<>();
    Value root = null;
    String pendingKey = null;
    int i = start;
    while (i < end) {
      final int c = src[i] & 0xff;
      if (isSpace(c) || c == ',' || c == ':') {
        i++;
        continue;
      }
      final Value parent = stack.peek();
      if (c == '}' || c == ']') {
        final Value done = stack.pop();
        done.end = i + 1;
        i++;
        if (stack.isEmpty()) {
          return done;
        }
        continue;
      }
      if (parent != null && parent.kind == Kind.OBJECT && pendingKey == null) {
        final int close = stringEnd(src, i);
        pendingKey = unquote(src, i, close);
        i = close;
        continue;
      }
      final Value value;
      switch (c) {
        case '{':
          value = new Value(Kind.OBJECT, src, i);
          i++;
          break;
        case '[':
          value = new Value(Kind.ARRAY, src, i);
          i++;
          break;
        case '"': {
          value = new Value(Kind.STRING, src, i);
          final int close = stringEnd(src, i);
          value.text = unquote(src, i, close);
          value.end = close;
          i = close;
          break;
        }
        case 't':
          value = scalar(Kind.TRUE, src, i, 4);
          i += 4;
          break;
        case 'f':
          value = scalar(Kind.FALSE, src, i, 5);
          i += 5;
          break;
        case 'n':
          value = scalar(Kind.NULL, src, i, 4);
          i += 4;
          break;
        default: {
          int j = i + 1;
          while (j < end && isNumberByte(src[j] & 0xff)) {
            j++;
          }
          value = scalar(Kind.NUMBER, src, i, j - i);
          i = j;
          break;
        }
      }
      if (parent == null) {
        root = value;
      } else if (parent.kind == Kind.OBJECT) {
        parent.keys.add(pendingKey);
        parent.items.add(value);
        pendingKey = null;
      } else {
        parent.items.add(value);
      }
      if (value.kind == Kind.OBJECT || value.kind == Kind.ARRAY) {
        stack.push(value);
      } else if (parent == null) {
        return value;
      }
    }
    return root;
  }

  private static Value scalar(Kind kind, byte[] src, int start, int length) {
    final Value value = new Value(kind, src, start);
    value.end = start + length;
    return value;
  }

  private static boolean isNumberByte(int c) {
    return ('0' <= c && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
  }

  /** Index just past the closing quote of the string starting at {@code start}. */
  private static int stringEnd(byte[] src, int start) {
    int i = start + 1;
    while (true) {
      final byte b = src[i];
      if (b == '\\') {
        i += 2;
      } else if (b == '"') {
        return i + 1;
      } else {
        i++;
      }
    }
  }

  /** Go's {@code unquote}: escapes decoded, invalid UTF-8 and lone surrogates as U+FFFD. */
  static String unquote(byte[] src, int start, int end) {
    final StringBuilder out = new StringBuilder(end - start);
    int i = start + 1;
    final int last = end - 1;
    while (i < last) {
      final int c = src[i] & 0xff;
      if (c == '\\') {
        final int e = src[i + 1] & 0xff;
        switch (e) {
          case 'b': out.append('\b'); i += 2; break;
          case 'f': out.append('\f'); i += 2; break;
          case 'n': out.append('\n'); i += 2; break;
          case 'r': out.append('\r'); i += 2; break;
          case 't': out.append('\t'); i += 2; break;
          case 'u': {
            int r = hex4(src, i + 2);
            i += 6;
            if (r >= 0xD800 && r < 0xE000) {
              final boolean pair = r < 0xDC00 && i + 6 <= last && src[i] == '\\' && src[i + 1] == 'u';
              final int low = pair ? hex4(src, i + 2) : -1;
              if (low >= 0xDC00 && low < 0xE000) {
                out.appendCodePoint(Character.toCodePoint((char) r, (char) low));
                i += 6;
                break;
              }
              r = 0xFFFD;
            }
            out.append((char) r);
            break;
          }
          default: out.append((char) e); i += 2; break; // \" \\ \/
        }
      } else if (c < 0x80) {
        out.append((char) c);
        i++;
      } else {
        final int size = runeSize(src, i, last);
        if (size == 0) {
          out.append('\uFFFD');
          i++;
        } else {
          out.append(new String(src, i, size, StandardCharsets.UTF_8));
          i += size;
        }
      }
    }
    return out.toString();
  }

  private static int hex4(byte[] src, int at) {
    int value = 0;
    for (int k = 0; k < 4; k++) {
      value = value * 16 + Character.digit(src[at + k], 16);
    }
    return value;
  }

  /** Length of the valid UTF-8 sequence at {@code i} (Go's DecodeRune rules), or 0 if invalid. */
  private static int runeSize(byte[] s, int i, int limit) {
    final int b0 = s[i] & 0xff;
    final int size;
    int lo = 0x80;
    int hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      size = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      size = 3;
      if (b0 == 0xE0) {
        lo = 0xA0;
      } else if (b0 == 0xED) {
        hi = 0x9F;
      }
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      size = 4;
      if (b0 == 0xF0) {
        lo = 0x90;
      } else if (b0 == 0xF4) {
        hi = 0x8F;
      }
    } else {
      return 0;
    }
    if (i + size > limit) {
      return 0;
    }
    final int b1 = s[i + 1] & 0xff;
    if (b1 < lo || b1 > hi) {
      return 0;
    }
    for (int k = 2; k < size; k++) {
      final int b = s[i + k] & 0xff;
      if (b < 0x80 || b > 0xBF) {
        return 0;
      }
    }
    return size;
  }

  // ---- writing ----

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /**
   * Appends {@code value} as {@code json.Marshal} writes a string: HTML-safe ({@code <>&} as
   * {@code \u003c} ...), U+2028/U+2029 escaped, {@code \b \f \n \r \t} short forms (Go 1.22+).
   */
  static StringBuilder appendMarshalled(StringBuilder out, String value) {
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

  private static void unicodeEscape(StringBuilder out, char c) {
    out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF])
        .append(HEX[c & 0xF]);
  }

  /** Go's {@code strconv.Quote} (the {@code %q} verb) for a decoded string. */
  static String goQuote(String value) {
    final StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isSurrogate((char) cp) && cp < 0x10000) {
        cp = 0xFFFD;
      }
      if (cp == '"' || cp == '\\') {
        out.append('\\').appendCodePoint(cp);
      } else if (isPrint(cp)) {
        out.appendCodePoint(cp);
      } else {
        switch (cp) {
          case 0x07: out.append("\\a"); break;
          case '\b': out.append("\\b"); break;
          case '\f': out.append("\\f"); break;
          case '\n': out.append("\\n"); break;
          case '\r': out.append("\\r"); break;
          case '\t': out.append("\\t"); break;
          case 0x0B: out.append("\\v"); break;
          default:
            if (cp < ' ' || cp == 0x7F) {
              out.append("\\x").append(HEX[cp >> 4]).append(HEX[cp & 0xF]);
            } else if (cp < 0x10000) {
              out.append("\\u");
              for (int shift = 12; shift >= 0; shift -= 4) {
                out.append(HEX[(cp >> shift) & 0xF]);
              }
            } else {
              out.append("\\U");
              for (int shift = 28; shift >= 0; shift -= 4) {
                out.append(HEX[(cp >> shift) & 0xF]);
              }
            }
        }
      }
    }
    return out.append('"').toString();
  }

  /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and ASCII space. */
  private static boolean isPrint(int cp) {
    if (cp == ' ') {
      return true;
    }
    switch (Character.getType(cp)) {
      case Character.UPPERCASE_LETTER:
      case Character.LOWERCASE_LETTER:
      case Character.TITLECASE_LETTER:
      case Character.MODIFIER_LETTER:
      case Character.OTHER_LETTER:
      case Character.NON_SPACING_MARK:
      case Character.ENCLOSING_MARK:
      case Character.COMBINING_SPACING_MARK:
      case Character.DECIMAL_DIGIT_NUMBER:
      case Character.LETTER_NUMBER:
      case Character.OTHER_NUMBER:
      case Character.CONNECTOR_PUNCTUATION:
      case Character.DASH_PUNCTUATION:
      case Character.START_PUNCTUATION:
      case Character.END_PUNCTUATION:
      case Character.INITIAL_QUOTE_PUNCTUATION:
      case Character.FINAL_QUOTE_PUNCTUATION:
      case Character.OTHER_PUNCTUATION:
      case Character.MATH_SYMBOL:
      case Character.CURRENCY_SYMBOL:
      case Character.MODIFIER_SYMBOL:
      case Character.OTHER_SYMBOL:
        return true;
      default:
        return false;
    }
  }

  /** Go's {@code len(s)} of a string: its UTF-8 byte length. */
  static int goLength(String s) {
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

  private GoJson() {}
}
