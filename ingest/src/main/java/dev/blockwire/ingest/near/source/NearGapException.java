package dev.blockwire.ingest.near.source;

/**
 * A real gap: the service answered "no block" ({@code null}) at a height that a later block names as its
 * {@code prev_height}, so a block exists there that the service did not serve. Reported by
 * {@link NearSource#failure()} (and an ERROR log) while the source fetches that height again with
 * backoff; nothing after the gap is written until it is filled, and the report clears then.
 */
public final class NearGapException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final long missingHeight;

  public NearGapException(long missingHeight, long laterHeight, String service) {
    super("gap at height " + missingHeight + ": " + service + " served no block there, but block " + laterHeight
        + " names it as prev_height; fetching it again, nothing after it is written until it arrives");
    this.missingHeight = missingHeight;
  }

  /** The height that has a block the service did not serve. */
  public long missingHeight() {
    return missingHeight;
  }
}
