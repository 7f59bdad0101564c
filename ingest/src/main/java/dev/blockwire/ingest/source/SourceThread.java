package dev.blockwire.ingest.source;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Objects;

import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;

/**
 * The lifecycle of a source's own thread: started at most once, never after close; {@link #close}
 * signals the source to stop, gives the block being written a short grace period, then interrupts
 * the thread (e.g. blocked on an unreachable broker; resume covers a half-written block) and waits a
 * bounded time more. What the thread does, and how it is told to stop, belong to the source.
 */
public final class SourceThread {

  /** How long close() lets the current block finish before interrupting the thread. */
  static final Duration GRACE = Duration.ofSeconds(2);
  static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);

  private final String source;
  private final Logger log;
  private final Object lock = new Object();
  private Thread thread;
  private boolean callerThread;
  private boolean closed;

  /**
   * @param source how log lines name the source, e.g. {@code "NEAR source"}
   * @param log the source's logger
   */
  public SourceThread(String source, Logger log) {
    this.source = Objects.requireNonNull(source, "source");
    this.log = Objects.requireNonNull(log, "log");
  }

  /**
   * Starts {@code body} on a new thread named {@code name}, unless already started, claimed by
   * {@link #useCallerThread()}, or closed.
   *
   * @return false (nothing started) in those cases
   */
  public boolean start(String name, Runnable body) {
    synchronized (lock) {
      if (closed || thread != null || callerThread) {
        return false;
      }
      thread = new Thread(body, name);
      thread.start();
      return true;
    }
  }

  /**
   * Marks the source as run on its callers' threads instead; false if it was started or closed.
   */
  public boolean useCallerThread() {
    synchronized (lock) {
      if (closed || thread != null) {
        return false;
      }
      callerThread = true;
      return true;
    }
  }

  /** True while the started thread runs. */
  public boolean isRunning() {
    synchronized (lock) {
      return thread != null && thread.isAlive();
    }
  }

  /** Waits until the started thread has stopped; true if it has (or was never started). */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    final Thread running;
    synchronized (lock) {
      running = thread;
    }
    if (running == null) {
      return true;
    }
    running.join(Math.max(1, timeout.toMillis()));
    return !running.isAlive();
  }

  /**
   * The first call runs {@code signalStop}, then waits for the thread (grace, interrupt, bounded wait,
   * a warning if it still runs) unless called on it, and returns true: the caller then releases the
   * source's resources. Later calls do nothing and return false.
   */
  public boolean close(Runnable signalStop) {
    final Thread running;
    synchronized (lock) {
      if (closed) {
        return false;
      }
      closed = true;
      running = thread;
    }
    signalStop.run();
    if (running != null && running != Thread.currentThread()) {
      try {
        running.join(GRACE.toMillis());
        if (running.isAlive()) {
          running.interrupt();
          running.join(JOIN_TIMEOUT.toMillis());
        }
        if (running.isAlive()) {
          log.warn("{} thread {} did not stop within {}", source, running.getName(), GRACE.plus(JOIN_TIMEOUT));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return true;
  }

  /** True if {@code e}, or a cause of it, reports an interruption (what close() does to a busy thread). */
  public static boolean isInterruption(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InterruptedException || t instanceof InterruptException || t instanceof InterruptedIOException) {
        return true;
      }
    }
    return false;
  }

  /** Closes {@code resource} (if any), logging rather than throwing a failure. */
  public static void closeQuietly(AutoCloseable resource, Logger log) {
    if (resource == null) {
      return;
    }
    try {
      resource.close();
    } catch (Exception e) {
      log.warn("closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
    }
  }
}
