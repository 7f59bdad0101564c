package dev.blockwire.gateway.gojson;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

import dev.blockwire.gateway.gojson.GoJson.Kind;
import dev.blockwire.gateway.gojson.GoJson.Value;

/**
 * Builds the {@link Value} tree of bytes the scanner accepted (iteratively: nesting goes up to
 * 10,000) and decodes strings as Go's {@code unquote} does.
 */
final class GoTree {

  /** Parses the value at {@code [start, end)}, which the scanner accepted. */
  static Value parse(byte[] src, int start, int end) {
    final ArrayDeque<Value> stack = new ArrayDeque<>();
    Value root = null;
    String pendingKey = null;
    int i = start;
    while (i < end) {
      final int c = src[i] & 0xff;
      if (GoScanner.isSpace(c) || c == ',' || c == ':') {
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
          value = new Value(Kind.OBJECT, src, i, null);
          i++;
          break;
        case '[':
          value = new Value(Kind.ARRAY, src, i, null);
          i++;
          break;
        case '"': {
          final int close = stringEnd(src, i);
          value = new Value(Kind.STRING, src, i, unquote(src, i, close));
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
    final Value value = new Value(kind, src, start, null);
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

  private GoTree() {}
}
