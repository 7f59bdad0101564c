package dev.blockwire.ingest.load;

import java.util.SplittableRandom;

/** Hash-looking strings drawn from a seeded generator: cheap, and as deterministic as the seed. */
final class RandomText {

  private static final char[] BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** A 44-character base58 string, the length of most NEAR {@code CryptoHash}es. */
  static String base58Hash(SplittableRandom random) {
    final char[] out = new char[44];
    // A 32-byte value in base58 with 44 digits starts with one of the lower digits.
    out[0] = BASE58[1 + random.nextInt(8)];
    for (int i = 1; i < out.length; i++) {
      out[i] = BASE58[random.nextInt(BASE58.length)];
    }
    return new String(out);
  }

  /** {@code 0x} and {@code 2 * bytes} lowercase hex digits. */
  static String hex(SplittableRandom random, int bytes) {
    final char[] out = new char[2 + 2 * bytes];
    out[0] = '0';
    out[1] = 'x';
    int i = 2;
    while (i < out.length) {
      long bits = random.nextLong();
      for (int k = 0; k < 16 && i < out.length; k++) {
        out[i++] = HEX[(int) (bits & 0xf)];
        bits >>>= 4;
      }
    }
    return new String(out);
  }

  /** 32 bytes of hex as a 64-digit word holding {@code value}, without the {@code 0x}. */
  static String word(long value) {
    final String digits = Long.toHexString(value);
    return "0".repeat(64 - digits.length()) + digits;
  }

  /** A 20-byte address left-padded to a 32-byte topic. */
  static String addressTopic(String address) {
    return "0x000000000000000000000000" + address.substring(2);
  }

  private RandomText() {}
}
