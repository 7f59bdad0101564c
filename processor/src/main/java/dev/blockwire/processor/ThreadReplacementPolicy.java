package dev.blockwire.processor;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uncaught-exception handler of the stream threads: log and replace the dead thread, but stop the
 * client when threads keep dying (more than {@code maxReplacements} within {@code window}), so a
 * permanent failure does not become an endless crash loop. Thread-safe.
 */
final class ThreadReplacementPolicy implements StreamsUncaughtExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ThreadReplacementPolicy.class);

  private final int maxReplacements;
  private final long windowNanos;
  private final LongSupplier nanoClock;
  private final Deque<Long> recent = new ArrayDeque<>();

  ThreadReplacementPolicy(int maxReplacements, Duration window, LongSupplier nanoClock) {
    if (maxReplacements < 0) {
      throw new IllegalArgumentException("maxReplacements must not be negative: " + maxReplacements);
    }
    this.maxReplacements = maxReplacements;
    this.windowNanos = window.toNanos();
    this.nanoClock = nanoClock;
  }

  @Override
  public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
    final long now = nanoClock.getAsLong();
    while (!recent.isEmpty() && now - recent.peekFirst() > windowNanos) {
      recent.pollFirst();
    }
    if (recent.size() >= maxReplacements) {
      log.error("a stream thread died; {} threads were already replaced within {} ms: shutting the processor down",
          recent.size(), Duration.ofNanos(windowNanos).toMillis(), exception);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    recent.addLast(now);
    log.error("a stream thread died; replacing it", exception);
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }
}
