package dev.blockwire.ingest.flow.access;

import java.time.Duration;

import dev.blockwire.ingest.source.SourceDownException;

/**
 * The access node has failed every request for longer than {@code ingest.flow.node-down-report-ms}:
 * reported by {@link FlowAccessSource#failure()} while the source keeps retrying, cleared when it answers.
 */
public final class AccessNodeDownException extends SourceDownException {

  private static final long serialVersionUID = 1L;

  public AccessNodeDownException(String node, Duration down, Throwable lastError) {
    super("Flow access node " + node, "failing", down, lastError);
  }
}
