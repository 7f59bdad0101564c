package dev.blockwire.ingest.source;

import java.time.Duration;
import java.util.Locale;

/**
 * A source's upstream (node, block service) has failed every request for longer than its down-report
 * interval: reported by the source's {@code failure()} while it keeps retrying, cleared when the upstream
 * answers again. Each source has its own subclass, which names the upstream.
 */
public abstract class SourceDownException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Duration down;

  /**
   * @param upstream what failed, e.g. {@code "Ethereum node http://..."}
   * @param state how it failed, e.g. {@code "unreachable"}
   */
  protected SourceDownException(String upstream, String state, Duration down, Throwable lastError) {
    super(upstream + " " + state + " for " + String.format(Locale.ROOT, "%.1f", down.toMillis() / 1000.0)
        + " s (last error: " + lastError + "); retrying, no block is skipped", lastError);
    this.down = down;
  }

  /** How long the upstream had been failing when this was reported. */
  public Duration down() {
    return down;
  }
}
