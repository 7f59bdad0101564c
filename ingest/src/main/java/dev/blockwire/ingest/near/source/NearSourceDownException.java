package dev.blockwire.ingest.near.source;

import java.time.Duration;
import java.util.Locale;

/**
 * The block service has failed every fetch for longer than {@code ingest.near.down-report-ms}: reported
 * by {@link NearSource#failure()} while the source keeps retrying, cleared when it answers again.
 */
public final class NearSourceDownException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Duration down;

  public NearSourceDownException(String service, Duration down, Throwable lastError) {
    super("NEAR block service " + service + " failing for " + String.format(Locale.ROOT, "%.1f", down.toMillis() / 1000.0)
        + " s (last error: " + lastError + "); retrying, no block is skipped", lastError);
    this.down = down;
  }

  /** How long the service had been failing when this was reported. */
  public Duration down() {
    return down;
  }
}
