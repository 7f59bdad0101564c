package dev.blockwire.ingest.flow;

/** A Flow block document that is not valid JSON or lacks a required field; names the field. */
public final class FlowFormatException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String field;

  public FlowFormatException(String field, String message) {
    super(message);
    this.field = field;
  }

  public FlowFormatException(String field, String message, Throwable cause) {
    super(message, cause);
    this.field = field;
  }

  /** The JSON path of the offending field, e.g. {@code block.header.height}. */
  public String field() {
    return field;
  }
}
