package dev.blockwire.ingest.near.source;

/**
 * Why a {@link NearSource} stopped for good: a Kafka write failed, the topic could not be read at
 * resume, a block cannot be converted, the service answered another height than asked, or a block's
 * {@code prev_hash} does not match the last block written (final NEAR blocks never reorganise). Nothing
 * is skipped: a restarted source resumes after the last block the topic holds.
 */
public final class NearSourceException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public NearSourceException(String message) {
    super(message);
  }

  public NearSourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
