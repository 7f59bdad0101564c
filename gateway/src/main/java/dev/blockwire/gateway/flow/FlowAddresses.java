package dev.blockwire.gateway.flow;

import java.util.Locale;
import java.util.Optional;

/**
 * Flow account addresses: 8 bytes, valid for a chain when the address XOR the chain's code word is
 * a non-zero code word of Flow's [64,45] linear code (flow-go {@code model/flow/address.go}).
 */
final class FlowAddresses {

  private static final long[] PARITY_CHECK_COLUMNS = {
      0x00001, 0x00002, 0x00004, 0x00008, 0x00010, 0x00020, 0x00040, 0x00080,
      0x00100, 0x00200, 0x00400, 0x00800, 0x01000, 0x02000, 0x04000, 0x08000,
      0x10000, 0x20000, 0x40000, 0x7328d, 0x6689a, 0x6112f, 0x6084b, 0x433fd,
      0x42aab, 0x41951, 0x233ce, 0x22a81, 0x21948, 0x1ef60, 0x1deca, 0x1c639,
      0x1bdd8, 0x1a535, 0x194ac, 0x18c46, 0x1632b, 0x1529b, 0x14a43, 0x13184,
      0x12942, 0x118c1, 0x0f812, 0x0e027, 0x0d00e, 0x0c83c, 0x0b01d, 0x0a831,
      0x0982b, 0x07034, 0x0682a, 0x05819, 0x03807, 0x007d2, 0x00727, 0x0068e,
      0x0067c, 0x0059d, 0x004eb, 0x003b4, 0x0036a, 0x002d9, 0x001c7, 0x0003f};

  private FlowAddresses() {}

  /** The code word of a chain id: 0 for mainnet, flow-go's invalid code words for test and transient networks. */
  static long codeWord(String chainId) {
    return switch (chainId) {
      case "flow-mainnet" -> 0L;
      case "flow-testnet", "flow-previewnet", "flow-sandboxnet", "flow-canary" -> 0x6834ba37b3980209L;
      default -> 0x1cb159857af02018L;
    };
  }

  /**
   * Parses an address as flow-go's {@code HexToAddress} does: optional {@code 0x}, hex, left-padded to 8
   * bytes. Empty for non-hex text or more than 16 digits.
   */
  static Optional<Long> parse(String text) {
    String hex = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
    if (hex.isEmpty() || hex.length() > 16) {
      return Optional.empty();
    }
    for (int i = 0; i < hex.length(); i++) {
      if (Character.digit(hex.charAt(i), 16) < 0) {
        return Optional.empty();
      }
    }
    return Optional.of(Long.parseUnsignedLong(hex, 16));
  }

  /** True when {@code text} is an address valid for the chain. */
  static boolean isValid(String text, String chainId) {
    final Optional<Long> address = parse(text);
    return address.isPresent() && isValid(address.get(), chainId);
  }

  static boolean isValid(long address, String chainId) {
    long codeWord = address ^ codeWord(chainId);
    if (codeWord == 0) {
      return false;
    }
    long parity = 0;
    for (int i = 0; i < 64; i++) {
      if ((codeWord & 1) == 1) {
        parity ^= PARITY_CHECK_COLUMNS[i];
      }
      codeWord >>>= 1;
    }
    return parity == 0;
  }

  /** 16 lowercase hex digits, no prefix (how event types spell an address). */
  static String hex(long address) {
    return String.format(Locale.ROOT, "%016x", address);
  }
}
