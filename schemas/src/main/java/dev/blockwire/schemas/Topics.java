package dev.blockwire.schemas;

import java.util.List;
import java.util.Map;

/** Names and partition counts of every topic Blockwire reads or writes. */
public final class Topics {

  /** Raw NEAR blocks, key {@code NetworkKey}, value {@code NearBlock}; one partition per network. */
  public static final String NEAR_BLOCKS_RAW = "near.blocks.raw";
  /** One record per NEAR block with its valid events, key {@code NetworkKey}; ordered. */
  public static final String NEAR_EVENTS_BLOCKS = "near.events.blocks";
  /** One record per NEAR event, key {@code NearEventKey}; for analytics. */
  public static final String NEAR_EVENTS = "near.events";
  /** Raw Ethereum blocks with their logs, key {@code NetworkKey}, value {@code EthBlock}; ordered. */
  public static final String ETH_BLOCKS_RAW = "eth.blocks.raw";
  /** Raw single logs, possibly removed=true, key {@code NetworkKey}, value {@code EthRawLog}; ordered. */
  public static final String ETH_LOGS_RAW = "eth.logs.raw";
  /** Canonical chain changes, key {@code NetworkKey}, value {@code EthChainUpdate}; ordered. */
  public static final String ETH_CHAIN = "eth.chain";
  /** One record per log (added or removed), key {@code EthLogKey} (network, contract address), value {@code EthLog}. */
  public static final String ETH_LOGS = "eth.logs";
  /** Raw Flow block status changes (finalized, sealed), key {@code NetworkKey}, value {@code FlowBlock}; ordered. */
  public static final String FLOW_BLOCKS_RAW = "flow.blocks.raw";
  /** Flow chain updates (header, status, events, transaction results), key {@code NetworkKey}, value {@code FlowChainUpdate}; ordered. */
  public static final String FLOW_CHAIN = "flow.chain";
  /** One record per event of a sealed Flow block, key {@code FlowEventKey} (network, contract), value {@code FlowContractEvent}. */
  public static final String FLOW_EVENTS = "flow.events";
  /** Everything the processor could not use, value {@code DeadLetter}. */
  public static final String DEAD_LETTERS = "blockwire.dlq";

  /** Partitions of the keyed topics (many, for parallel consumers). */
  public static final int KEYED_PARTITIONS = 6;

  /** Largest record on a Blockwire topic: a busy block, or a reorg carrying several, exceeds Kafka's 1 MiB. */
  public static final int MAX_RECORD_BYTES = 16 << 20;

  /**
   * Configs of every Blockwire topic. Records carry block time, which for replayed history is old:
   * time-based retention would delete it at once, so retention is unlimited by default (set a
   * size or time bound per deployment).
   */
  public static final Map<String, String> DEFAULT_CONFIGS = Map.of(
      "retention.ms", "-1",
      "max.message.bytes", Integer.toString(MAX_RECORD_BYTES));

  /** A topic to create, with its partition count and configs. */
  public record Spec(String name, int partitions, Map<String, String> configs) {
    public Spec(String name, int partitions) {
      this(name, partitions, DEFAULT_CONFIGS);
    }

    public Spec {
      configs = Map.copyOf(configs);
    }
  }

  /** Every topic of a default deployment (one network per chain). */
  public static List<Spec> all() {
    return List.of(
        new Spec(NEAR_BLOCKS_RAW, 1),
        new Spec(NEAR_EVENTS_BLOCKS, 1),
        new Spec(NEAR_EVENTS, KEYED_PARTITIONS),
        new Spec(ETH_BLOCKS_RAW, 1),
        new Spec(ETH_LOGS_RAW, 1),
        new Spec(ETH_CHAIN, 1),
        new Spec(ETH_LOGS, KEYED_PARTITIONS),
        new Spec(FLOW_BLOCKS_RAW, 1),
        new Spec(FLOW_CHAIN, 1),
        new Spec(FLOW_EVENTS, KEYED_PARTITIONS),
        new Spec(DEAD_LETTERS, 1));
  }

  private Topics() {}
}
