package dev.blockwire.gateway.near;

import dev.blockwire.gateway.Utf8Message;

/**
 * What the feed needs of a connection: its event form, a non-blocking way to send, and what a
 * replay needs to pace itself by the connection's send queue.
 */
public interface NearSubscriber {

  NearFormat format();

  /** Queues a message (as UTF-8 parts) for the client without blocking; false if the connection is gone. */
  boolean offer(Utf8Message message);

  /** Queues a text message (a reply or an error) for the client without blocking; false if the connection is gone. */
  default boolean offer(String message) {
    return offer(Utf8Message.of(message));
  }

  /** Messages queued and not yet sent. */
  int queued();

  /** The most messages the connection queues before it is closed as a slow client. */
  int capacity();

  /**
   * Runs {@code listener} once when the queue has drained to a quarter of its capacity (at once
   * if it already has, or if the connection is gone). It must not block.
   */
  void onDrained(Runnable listener);

  /** Closes the connection after what is queued (1011): the server could not serve the subscription. */
  void fail(String reason);
}
