package dev.blockwire.app.replay;

import java.util.List;
import java.util.Locale;

import org.apache.kafka.streams.Topology;

import dev.blockwire.processor.ProcessorConfig;
import dev.blockwire.processor.TopicNames;
import dev.blockwire.processor.eth.EthChainTopology;
import dev.blockwire.processor.flow.FlowChainTopology;
import dev.blockwire.processor.near.NearEventsTopology;
import dev.blockwire.schemas.Serdes;

/** A chain the replay can re-run: its raw topics (with how to read a record's height), outputs and topology. */
public enum ReplayChain {
  NEAR {
    @Override
    List<RawTopic> rawTopics(TopicNames names) {
      return List.of(new RawTopic(names.nearBlocksRaw(), true, value -> Serdes.NEAR_BLOCK.decode(value).getHeight()));
    }

    @Override
    List<String> outputs(TopicNames names) {
      return List.of(names.nearEventsBlocks(), names.nearEvents());
    }

    @Override
    void addTo(Topology topology, ProcessorConfig config, TopicNames names) {
      NearEventsTopology.addTo(topology, names);
    }
  },
  ETH {
    @Override
    List<RawTopic> rawTopics(TopicNames names) {
      return List.of(
          new RawTopic(names.ethBlocksRaw(), true, value -> Serdes.ETH_BLOCK.decode(value).getHeader().getNumber()),
          new RawTopic(names.ethLogsRaw(), false, value -> Serdes.ETH_RAW_LOG.decode(value).getLog().getBlockNumber()));
    }

    @Override
    List<String> outputs(TopicNames names) {
      return List.of(names.ethChain(), names.ethLogs());
    }

    @Override
    void addTo(Topology topology, ProcessorConfig config, TopicNames names) {
      EthChainTopology.addTo(topology, config.ethWindowDepth(), names);
    }
  },
  FLOW {
    @Override
    List<RawTopic> rawTopics(TopicNames names) {
      return List.of(new RawTopic(names.flowBlocksRaw(), true,
          value -> Serdes.FLOW_BLOCK.decode(value).getHeader().getHeight()));
    }

    @Override
    List<String> outputs(TopicNames names) {
      return List.of(names.flowChain(), names.flowEvents());
    }

    @Override
    void addTo(Topology topology, ProcessorConfig config, TopicNames names) {
      FlowChainTopology.addTo(topology, names);
    }
  };

  /** How a raw record's value tells its block height (a log's block number); throws if it does not decode. */
  @FunctionalInterface
  interface HeightReader {
    long heightOf(byte[] value);
  }

  /**
   * A raw topic of the chain.
   *
   * @param name the topic's name in the names given
   * @param blocks true for the block topic (counted as blocks), false for the Ethereum raw logs
   * @param heights reads a record's height
   */
  record RawTopic(String name, boolean blocks, HeightReader heights) {}

  /** The raw topics this chain's topology reads, named as in {@code names}. */
  abstract List<RawTopic> rawTopics(TopicNames names);

  /** The chain's own output topics (the dead-letter topic is shared), named as in {@code names}. */
  abstract List<String> outputs(TopicNames names);

  /** Adds the chain's processor nodes, on {@code names}, to {@code topology}. */
  abstract void addTo(Topology topology, ProcessorConfig config, TopicNames names);

  /** {@code near}, {@code eth}, {@code flow} (any case). */
  public static ReplayChain of(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  /** The lower-case name used on the command line. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
