package dev.blockwire.ingest.eth.node;

import java.time.Duration;

/**
 * The node has answered nothing for longer than {@code ingest.eth.node-down-report-ms}: reported by
 * {@link EthNodeSource#failure()} while the source keeps retrying, cleared when the node answers again.
 */
public final class NodeDownException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Duration down;

  public NodeDownException(String node, Duration down, Throwable lastError) {
    super("Ethereum node " + node + " unreachable for " + seconds(down) + " s (last error: " + lastError
        + "); retrying, no block is skipped", lastError);
    this.down = down;
  }

  private static String seconds(Duration duration) {
    return String.format(java.util.Locale.ROOT, "%.1f", duration.toMillis() / 1000.0);
  }

  /** How long the node had been unreachable when this was reported. */
  public Duration down() {
    return down;
  }
}
