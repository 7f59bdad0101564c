package dev.blockwire.ingest.flow.access;

import java.io.IOException;

/**
 * An access node request that failed in a way worth retrying: unreachable, a timeout, a 5xx or 429
 * answer, a 404 for data that a sealed height must have (a node behind a load balancer that lags), or
 * an answer missing a height that was asked for.
 */
public class AccessNodeException extends IOException {

  private static final long serialVersionUID = 1L;

  private final int status;

  public AccessNodeException(String message, int status) {
    super(message);
    this.status = status;
  }

  public AccessNodeException(String message, Throwable cause) {
    super(message, cause);
    this.status = -1;
  }

  /** The HTTP status of the answer, or -1 when there was none. */
  public int status() {
    return status;
  }
}
