package dev.blockwire.app;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closes started parts in reverse order on Ctrl-C (or when asked), then lets the command return. */
final class Shutdown {

  private static final Logger LOG = LoggerFactory.getLogger(Shutdown.class);

  private final Deque<AutoCloseable> parts = new ArrayDeque<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Thread hook = new Thread(this::closeAll, "blockwire-shutdown");

  Shutdown() {
    Runtime.getRuntime().addShutdownHook(hook);
  }

  <T extends AutoCloseable> T register(T part) {
    synchronized (parts) {
      parts.push(part);
    }
    return part;
  }

  /** Blocks until the JVM is asked to stop. */
  void awaitStop() throws InterruptedException {
    stopped.await();
  }

  /** Closes everything now (for a failed start). */
  void closeNow() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException alreadyShuttingDown) {
      return;
    }
    closeAll();
  }

  private void closeAll() {
    while (true) {
      final AutoCloseable part;
      synchronized (parts) {
        part = parts.poll();
      }
      if (part == null) {
        break;
      }
      try {
        part.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed: {}", part.getClass().getSimpleName(), e.toString());
      }
    }
    stopped.countDown();
  }
}
