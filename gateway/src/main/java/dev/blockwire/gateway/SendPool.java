package dev.blockwire.gateway;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that start the writes of idle connections ({@link Outbox}), so a feed's dispatch
 * thread only matches and queues: one block's fan-out to thousands of connections is written by
 * every core instead of serially by the one dispatch thread. Each connection has at most one task
 * here at a time (an Outbox hands itself over only when it goes from idle to sending), so the
 * queue is bounded by the number of connections; per-connection order is the Outbox's.
 */
public final class SendPool implements Executor, AutoCloseable {

  private final ThreadPoolExecutor executor;

  /** @param threads the pool's size; 0 for one per available processor */
  public SendPool(int threads) {
    final int size = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    final AtomicInteger count = new AtomicInteger();
    this.executor = new ThreadPoolExecutor(size, size, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
        runnable -> {
          final Thread thread = new Thread(runnable, "gateway-send-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  public int size() {
    return executor.getCorePoolSize();
  }

  @Override
  public void execute(Runnable task) {
    executor.execute(task);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
