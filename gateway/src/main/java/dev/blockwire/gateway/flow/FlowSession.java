package dev.blockwire.gateway.flow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

import dev.blockwire.gateway.Outbox;

/**
 * One /v1/ws connection: its send queue, its subscriptions by id, and the times its keepalive
 * and inactivity rules look at. Thread-safe.
 */
final class FlowSession {

  private final Outbox outbox;
  private final String address;
  private final Map<String, FlowSubscription> subscriptions = new LinkedHashMap<>();
  private final List<ScheduledFuture<?>> timers = new ArrayList<>();
  private volatile long lastSentNanos = System.nanoTime();
  private volatile long lastPongNanos = System.nanoTime();
  private boolean closed;

  FlowSession(Outbox outbox, String address) {
    this.outbox = outbox;
    this.address = address;
  }

  String address() {
    return address;
  }

  /** Queues a frame; false when the connection is closing. Counts as activity. */
  boolean send(String frame) {
    lastSentNanos = System.nanoTime();
    return outbox.offer(frame);
  }

  /** Messages waiting to be written. */
  int backlog() {
    return outbox.depth();
  }

  long lastSentNanos() {
    return lastSentNanos;
  }

  long lastPongNanos() {
    return lastPongNanos;
  }

  void ponged() {
    lastPongNanos = System.nanoTime();
  }

  synchronized int size() {
    return subscriptions.size();
  }

  synchronized boolean has(String id) {
    return subscriptions.containsKey(id);
  }

  synchronized boolean add(FlowSubscription subscription) {
    if (closed) {
      return false;
    }
    subscriptions.put(subscription.id, subscription);
    return true;
  }

  synchronized FlowSubscription remove(String id) {
    return subscriptions.remove(id);
  }

  /** Removes the subscription if it is still the one registered under its id. */
  synchronized void removeIfSame(FlowSubscription subscription) {
    subscriptions.remove(subscription.id, subscription);
  }

  synchronized List<FlowSubscription> list() {
    return new ArrayList<>(subscriptions.values());
  }

  synchronized void addTimer(ScheduledFuture<?> timer) {
    timers.add(timer);
  }

  /** Marks the session closed and returns every subscription it held. */
  synchronized List<FlowSubscription> close() {
    closed = true;
    timers.forEach(t -> t.cancel(false));
    timers.clear();
    final List<FlowSubscription> all = new ArrayList<>(subscriptions.values());
    subscriptions.clear();
    outbox.close();
    return all;
  }
}
