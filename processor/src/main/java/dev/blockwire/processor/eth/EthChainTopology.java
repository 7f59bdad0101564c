package dev.blockwire.processor.eth;

import java.util.Map;

import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

import dev.blockwire.processor.ChainHeadSerde;
import dev.blockwire.processor.ProcessorConfig;
import dev.blockwire.schemas.AvroSerde;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.processor.TopicNames;
import dev.blockwire.schemas.eth.EthChainBlock;

/**
 * The Ethereum part of the processor topology: the canonical chain of every network (Processor
 * API, so one input forwards to several sinks):
 *
 * <pre>
 *   eth.blocks.raw (bytes) ─┐                          ┌─► eth.chain      NetworkKey → EthChainUpdate (one per chain change)
 *                           ├─► eth-chain-processor ───┼─► eth.logs       EthLogKey(network, address) → EthLog (added and removed)
 *   eth.logs.raw (bytes) ───┘   [eth-chain-head,       └─► blockwire.dlq  NetworkKey or null → DeadLetter
 *                                eth-chain-canonical,
 *                                eth-chain-blocks]
 * </pre>
 *
 * <p>Both raw topics are keyed by network with one partition per network (co-partitioned), so
 * one processor node sees a network's blocks and logs together. The window of each network lives
 * in three in-memory stores backed by compacted changelogs (see {@link KeyValueChainStore}); it is
 * bounded by the window depth, so restoring it reads at most a window's worth of live records.
 *
 * <p>Update and log records carry the block time in milliseconds as their timestamp (the new
 * head's, or for a raw log the time of its block); dead letters carry the input record's
 * timestamp. Every node and store name starts with {@code eth-}.
 */
public final class EthChainTopology {

  public static final String BLOCKS_SOURCE = "eth-blocks-source";
  public static final String LOGS_SOURCE = "eth-logs-source";
  public static final String PROCESSOR = "eth-chain-processor";
  public static final String CHAIN_SINK = "eth-chain-sink";
  public static final String LOGS_SINK = "eth-logs-sink";
  public static final String DEAD_LETTERS_SINK = "eth-dead-letters-sink";
  /** Canonical head per network: String network → {@link dev.blockwire.processor.ChainHead}. */
  public static final String HEAD_STORE = "eth-chain-head";
  /** Canonical index: (network, height) → block hash, as {@link KeyValueChainStore} encodes the key. */
  public static final String CANONICAL_STORE = "eth-chain-canonical";
  /** Every kept block, canonical or side: (network, height, hash) → {@link EthChainBlock} with its logs. */
  public static final String BLOCKS_STORE = "eth-chain-blocks";
  /** Blocks kept behind the head when nothing else is configured: the deepest reorg resolved. */
  public static final int DEFAULT_WINDOW_DEPTH = 128;

  private static final AvroSerde<EthChainBlock> CHAIN_BLOCK = AvroSerde.of(EthChainBlock.class);

  /**
   * Adds the Ethereum nodes, on the default topic names, to a topology that may hold other chains' nodes.
   *
   * @param windowDepth blocks kept behind the head per network; at least 1
   * @throws IllegalArgumentException if {@code windowDepth < 1}
   */
  public static void addTo(Topology topology, int windowDepth) {
    addTo(topology, windowDepth, TopicNames.DEFAULT);
  }

  /**
   * Adds the Ethereum nodes, reading and writing the topics {@code names} gives, to a topology.
   *
   * @param windowDepth blocks kept behind the head per network; at least 1
   * @throws IllegalArgumentException if {@code windowDepth < 1}
   */
  public static void addTo(Topology topology, int windowDepth, TopicNames names) {
    if (windowDepth < 1) {
      throw new IllegalArgumentException("windowDepth must be at least 1: " + windowDepth);
    }
    topology.addSource(AutoOffsetReset.earliest(), BLOCKS_SOURCE,
        new ByteArrayDeserializer(), new ByteArrayDeserializer(), names.ethBlocksRaw());
    topology.addSource(AutoOffsetReset.earliest(), LOGS_SOURCE,
        new ByteArrayDeserializer(), new ByteArrayDeserializer(), names.ethLogsRaw());
    topology.addProcessor(PROCESSOR, () -> new EthChainProcessor(windowDepth, names.ethBlocksRaw(), names.ethLogsRaw()), BLOCKS_SOURCE, LOGS_SOURCE);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(HEAD_STORE),
            org.apache.kafka.common.serialization.Serdes.String(), new ChainHeadSerde()),
        PROCESSOR);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CANONICAL_STORE),
            org.apache.kafka.common.serialization.Serdes.Bytes(), org.apache.kafka.common.serialization.Serdes.String()),
        PROCESSOR);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(BLOCKS_STORE),
                org.apache.kafka.common.serialization.Serdes.Bytes(), CHAIN_BLOCK)
            .withLoggingEnabled(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                Integer.toString(ProcessorConfig.MAX_RECORD_BYTES))),
        PROCESSOR);
    topology.addSink(CHAIN_SINK, names.ethChain(),
        Serdes.NETWORK_KEY.serializer(), Serdes.ETH_CHAIN_UPDATE.serializer(), PROCESSOR);
    topology.addSink(LOGS_SINK, names.ethLogs(),
        Serdes.ETH_LOG_KEY.serializer(), Serdes.ETH_LOG.serializer(), PROCESSOR);
    topology.addSink(DEAD_LETTERS_SINK, names.deadLetters(),
        Serdes.NETWORK_KEY.serializer(), Serdes.DEAD_LETTER.serializer(), PROCESSOR);
  }

  /** A topology with only the Ethereum nodes. */
  public static Topology buildTopology(int windowDepth) {
    final Topology topology = new Topology();
    addTo(topology, windowDepth);
    return topology;
  }

  private EthChainTopology() {}
}
