package dev.blockwire.ingest.source;

import java.time.Duration;
import java.util.Optional;

/**
 * A source that writes raw blocks to Kafka on a thread of its own (its {@link SourceThread}): what a
 * command needs to run one until it ends, fails or is stopped.
 */
public interface BlockSource extends AutoCloseable {

  /**
   * Starts writing on the source's own thread.
   *
   * @throws IllegalStateException if already started or closed
   */
  void start();

  /** True while the source's thread runs. */
  boolean isRunning();

  /** Waits until the source's thread has stopped; true if it has (or was never started). */
  boolean awaitStopped(Duration timeout) throws InterruptedException;

  /** What is wrong, if anything: the error that stopped the source, or a problem it reports while retrying. */
  Optional<Throwable> failure();

  /** Stops the source (a bounded wait for the block being written) and releases what it holds. */
  @Override
  void close();
}
