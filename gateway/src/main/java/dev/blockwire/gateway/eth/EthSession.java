package dev.blockwire.gateway.eth;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.blockwire.gateway.Outbox;
import dev.blockwire.gateway.Utf8Message;

/**
 * One websocket connection on the Ethereum endpoint: its bounded send queue and its
 * subscriptions. The subscription map belongs to the feed's dispatch thread; the flags are read
 * from the websocket threads too.
 */
final class EthSession {

  final Outbox outbox;
  final String address;
  /** Active subscriptions by id (visible to eth_unsubscribe); dispatch thread only. */
  final Map<String, EthSubscription> subscriptions = new LinkedHashMap<>();
  /** The socket is closed or closing: nothing more is read, executed or queued. */
  private volatile boolean closed;
  /** When the outstanding ping was sent (0 = none) and when the last one was (endpoint timer thread). */
  volatile long pingSentAtNanos;
  volatile long lastPingNanos;

  EthSession(Outbox outbox, String address) {
    this.outbox = outbox;
    this.address = address;
  }

  /** Queues a message without blocking; false when the connection is gone or just overflowed. */
  boolean offer(String message) {
    return offer(Utf8Message.of(message));
  }

  /** Queues a message (UTF-8 parts) without blocking; false when the connection is gone or just overflowed. */
  boolean offer(Utf8Message message) {
    if (closed) {
      return false;
    }
    if (!outbox.offer(message)) {
      closed = true;
      return false;
    }
    return true;
  }

  boolean closed() {
    return closed;
  }

  void markClosed() {
    closed = true;
  }
}
