package dev.blockwire.processor.flow;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

import dev.blockwire.processor.ChainHeadSerde;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.processor.TopicNames;

/**
 * The Flow part of the processor topology:
 *
 * <pre>
 *   flow.blocks.raw (bytes) ─► flow-blocks-processor ─┬─► flow.chain     NetworkKey → FlowChainUpdate (one per block status change)
 *                              [store flow-chain-head] ├─► flow.events    FlowEventKey(network, contract) → FlowContractEvent
 *                                                      └─► blockwire.dlq  NetworkKey or null → DeadLetter
 * </pre>
 *
 * <p>Chain updates and events carry the block time in milliseconds as their timestamp. Every node
 * name starts with {@code flow-}, so the other chains' nodes share the same {@link Topology}.
 */
public final class FlowChainTopology {

  public static final String SOURCE = "flow-blocks-source";
  public static final String PROCESSOR = "flow-blocks-processor";
  public static final String CHAIN_SINK = "flow-chain-sink";
  public static final String EVENTS_SINK = "flow-events-sink";
  public static final String DEAD_LETTERS_SINK = "flow-dead-letters-sink";
  /**
   * Last processed block per network and status: {@code "<network>/FINALIZED"} and
   * {@code "<network>/SEALED"} → {@link dev.blockwire.processor.ChainHead}.
   */
  public static final String CHAIN_HEAD_STORE = "flow-chain-head";

  /** Adds the Flow nodes, on the default topic names, to a topology that may hold other chains' nodes. */
  public static void addTo(Topology topology) {
    addTo(topology, TopicNames.DEFAULT);
  }

  /** Adds the Flow nodes, reading and writing the topics {@code names} gives, to a topology. */
  public static void addTo(Topology topology, TopicNames names) {
    topology.addSource(AutoOffsetReset.earliest(), SOURCE,
        new ByteArrayDeserializer(), new ByteArrayDeserializer(), names.flowBlocksRaw());
    topology.addProcessor(PROCESSOR, FlowBlockProcessor::new, SOURCE);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CHAIN_HEAD_STORE),
            org.apache.kafka.common.serialization.Serdes.String(), new ChainHeadSerde()),
        PROCESSOR);
    topology.addSink(CHAIN_SINK, names.flowChain(),
        Serdes.NETWORK_KEY.serializer(), Serdes.FLOW_CHAIN_UPDATE.serializer(), PROCESSOR);
    topology.addSink(EVENTS_SINK, names.flowEvents(),
        Serdes.FLOW_EVENT_KEY.serializer(), Serdes.FLOW_CONTRACT_EVENT.serializer(), PROCESSOR);
    topology.addSink(DEAD_LETTERS_SINK, names.deadLetters(),
        Serdes.NETWORK_KEY.serializer(), Serdes.DEAD_LETTER.serializer(), PROCESSOR);
  }

  /** A topology with only the Flow nodes. */
  public static Topology buildTopology() {
    final Topology topology = new Topology();
    addTo(topology);
    return topology;
  }

  /**
   * The contract an event type belongs to: {@code A.<address>.<Contract>} for
   * {@code A.<address>.<Contract>.<Event>}, {@code flow} for {@code flow.<Event>}, else the type.
   */
  public static String contractOf(String eventType) {
    if (eventType.startsWith("flow.")) {
      return "flow";
    }
    final String[] parts = eventType.split("\\.", -1);
    if (parts.length >= 4 && parts[0].equals("A")) {
      return parts[0] + "." + parts[1] + "." + parts[2];
    }
    return eventType;
  }

  private FlowChainTopology() {}
}
