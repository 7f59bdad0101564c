package dev.blockwire.gateway.eth;

import java.nio.charset.StandardCharsets;

/**
 * One notification of the chain stream, before it is addressed to a subscription: a log (added
 * or removed), a newHeads header or a finalizedHeads header, with its result JSON (rendered once,
 * shared) and its chain position. The cursor text is made on first use. Dispatch thread only.
 */
final class EthNotice {

  enum Kind { LOG, HEAD, FINALIZED }

  final Kind kind;
  /** The log; null for headers. */
  final EthLogView log;
  /** The header's block; null for logs. */
  private final EthBlockView block;
  final String resultJson;
  private byte[] resultUtf8;
  private String cursor;

  private EthNotice(Kind kind, EthLogView log, EthBlockView block, String resultJson) {
    this.kind = kind;
    this.log = log;
    this.block = block;
    this.resultJson = resultJson;
  }

  static EthNotice log(EthLogView log) {
    return new EthNotice(Kind.LOG, log, null, log.json());
  }

  static EthNotice head(EthBlockView block) {
    return new EthNotice(Kind.HEAD, null, block, block.headsJson);
  }

  static EthNotice finalized(EthBlockView block) {
    return new EthNotice(Kind.FINALIZED, null, block, block.headsJson);
  }

  /** The result JSON as UTF-8, encoded on first use and shared by every subscription sent this notice. */
  byte[] resultUtf8() {
    byte[] bytes = resultUtf8;
    if (bytes == null) {
      resultUtf8 = bytes = resultJson.getBytes(StandardCharsets.UTF_8);
    }
    return bytes;
  }

  /** Whether this is the notification the cursor names. */
  boolean isAt(EthCursor at) {
    return at.kind() == cursorKind() && at.number() == number() && at.logIndex() == logIndex()
        && at.hash().equals(hash());
  }

  String cursor() {
    String text = cursor;
    if (text == null) {
      cursor = text = new EthCursor(cursorKind(), number(), hash(), logIndex()).encode();
    }
    return text;
  }

  private int cursorKind() {
    switch (kind) {
      case LOG:
        return log.removed() ? EthCursor.REMOVED_LOG : EthCursor.LOG;
      case HEAD:
        return EthCursor.HEAD;
      default:
        return EthCursor.FINALIZED;
    }
  }

  private long number() {
    return log != null ? log.blockNumber() : block.number;
  }

  private String hash() {
    return log != null ? log.blockHash() : block.hash;
  }

  private int logIndex() {
    return log != null ? log.logIndex() : 0;
  }
}
