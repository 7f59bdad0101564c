package dev.blockwire.bench.fanout;

import io.netty.buffer.ByteBuf;

/**
 * A NEAR events-stream connection ({@code /ws}, snake or camel form). A live batch is
 * {@code {"secret":"<ours>","events":[{...` with one block per message, so the first
 * {@code block_hash} ({@code blockHash} in the camel form) names it.
 */
public final class NearClient extends ClientProtocol {

  private static final byte[] SNAKE_HASH = FrameScan.ascii("\"block_hash\":\"");
  private static final byte[] CAMEL_HASH = FrameScan.ascii("\"blockHash\":\"");

  private final String secret;
  private final String filter;
  private final boolean camel;
  private final byte[] batchPrefix;

  /** @param filter the filter's JSON */
  public NearClient(String secret, String filter, boolean camel) {
    this.secret = secret;
    this.filter = filter;
    this.camel = camel;
    this.batchPrefix = FrameScan.ascii("{\"secret\":\"" + secret + "\",\"events\":[{");
  }

  @Override
  public Chain chain() {
    return Chain.NEAR;
  }

  @Override
  public String path() {
    return camel ? "/ws?format=camel" : "/ws";
  }

  @Override
  public String request() {
    return "{\"secret\":\"" + secret + "\",\"filter\":" + filter + "}";
  }

  @Override
  public int read(ByteBuf frame) {
    if (!FrameScan.startsWith(frame, batchPrefix)) {
      return errorOrUnrecognized(frame);
    }
    final byte[] key = camel ? CAMEL_HASH : SNAKE_HASH;
    final int at = FrameScan.indexOf(frame, frame.readerIndex() + batchPrefix.length, key);
    return at < 0 ? UNRECOGNIZED : hashAt(frame, at + key.length, Chain.NEAR, 0);
  }
}
