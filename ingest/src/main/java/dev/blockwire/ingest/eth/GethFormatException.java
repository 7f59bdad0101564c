package dev.blockwire.ingest.eth;

/**
 * A geth block or log document that cannot become an {@code EthBlock}: malformed JSON, or a required
 * field missing, of the wrong type or badly encoded. The message names the field by its JSON path
 * (for example {@code logs[2].logIndex} or {@code block.baseFeePerGas}) and, when known, the block
 * number, so an operator can find the offending document.
 */
public final class GethFormatException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String field;

  public GethFormatException(String field, String message) {
    super(message);
    this.field = field;
  }

  public GethFormatException(String field, String message, Throwable cause) {
    super(message, cause);
    this.field = field;
  }

  /** The JSON path of the offending field; {@code "$"} for the whole document. Never null. */
  public String field() {
    return field;
  }
}
