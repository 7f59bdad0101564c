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
  /** NEAR: a block at or below the last processed height of its network (duplicate or replay). */
  public static final String STALE_BLOCK = "stale_block";
  /**
   * A block that decodes but cannot be used: empty network, negative height or timestamp, empty
   * hash; for Ethereum also logs that name another block than their header, are marked removed, or
   * are not in strictly increasing log-index order.
   */
  public static final String INVALID_BLOCK = "invalid_block";
  /**
   * An unexpected failure while processing a record (a bug): extracting a NEAR block's events, or
   * deciding what an Ethereum block or log changes. The record is kept whole; nothing changed.
   */
  public static final String PROCESSING_ERROR = "processing_error";
  /**
   * Ethereum: a block whose parent (or, on a side branch, whose ancestor) is neither canonical nor
   * kept in the window, although it lies within the window's heights: a block is missing upstream
   * (a gap, or a branch whose first blocks never arrived). The head does not move.
   */
  public static final String UNKNOWN_ANCESTOR = "unknown_ancestor";
  /**
   * Ethereum: a block that reaches below the window: its parent (or side-branch ancestor) is
   * older than the window depth behind the head, so the reorg it asks for is deeper than the
   * processor keeps. A re-sent old block lands here too. The head does not move.
   */
  public static final String BLOCK_TOO_OLD = "block_too_old";
  /** Ethereum: a raw log naming a block (hash and number) that is not in the window. */
  public static final String UNKNOWN_LOG = "unknown_log";
  /** Ethereum: a raw log that decodes but cannot be used (empty network or block hash, negative number or index). */
  public static final String INVALID_LOG = "invalid_log";

  private DeadLetterCodes() {}
}
