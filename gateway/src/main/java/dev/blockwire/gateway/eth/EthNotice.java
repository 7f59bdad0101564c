package dev.blockwire.gateway.eth;

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
  final String resultJson;
  private final EthCursor position;
  private String cursor;

  private EthNotice(Kind kind, EthLogView log, String resultJson, EthCursor position) {
    this.kind = kind;
    this.log = log;
    this.resultJson = resultJson;
    this.position = position;
  }

  static EthNotice log(EthLogView log) {
    return new EthNotice(Kind.LOG, log, log.json(), new EthCursor(log.removed() ? EthCursor.REMOVED_LOG : EthCursor.LOG,
        log.blockNumber(), log.blockHash(), log.logIndex()));
  }

  static EthNotice head(EthBlockView block) {
    return new EthNotice(Kind.HEAD, null, block.headsJson, new EthCursor(EthCursor.HEAD, block.number, block.hash, 0));
  }

  static EthNotice finalized(EthBlockView block) {
    return new EthNotice(Kind.FINALIZED, null, block.headsJson,
        new EthCursor(EthCursor.FINALIZED, block.number, block.hash, 0));
  }

  /** Whether this is the notification the cursor names. */
  boolean isAt(EthCursor at) {
    return position.equals(at);
  }

  String cursor() {
    String text = cursor;
    if (text == null) {
      cursor = text = position.encode();
    }
    return text;
  }
}
