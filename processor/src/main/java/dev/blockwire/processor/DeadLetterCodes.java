package dev.blockwire.processor;

/**
 * The {@code code} values of dead letters (topic {@code blockwire.dlq}) written for a whole input
 * record. Dead letters for a single bad NEP-297 log line carry
 * {@link dev.blockwire.processor.near.Nep297Result.Code#code()} instead: {@code log_too_large},
 * {@code invalid_json}, {@code multiple_values}, {@code not_an_object}, {@code missing_field},
 * {@code wrong_type}, {@code empty_field}, {@code duplicate_key}.
 */
public final class DeadLetterCodes {

  /** A null value, a null key, or bytes that are not the expected Avro record. */
  public static final String UNDECODABLE_RECORD = "undecodable_record";
  /** A block at or below the last processed height of its network (duplicate or replay). */
  public static final String STALE_BLOCK = "stale_block";
  /** A block that decodes but cannot be used (empty network, negative height or timestamp). */
  public static final String INVALID_BLOCK = "invalid_block";
  /** An unexpected failure while extracting a block's events (a bug); the block is kept whole. */
  public static final String PROCESSING_ERROR = "processing_error";

  private DeadLetterCodes() {}
}
