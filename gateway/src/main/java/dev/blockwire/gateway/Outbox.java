package dev.blockwire.gateway;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's bounded send queue. Messages go out one at a time with Tyrus' async send; the
 * next leaves when the previous completes, so a slow socket only fills its own queue. When the
 * queue is full the connection is closed (1008) instead of blocking the feed or growing memory.
 */
public final class Outbox {

  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

  /** Close reason for a client that does not read fast enough. */
  public static final String OVERFLOW_REASON = "too many buffered messages";

  private final Session session;
  private final int capacity;
  private final ArrayDeque<String> queue = new ArrayDeque<>();
  private final AtomicLong sent = new AtomicLong();
  private boolean sending;
  private boolean closed;
  private boolean inSendCall;
  private boolean completedDuringCall;

  public Outbox(Session session, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.session = session;
    this.capacity = capacity;
  }

  /**
   * Queues a message. Never blocks.
   *
   * @return false if the outbox is closed or just overflowed (the connection is then closing)
   */
  public boolean offer(String message) {
    final boolean overflow;
    synchronized (this) {
      if (closed) {
        return false;
      }
      overflow = queue.size() >= capacity;
      if (overflow) {
        closed = true;
        queue.clear();
      } else {
        queue.addLast(message);
        if (sending) {
          return true;
        }
        sending = true;
      }
    }
    if (overflow) {
      closeQuietly(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, OVERFLOW_REASON));
      return false;
    }
    sendNext();
    return true;
  }

  /** Messages waiting, not counting the one in flight. */
  public synchronized int depth() {
    return queue.size();
  }

  public long sentCount() {
    return sent.get();
  }

  /** Stops sending; queued messages are dropped (the socket is gone). */
  public synchronized void close() {
    closed = true;
    queue.clear();
  }

  /**
   * Sends queued messages one at a time. A completion that arrives before sendText returns (Grizzly
   * may complete a write inline) only flags it, and this loop continues: no recursion per message.
   */
  private void sendNext() {
    while (true) {
      final String next;
      synchronized (this) {
        next = closed ? null : queue.pollFirst();
        if (next == null) {
          sending = false;
          return;
        }
        inSendCall = true;
        completedDuringCall = false;
      }
      try {
        session.getAsyncRemote().sendText(next, this::onSent);
      } catch (RuntimeException e) {
        fail(e);
        return;
      }
      synchronized (this) {
        inSendCall = false;
        if (!completedDuringCall) {
          return; // onSent will continue when the write completes
        }
      }
    }
  }

  private void onSent(SendResult result) {
    if (!result.isOK()) {
      fail(result.getException());
      return;
    }
    sent.incrementAndGet();
    synchronized (this) {
      if (inSendCall) {
        completedDuringCall = true;
        return;
      }
    }
    sendNext();
  }

  private void fail(Throwable error) {
    LOG.debug("send failed on {}: {}", session.getId(), String.valueOf(error));
    synchronized (this) {
      closed = true;
      queue.clear();
      sending = false;
      inSendCall = false;
    }
  }

  private void closeQuietly(CloseReason reason) {
    try {
      session.close(reason);
    } catch (Exception e) {
      LOG.debug("close failed on {}: {}", session.getId(), e.toString());
    }
  }
}
