package dev.blockwire.schemas;

import java.util.List;

/** Names and partition counts of every topic Blockwire reads or writes. */
public final class Topics {

  /** Raw NEAR blocks, key {@code NetworkKey}, value {@code NearBlock}; one partition per network. */
  public static final String NEAR_BLOCKS_RAW = "near.blocks.raw";
  /** One record per NEAR block with its valid events, key {@code NetworkKey}; ordered. */
  public static final String NEAR_EVENTS_BLOCKS = "near.events.blocks";
  /** One record per NEAR event, key {@code NearEventKey}; for analytics. */
  public static final String NEAR_EVENTS = "near.events";
  /** Everything the processor could not use, value {@code DeadLetter}. */
  public static final String DEAD_LETTERS = "blockwire.dlq";

  /** Partitions of the keyed topics (many, for parallel consumers). */
  public static final int KEYED_PARTITIONS = 6;

  /** A topic to create, with its partition count. */
  public record Spec(String name, int partitions) {}

  /** Every topic of a default deployment (one network per chain). */
  public static List<Spec> all() {
    return List.of(
        new Spec(NEAR_BLOCKS_RAW, 1),
        new Spec(NEAR_EVENTS_BLOCKS, 1),
        new Spec(NEAR_EVENTS, KEYED_PARTITIONS),
        new Spec(DEAD_LETTERS, 1));
  }

  private Topics() {}
}
