package dev.blockwire.gateway.eth;

import java.security.SecureRandom;

/**
 * Subscription ids as geth encodes them ({@code rpc/subscription.go} {@code encodeID}): 16 random
 * bytes as lower-case hex with leading zeros trimmed, then {@code 0x}. Drawn from a CSPRNG (ours;
 * geth seeds math/rand once).
 */
final class SubscriptionIds {

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private final SecureRandom random = new SecureRandom();

  String next() {
    final byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return encode(bytes);
  }

  static String encode(byte[] bytes) {
    final StringBuilder hex = new StringBuilder(34).append("0x");
    boolean leading = true;
    for (byte b : bytes) {
      for (int nibble : new int[] {(b >> 4) & 0xF, b & 0xF}) {
        if (leading && nibble == 0) {
          continue;
        }
        leading = false;
        hex.append(HEX[nibble]);
      }
    }
    if (leading) {
      hex.append('0');
    }
    return hex.toString();
  }
}
