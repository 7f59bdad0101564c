package dev.blockwire.ingest.flow.access;

import java.time.Duration;
import java.util.Locale;

/**
 * The access node has failed every request for longer than {@code ingest.flow.node-down-report-ms}:
 * reported by {@link FlowAccessSource#failure()} while the source keeps retrying, cleared when it answers.
 */
public final class AccessNodeDownException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Duration down;

  public AccessNodeDownException(String node, Duration down, Throwable lastError) {
    super("Flow access node " + node + " failing for " + String.format(Locale.ROOT, "%.1f", down.toMillis() / 1000.0)
        + " s (last error: " + lastError + "); retrying, no block is skipped", lastError);
    this.down = down;
  }

  /** How long the node had been failing when this was reported. */
  public Duration down() {
    return down;
  }
}
