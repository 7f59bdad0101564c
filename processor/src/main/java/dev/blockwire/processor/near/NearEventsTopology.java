package dev.blockwire.processor.near;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

import dev.blockwire.processor.ChainHeadSerde;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.processor.TopicNames;

/**
 * The NEAR part of the processor topology (Processor API, so one raw block forwards to several
 * sinks):
 *
 * <pre>
 *   near.blocks.raw (bytes) ─► near-blocks-processor ─┬─► near.events.blocks  NetworkKey → NearBlockEvents (one per block)
 *                              [store near-chain-head] ├─► near.events         NearEventKey(account_id, standard) → NearEvent
 *                                                      └─► blockwire.dlq       NetworkKey or null → DeadLetter
 * </pre>
 *
 * <p>Block and event records carry the block time in milliseconds as their timestamp; dead letters
 * carry the input record's timestamp. Every node name starts with {@code near-}, so other chains'
 * topologies can be added to the same {@link Topology}.
 */
public final class NearEventsTopology {

  public static final String SOURCE = "near-blocks-source";
  public static final String PROCESSOR = "near-blocks-processor";
  public static final String BLOCKS_SINK = "near-events-blocks-sink";
  public static final String EVENTS_SINK = "near-events-sink";
  public static final String DEAD_LETTERS_SINK = "near-dead-letters-sink";
  /** Per-network last processed block: String network → {@link dev.blockwire.processor.ChainHead}. */
  public static final String CHAIN_HEAD_STORE = "near-chain-head";

  /** Adds the NEAR nodes, on the default topic names, to a topology that may hold other chains' nodes. */
  public static void addTo(Topology topology) {
    addTo(topology, TopicNames.DEFAULT);
  }

  /** Adds the NEAR nodes, reading and writing the topics {@code names} gives, to a topology. */
  public static void addTo(Topology topology, TopicNames names) {
    final NearEventExtractor extractor = new NearEventExtractor(new Nep297Parser()); // stateless, shared
    topology.addSource(AutoOffsetReset.earliest(), SOURCE,
        new ByteArrayDeserializer(), new ByteArrayDeserializer(), names.nearBlocksRaw());
    topology.addProcessor(PROCESSOR, () -> new NearBlockProcessor(extractor::extract), SOURCE);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CHAIN_HEAD_STORE),
            org.apache.kafka.common.serialization.Serdes.String(), new ChainHeadSerde()),
        PROCESSOR);
    // The processor forwards block and event values already encoded (NearEventsEncoder).
    topology.addSink(BLOCKS_SINK, names.nearEventsBlocks(),
        Serdes.NETWORK_KEY.serializer(), new ByteArraySerializer(), PROCESSOR);
    topology.addSink(EVENTS_SINK, names.nearEvents(),
        Serdes.NEAR_EVENT_KEY.serializer(), new ByteArraySerializer(), PROCESSOR);
    topology.addSink(DEAD_LETTERS_SINK, names.deadLetters(),
        Serdes.NETWORK_KEY.serializer(), Serdes.DEAD_LETTER.serializer(), PROCESSOR);
  }

  /** A topology with only the NEAR nodes. */
  public static Topology buildTopology() {
    final Topology topology = new Topology();
    addTo(topology);
    return topology;
  }

  private NearEventsTopology() {}
}
