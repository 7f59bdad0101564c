package dev.blockwire.gateway.eth;

import java.util.Locale;

/**
 * The geth release whose wire the gateway reproduces where releases differ: the newHeads field
 * set and the codes of the log range errors.
 */
public enum GethVersion {
  /** geth v1.16.x: no blockAccessListHash/slotNumber; range errors are -32000. */
  V1_16("v1.16"),
  /** geth v1.17.x: {@code "blockAccessListHash":null,"slotNumber":null} until those forks; range errors -32602. */
  V1_17("v1.17");

  private final String label;

  GethVersion(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** Parses "v1.16"/"1.16"/"v1.17"/"1.17" (any patch suffix ignored). */
  public static GethVersion parse(String text) {
    final String value = text.trim().toLowerCase(Locale.ROOT);
    final String plain = value.startsWith("v") ? value.substring(1) : value;
    if (plain.equals("1.16") || plain.startsWith("1.16.")) {
      return V1_16;
    }
    if (plain.equals("1.17") || plain.startsWith("1.17.")) {
      return V1_17;
    }
    throw new IllegalArgumentException("unsupported geth version \"" + text + "\" (v1.16 or v1.17)");
  }

  /** newHeads carries {@code blockAccessListHash} and {@code slotNumber} (null until their forks). */
  boolean hasAmsterdamFields() {
    return this == V1_17;
  }

  /** The code of {@code invalid block range params} and {@code pending logs are not supported} (PR #33320). */
  int rangeErrorCode() {
    return this == V1_17 ? RpcError.INVALID_PARAMS : RpcError.DEFAULT;
  }
}
