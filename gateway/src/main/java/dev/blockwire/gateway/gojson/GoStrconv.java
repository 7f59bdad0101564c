package dev.blockwire.gateway.gojson;

/** Go's {@code strconv.Quote}, which {@code %q} and the JSON scanner's {@code quoteChar} print with. */
final class GoStrconv {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** {@code strconv.Quote} for a decoded string; a lone surrogate counts as invalid UTF-8 (U+FFFD). */
  static String quote(String value) {
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

  /** Go's {@code quoteChar}: how a syntax error names the offending byte (as the rune of that value). */
  static String quoteChar(int c) {
    if (c == '\'') {
      return "'\\''";
    }
    if (c == '"') {
      return "'\"'";
    }
    final String quoted = quote(new String(Character.toChars(c)));
    return "'" + quoted.substring(1, quoted.length() - 1) + "'";
  }

  private GoStrconv() {}
}
