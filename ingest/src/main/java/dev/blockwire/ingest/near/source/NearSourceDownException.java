package dev.blockwire.ingest.near.source;

import java.time.Duration;

import dev.blockwire.ingest.source.SourceDownException;

/**
 * The block service has failed every fetch for longer than {@code ingest.near.down-report-ms}: reported
 * by {@link NearSource#failure()} while the source keeps retrying, cleared when it answers again.
 */
public final class NearSourceDownException extends SourceDownException {

  private static final long serialVersionUID = 1L;

  public NearSourceDownException(String service, Duration down, Throwable lastError) {
    super("NEAR block service " + service, "failing", down, lastError);
  }
}
