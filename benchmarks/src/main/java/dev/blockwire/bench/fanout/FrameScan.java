package dev.blockwire.bench.fanout;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

/**
 * Byte scanning over a received frame, in place: what the load harness needs from a notification
 * (is it one, and which block) without decoding it to a {@code String} or parsing its JSON. Every
 * search is over ASCII keys the gateway writes verbatim; a frame that does not have the expected
 * shape is reported as such by the callers (never guessed).
 */
public final class FrameScan {

  /** FNV-1a 64-bit offset basis and prime: the block hash becomes a {@code long} key with no allocation. */
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  public static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** True when the readable bytes of {@code frame} start with {@code prefix}. */
  public static boolean startsWith(ByteBuf frame, byte[] prefix) {
    return regionMatches(frame, frame.readerIndex(), prefix);
  }

  static boolean regionMatches(ByteBuf frame, int at, byte[] needle) {
    if (at < frame.readerIndex() || at + needle.length > frame.writerIndex()) {
      return false;
    }
    for (int i = 0; i < needle.length; i++) {
      if (frame.getByte(at + i) != needle[i]) {
        return false;
      }
    }
    return true;
  }

  /** The index of the first {@code needle} at or after {@code from}, or -1. */
  static int indexOf(ByteBuf frame, int from, byte[] needle) {
    final int last = frame.writerIndex() - needle.length;
    int at = Math.max(from, frame.readerIndex());
    while (at <= last) {
      final int first = frame.indexOf(at, last + 1, needle[0]);
      if (first < 0) {
        return -1;
      }
      if (regionMatches(frame, first, needle)) {
        return first;
      }
      at = first + 1;
    }
    return -1;
  }

  /** The index of the closing quote of a JSON string whose first character is at {@code from} (no escapes expected), or -1. */
  static int closingQuote(ByteBuf frame, int from) {
    return from > frame.writerIndex() ? -1 : frame.indexOf(from, frame.writerIndex(), (byte) '"');
  }

  /** The 64-bit key of the ASCII bytes {@code [from, to)}; the same as {@link #key(CharSequence)} of that text. */
  static long key(ByteBuf frame, int from, int to) {
    long h = FNV_OFFSET;
    for (int i = from; i < to; i++) {
      h ^= frame.getByte(i) & 0xff;
      h *= FNV_PRIME;
    }
    return h;
  }

  /** The 64-bit key of an ASCII text (a block hash as the raw records carry it). */
  public static long key(CharSequence text) {
    long h = FNV_OFFSET;
    for (int i = 0; i < text.length(); i++) {
      h ^= text.charAt(i) & 0xff;
      h *= FNV_PRIME;
    }
    return h;
  }

  /** True when every byte of {@code [from, to)} is a lowercase hex digit. */
  static boolean lowerHex(ByteBuf frame, int from, int to) {
    for (int i = from; i < to; i++) {
      final byte b = frame.getByte(i);
      if (!(b >= '0' && b <= '9' || b >= 'a' && b <= 'f')) {
        return false;
      }
    }
    return true;
  }

  /** True when every byte of {@code [from, to)} is in the base58 alphabet (NEAR hashes). */
  static boolean base58(ByteBuf frame, int from, int to) {
    for (int i = from; i < to; i++) {
      final byte b = frame.getByte(i);
      final boolean ok = b >= '1' && b <= '9' || b >= 'A' && b <= 'Z' && b != 'I' && b != 'O'
          || b >= 'a' && b <= 'z' && b != 'l';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** The decimal number starting at {@code from} (at least one digit), or -1. */
  public static long digitsAt(ByteBuf frame, int from) {
    long value = 0;
    int i = from;
    for (; i < frame.writerIndex() && i - from < 19; i++) {
      final byte b = frame.getByte(i);
      if (b < '0' || b > '9') {
        break;
      }
      value = value * 10 + (b - '0');
    }
    return i == from ? -1 : value;
  }

  private FrameScan() {}
}
