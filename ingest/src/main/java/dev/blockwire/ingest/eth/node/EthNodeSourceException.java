package dev.blockwire.ingest.eth.node;

/**
 * Why an {@link EthNodeSource} stopped for good: a Kafka write failed, the topic could not be read at
 * resume, the node served a block that cannot be converted, or its chain does not connect to what was
 * written within {@code ingest.eth.max-reorg-depth} blocks. Nothing is skipped: a restarted source
 * resumes after the last block the topic holds.
 */
public final class EthNodeSourceException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public EthNodeSourceException(String message) {
    super(message);
  }

  public EthNodeSourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
