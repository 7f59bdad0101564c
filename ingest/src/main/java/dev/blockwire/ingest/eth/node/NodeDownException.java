package dev.blockwire.ingest.eth.node;

import java.time.Duration;

import dev.blockwire.ingest.source.SourceDownException;

/**
 * The node has answered nothing for longer than {@code ingest.eth.node-down-report-ms}: reported by
 * {@link EthNodeSource#failure()} while the source keeps retrying, cleared when the node answers again.
 */
public final class NodeDownException extends SourceDownException {

  private static final long serialVersionUID = 1L;

  public NodeDownException(String node, Duration down, Throwable lastError) {
    super("Ethereum node " + node, "unreachable", down, lastError);
  }
}
