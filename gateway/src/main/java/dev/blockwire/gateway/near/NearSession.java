package dev.blockwire.gateway.near;

import java.util.concurrent.ScheduledFuture;

import dev.blockwire.gateway.Outbox;
import dev.blockwire.gateway.Utf8Message;
import jakarta.websocket.CloseReason;

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
  public boolean offer(Utf8Message message) {
    return outbox.offer(message);
  }

  @Override
  public int queued() {
    return outbox.depth();
  }

  @Override
  public int capacity() {
    return outbox.capacity();
  }

  @Override
  public void onDrained(Runnable listener) {
    outbox.onLowWater(listener);
  }

  @Override
  public void fail(String reason) {
    outbox.closeAfterFlush(new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, reason));
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
