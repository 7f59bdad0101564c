package dev.blockwire.gateway.near;

import java.util.concurrent.ScheduledFuture;

import dev.blockwire.gateway.Outbox;

/** One /ws connection: its event form, its send queue, and whether it has subscribed yet. */
final class NearSession implements NearSubscriber {

  private final NearFormat format;
  private final Outbox outbox;
  private final String address;
  private volatile boolean subscribed;
  private volatile ScheduledFuture<?> subscribeTimeout;

  NearSession(NearFormat format, Outbox outbox, String address) {
    this.format = format;
    this.outbox = outbox;
    this.address = address;
  }

  @Override
  public NearFormat format() {
    return format;
  }

  @Override
  public boolean offer(String message) {
    return outbox.offer(message);
  }

  Outbox outbox() {
    return outbox;
  }

  String address() {
    return address;
  }

  boolean subscribed() {
    return subscribed;
  }

  void markSubscribed() {
    subscribed = true;
    final ScheduledFuture<?> timeout = subscribeTimeout;
    if (timeout != null) {
      timeout.cancel(false);
    }
  }

  void subscribeTimeout(ScheduledFuture<?> timeout) {
    this.subscribeTimeout = timeout;
  }

  void cancelTimeout() {
    final ScheduledFuture<?> timeout = subscribeTimeout;
    if (timeout != null) {
      timeout.cancel(false);
    }
  }
}
