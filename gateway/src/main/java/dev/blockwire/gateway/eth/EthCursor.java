package dev.blockwire.gateway.eth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A place in the notification stream of the chain, named by chain position only (spec §9): the
 * notification it follows is a log (block number, block hash, log index, and whether it was the
 * removal), a newHeads header or a finalizedHeads header (number and hash). Valid on every gateway
 * instance that retains that part of the chain, and across restarts.
 *
 * <p>As text: base64url without padding of {@code 0x01}, the kind byte, the number (8 bytes), the
 * log index (4 bytes) and the hash's bytes (hex-decoded; UTF-8 with the kind's high bit set when
 * the hash is not hex).
 *
 * @param kind {@link #LOG}, {@link #REMOVED_LOG}, {@link #HEAD} or {@link #FINALIZED}
 * @param hash lower-case 0x-hex block hash
 * @param logIndex the log's index in the block; 0 for headers
 */
record EthCursor(int kind, long number, String hash, int logIndex) {

  static final int LOG = 0;
  static final int REMOVED_LOG = 1;
  static final int HEAD = 2;
  static final int FINALIZED = 3;

  private static final byte VERSION = 1;
  private static final int TEXT_HASH = 0x80;
  private static final int FIXED_BYTES = 1 + 1 + 8 + 4;

  String encode() {
    final String hex = hash.startsWith("0x") ? hash.substring(2) : hash;
    byte[] hashBytes;
    int kindByte = kind;
    try {
      hashBytes = HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      hashBytes = hash.getBytes(StandardCharsets.UTF_8);
      kindByte |= TEXT_HASH;
    }
    final ByteBuffer bytes = ByteBuffer.allocate(FIXED_BYTES + hashBytes.length);
    bytes.put(VERSION).put((byte) kindByte).putLong(number).putInt(logIndex).put(hashBytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
  }

  /** The cursor a text names, or null when it is not a cursor of this service. */
  static EthCursor parse(String text) {
    final byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (raw.length <= FIXED_BYTES || raw[0] != VERSION) {
      return null;
    }
    final ByteBuffer bytes = ByteBuffer.wrap(raw);
    bytes.get();
    final int kindByte = bytes.get() & 0xff;
    final int kind = kindByte & ~TEXT_HASH;
    final long number = bytes.getLong();
    final int logIndex = bytes.getInt();
    if (kind > FINALIZED || number < 0 || logIndex < 0) {
      return null;
    }
    final byte[] hashBytes = new byte[bytes.remaining()];
    bytes.get(hashBytes);
    final String hash = (kindByte & TEXT_HASH) != 0 ? new String(hashBytes, StandardCharsets.UTF_8)
        : "0x" + HexFormat.of().formatHex(hashBytes).toLowerCase(Locale.ROOT);
    return new EthCursor(kind, number, hash, logIndex);
  }
}
