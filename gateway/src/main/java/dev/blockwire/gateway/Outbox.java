package dev.blockwire.gateway;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's bounded send queue. One write is in flight at a time (whole text frames written
 * straight to the connection by {@link TextFrameWriter}, else Tyrus' async send); the next leaves
 * when it completes, with the messages queued meanwhile, so a slow socket only fills its own queue
 * and every connection gets its messages in order. When the queue is full the connection is closed
 * (1008, with the dialect's reason) instead of blocking the feed or growing memory. With a starter
 * ({@link SendPool}) the first write of an idle connection is made there, not on the offering
 * (feed) thread.
 */
public final class Outbox {

  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

  /** Close reason for a client that does not read fast enough (the NEAR dialect's). */
  public static final String OVERFLOW_REASON = "too many buffered messages";
  static final int BATCH_MESSAGES = 64;
  static final int BATCH_BYTES = 64 * 1024;

  private final Session session;
  /** Writes whole text frames without Tyrus' encoder (see {@link TextFrameWriter}); null: Tyrus' sendText. */
  private final TextFrameWriter frames;
  private final int capacity;
  private final String overflowReason;
  private final ArrayDeque<Utf8Message> queue = new ArrayDeque<>();
  /** Starts the sending of an idle connection (a send pool), or null to start it on the offering thread. */
  private final Executor starter;
  private final Runnable drain = this::sendNext;
  /** The messages of the write being made; only the sending thread (the one that set {@code sending}) uses it. */
  private final Utf8Message[] batch;
  private final AtomicLong sent = new AtomicLong();
  private volatile long lastSentNanos = System.nanoTime();
  private boolean sending;
  private boolean closed;
  private boolean accepting = true;
  private CloseReason closeWhenDrained;
  private boolean inSendCall;
  /** Messages in the write in flight. */
  private int inFlight;
  /** Writes issued (a write carries one message or a batch). */
  private long writes;
  private boolean completedDuringCall;
  /** Waiting for the queue to drain to a quarter; null when none. */
  private List<Runnable> lowWaterListeners;
  private boolean overflowed;

  public Outbox(Session session, int capacity) {
    this(session, capacity, OVERFLOW_REASON);
  }

  /**
   * @param overflowReason the close reason sent with code 1008 when the queue overflows
   */
  public Outbox(Session session, int capacity, String overflowReason) {
    this(session, capacity, overflowReason, null);
  }

  /**
   * @param overflowReason the close reason sent with code 1008 when the queue overflows
   * @param starter runs the first write to an idle connection (and the writes queued behind it
   *     that complete at once), so the feed's thread only queues; null: the offering thread writes
   */
  public Outbox(Session session, int capacity, String overflowReason, Executor starter) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.session = session;
    this.frames = session == null ? null : TextFrameWriter.of(session, this::onSent);
    this.batch = new Utf8Message[frames == null ? 1 : BATCH_MESSAGES];
    this.capacity = capacity;
    this.overflowReason = overflowReason;
    this.starter = starter;
  }

  /**
   * Queues a message (a reply or error, encoded here). Never blocks.
   *
   * @return false if the outbox is closed or just overflowed (the connection is then closing)
   */
  public boolean offer(String message) {
    return offer(Utf8Message.of(message));
  }

  /**
   * Queues a message. Never blocks.
   *
   * @return false if the outbox is closed or just overflowed (the connection is then closing)
   */
  public boolean offer(Utf8Message message) {
    final boolean overflow;
    synchronized (this) {
      if (closed || !accepting) {
        return false;
      }
      overflow = queue.size() >= capacity;
      if (overflow) {
        closed = true;
        overflowed = true;
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
      closeQuietly(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, overflowReason));
      return false;
    }
    if (starter == null) {
      sendNext();
      return true;
    }
    try {
      starter.execute(drain);
    } catch (RejectedExecutionException e) {
      fail(e); // the pool is shut down: the gateway is stopping
      return false;
    }
    return true;
  }

  /** Closes the connection as an overflow does (1008 and the overflow reason), dropping what is queued. */
  public void closeForOverflow() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      overflowed = true;
      queue.clear();
    }
    closeQuietly(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, overflowReason));
  }

  /** Accepts nothing more; closes the connection with {@code reason} once what is queued has been sent. */
  public void closeAfterFlush(CloseReason reason) {
    final boolean now;
    synchronized (this) {
      if (closed || !accepting) {
        return;
      }
      accepting = false;
      closeWhenDrained = reason;
      now = !sending;
      if (now) {
        closed = true;
      }
    }
    if (now) {
      closeQuietly(reason);
    }
  }

  /** Messages waiting, not counting the one in flight. */
  public synchronized int depth() {
    return queue.size();
  }

  public int capacity() {
    return capacity;
  }

  /** True once the queue overflowed (the connection was closed as a slow client). */
  public synchronized boolean overflowed() {
    return overflowed;
  }

  /** Writes issued so far: fewer than the messages sent when queued messages left together. */
  synchronized long writeCount() {
    return writes;
  }

  public long sentCount() {
    return sent.get();
  }

  /** When the last send completed (System.nanoTime), or when the outbox was made. */
  public long lastSentNanos() {
    return lastSentNanos;
  }

  /**
   * Runs {@code listener} once, on a sending thread, when at most a quarter of the capacity is
   * queued; at once if that is already so. Every listener registered runs (several
   * subscriptions of one connection may pace themselves by its queue). A listener must not block.
   */
  public void onLowWater(Runnable listener) {
    synchronized (this) {
      if (!closed && queue.size() > capacity / 4) {
        if (lowWaterListeners == null) {
          lowWaterListeners = new ArrayList<>(2);
        }
        lowWaterListeners.add(listener);
        return;
      }
    }
    listener.run();
  }

  /** Stops sending; queued messages are dropped (the socket is gone). */
  public synchronized void close() {
    closed = true;
    queue.clear();
    lowWaterListeners = null;
  }

  /**
   * Sends queued messages, one write in flight at a time. A completion that arrives before the send
   * call returns (Grizzly may complete a write inline) only flags it, and this loop continues: no
   * recursion per message. With the direct frame writer, the messages queued behind a write leave
   * together as consecutive frames in one write (at most {@value #BATCH_MESSAGES} messages or about
   * {@value #BATCH_BYTES} bytes): the bytes on the wire are the same, with one write to the transport
   * and one socket write instead of one per message.
   */
  private void sendNext() {
    while (true) {
      int count = 0;
      List<Runnable> lowWater = null;
      CloseReason drained = null;
      synchronized (this) {
        final Utf8Message next = closed ? null : queue.pollFirst();
        if (next == null) {
          sending = false;
          if (!closed && closeWhenDrained != null) {
            closed = true;
            drained = closeWhenDrained;
          }
        } else {
          inSendCall = true;
          completedDuringCall = false;
          writes++;
          batch[count++] = next;
          long bytes = next.length();
          while (count < batch.length && !queue.isEmpty() && bytes + queue.peekFirst().length() <= BATCH_BYTES) {
            final Utf8Message more = queue.pollFirst();
            bytes += more.length();
            batch[count++] = more;
          }
          inFlight = count;
        }
        if (lowWaterListeners != null && queue.size() <= capacity / 4) {
          lowWater = lowWaterListeners;
          lowWaterListeners = null;
        }
      }
      if (lowWater != null) {
        lowWater.forEach(Runnable::run);
      }
      if (count == 0) {
        if (drained != null) {
          closeQuietly(drained);
        }
        return;
      }
      try {
        if (frames != null) {
          frames.send(batch, count);
        } else {
          session.getAsyncRemote().sendText(batch[0].text(), this::onSent);
        }
      } catch (RuntimeException e) {
        fail(e);
        return;
      } finally {
        Arrays.fill(batch, 0, count, null); // the queue no longer holds them: neither does this
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
    lastSentNanos = System.nanoTime();
    synchronized (this) {
      sent.addAndGet(inFlight);
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
      lowWaterListeners = null;
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
