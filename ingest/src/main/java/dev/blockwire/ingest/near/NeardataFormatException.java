package dev.blockwire.ingest.near;

/**
 * A neardata block document that cannot become a {@code NearBlock}: malformed JSON, or a required
 * field missing or of the wrong type. The message names the field by its JSON path (for example
 * {@code shards[1].receipt_execution_outcomes[0].receipt.receipt_id}) and, when known, the block
 * height, so an operator can find the offending document.
 */
public final class NeardataFormatException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String field;

  public NeardataFormatException(String field, String message) {
    super(message);
    this.field = field;
  }

  public NeardataFormatException(String field, String message, Throwable cause) {
    super(message, cause);
    this.field = field;
  }

  /** The JSON path of the offending field; {@code "$"} for the whole document. Never null. */
  public String field() {
    return field;
  }
}
