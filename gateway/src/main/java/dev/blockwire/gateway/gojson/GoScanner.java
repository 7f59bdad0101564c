package dev.blockwire.gateway.gojson;

/**
 * A port of Go's {@code encoding/json/scanner.go}, step functions as states: fed one byte at a
 * time, it accepts exactly what Go accepts and fails with Go's error text (naming the offending
 * byte, not a char), including Go's nesting limit.
 */
final class GoScanner {

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

  private St step = St.BEGIN_VALUE;
  private final int[] parseState = new int[GoJson.MAX_DEPTH + 2];
  private int depth;
  private String error;

  private GoScanner() {}

  private int error(int c, String context) {
    step = St.ERROR;
    error = "invalid character " + GoJson.quoteChar(c) + " " + context;
    return SCAN_ERROR;
  }

  private int push(int c, int state, int success) {
    parseState[depth++] = state;
    if (depth <= GoJson.MAX_DEPTH) {
      return success;
    }
    return error(c, "exceeded max depth");
  }

  private int step(int c) {
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

  private int endValue(int c) {
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

  /**
   * Reads the first JSON value of {@code in} as {@code json.NewDecoder(r).Decode} does; anything
   * after the value is ignored, as gorilla's ReadJSON ignores it.
   */
  static GoJson.Scan scan(byte[] in) {
    final GoScanner s = new GoScanner();
    int start = -1;
    for (int i = 0; i < in.length; i++) {
      final int c = in[i] & 0xff;
      final int op = s.step(c);
      if (start < 0 && op != SCAN_SKIP_SPACE && op != SCAN_ERROR) {
        start = i;
      }
      switch (op) {
        case SCAN_END:
          return new GoJson.Scan(start, i, null, false);
        case SCAN_END_OBJECT:
        case SCAN_END_ARRAY:
          if (s.depth == 0) {
            return new GoJson.Scan(start, i + 1, null, false);
          }
          break;
        case SCAN_ERROR:
          return new GoJson.Scan(-1, -1, s.error, false);
        default:
          break;
      }
    }
    // io.EOF: a scalar may end here; anything else is io.ErrUnexpectedEOF (not a syntax error)
    if (s.step != St.ERROR && s.step(' ') == SCAN_END) {
      return new GoJson.Scan(start, in.length, null, false);
    }
    return new GoJson.Scan(-1, -1, null, true);
  }

  static boolean isSpace(int c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static boolean isHex(int c) {
    return ('0' <= c && c <= '9') || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F');
  }
}
