package dev.blockwire.bench.fanout;

import io.netty.buffer.ByteBuf;

/**
 * A Flow WebSocket Stream API connection ({@code /v1/ws}) with one subscription, {@code events} or
 * {@code block_digests}. Both payloads start with the block id:
 * {@code {"subscription_id":"<ours>","topic":"<topic>","payload":{"block_id":"<64 hex>"}; the ack is
 * {@code {"subscription_id":"<ours>","action":"subscribe"}}. Events follow sealed blocks; digests the
 * status asked for, so the key carries the status ({@link #SEALED}): the finalized and the sealed
 * record of a block share its id but not their timestamps.
 */
public final class FlowClient extends ClientProtocol {

  private final String id;
  private final String topic;
  private final String arguments;
  private final long salt;
  private final byte[] dataPrefix;
  private final byte[] ack;

  /**
   * @param arguments the {@code arguments} object's JSON
   * @param sealed whether the subscription follows sealed blocks ({@code events} always does)
   */
  public FlowClient(String id, String topic, String arguments, boolean sealed) {
    this.id = id;
    this.topic = topic;
    this.arguments = arguments;
    this.salt = sealed ? SEALED : 0;
    this.dataPrefix = FrameScan.ascii("{\"subscription_id\":\"" + id + "\",\"topic\":\"" + topic
        + "\",\"payload\":{\"block_id\":\"");
    this.ack = FrameScan.ascii("{\"subscription_id\":\"" + id + "\",\"action\":\"subscribe\"}");
  }

  @Override
  public Chain chain() {
    return Chain.FLOW;
  }

  @Override
  public String path() {
    return "/v1/ws";
  }

  @Override
  public String request() {
    return "{\"subscription_id\":\"" + id + "\",\"action\":\"subscribe\",\"topic\":\"" + topic + "\",\"arguments\":"
        + arguments + "}";
  }

  @Override
  public int read(ByteBuf frame) {
    if (FrameScan.startsWith(frame, dataPrefix)) {
      return hashAt(frame, frame.readerIndex() + dataPrefix.length, Chain.FLOW, salt);
    }
    if (FrameScan.startsWith(frame, ack)) {
      return CONTROL;
    }
    return errorOrUnrecognized(frame);
  }
}
