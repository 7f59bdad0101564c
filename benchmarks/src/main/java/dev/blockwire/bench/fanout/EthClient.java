package dev.blockwire.bench.fanout;

import io.netty.buffer.ByteBuf;

/**
 * An Ethereum JSON-RPC connection ({@code /eth}) with one {@code eth_subscribe}. The response
 * {@code {"jsonrpc":"2.0","id":1,"result":"0x…"}} gives the subscription id; every notification must
 * then start with {@code {"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":"<id>","result":{}.
 * A log names its block by {@code blockHash} (and is a retraction when {@code "removed":true}
 * follows it), a header by its own {@code hash}.
 */
public final class EthClient extends ClientProtocol {

  private static final byte[] RESPONSE = FrameScan.ascii("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"");
  private static final byte[] LOG_HASH = FrameScan.ascii("\"blockHash\":\"");
  private static final byte[] HEADER_HASH = FrameScan.ascii("\"hash\":\"");
  private static final byte[] REMOVED = FrameScan.ascii("\"removed\":true");

  private final String params;
  private final boolean heads;
  private byte[] notificationPrefix;

  /** @param params the {@code eth_subscribe} params' JSON, e.g. {@code ["newHeads"]} */
  public EthClient(String params) {
    this.params = params;
    this.heads = params.startsWith("[\"newHeads\"");
  }

  @Override
  public Chain chain() {
    return Chain.ETH;
  }

  @Override
  public String path() {
    return "/eth";
  }

  @Override
  public String request() {
    return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_subscribe\",\"params\":" + params + "}";
  }

  @Override
  public int read(ByteBuf frame) {
    if (notificationPrefix != null && FrameScan.startsWith(frame, notificationPrefix)) {
      final int from = frame.readerIndex() + notificationPrefix.length;
      final byte[] hashKey = heads ? HEADER_HASH : LOG_HASH;
      final int at = FrameScan.indexOf(frame, from, hashKey);
      if (at < 0) {
        return UNRECOGNIZED;
      }
      final int read = hashAt(frame, at + hashKey.length, Chain.ETH, 0);
      if (read == NOTIFICATION && !heads && FrameScan.indexOf(frame, at + hashKey.length, REMOVED) >= 0) {
        return RETRACTION;
      }
      return read;
    }
    if (notificationPrefix == null && FrameScan.startsWith(frame, RESPONSE)) {
      final int from = frame.readerIndex() + RESPONSE.length;
      final int end = FrameScan.closingQuote(frame, from);
      if (end < 0) {
        return UNRECOGNIZED;
      }
      final String id = frame.toString(from, end - from, java.nio.charset.StandardCharsets.US_ASCII);
      notificationPrefix = FrameScan.ascii("{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscription\",\"params\":{\"subscription\":\""
          + id + "\",\"result\":{");
      return CONTROL;
    }
    return errorOrUnrecognized(frame);
  }
}
