package dev.blockwire.ingest.flow.access;

/**
 * Why a {@link FlowAccessSource} stopped for good: a Kafka write failed, the topic could not be read at
 * resume, the node refused a request as malformed (4xx other than 404 and 429), it served a block that
 * cannot be converted, or a block whose parent is not the last block written. Nothing is skipped: a
 * restarted source resumes after the last block the topic holds.
 */
public final class FlowAccessSourceException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public FlowAccessSourceException(String message) {
    super(message);
  }

  public FlowAccessSourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
