package dev.blockwire.processor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

import dev.blockwire.schemas.Topics;

/**
 * The topic names one processor topology reads and writes. The live processor uses
 * {@link #DEFAULT} (the names of {@link Topics}); {@code blockwire replay} runs the same topologies
 * on its own input and output names, so the live topics are never touched.
 *
 * @param nearBlocksRaw raw NEAR blocks read
 * @param nearEventsBlocks ordered NEAR block events written
 * @param nearEvents keyed NEAR events written
 * @param ethBlocksRaw raw Ethereum blocks read
 * @param ethLogsRaw raw Ethereum logs read
 * @param ethChain ordered Ethereum chain updates written
 * @param ethLogs keyed Ethereum logs written
 * @param flowBlocksRaw raw Flow blocks read
 * @param flowChain ordered Flow chain updates written
 * @param flowEvents keyed Flow events written
 * @param deadLetters dead letters written (every chain)
 */
public record TopicNames(String nearBlocksRaw, String nearEventsBlocks, String nearEvents, String ethBlocksRaw,
    String ethLogsRaw, String ethChain, String ethLogs, String flowBlocksRaw, String flowChain, String flowEvents,
    String deadLetters) {

  /** The names of a default deployment ({@link Topics}). */
  public static final TopicNames DEFAULT = new TopicNames(Topics.NEAR_BLOCKS_RAW, Topics.NEAR_EVENTS_BLOCKS,
      Topics.NEAR_EVENTS, Topics.ETH_BLOCKS_RAW, Topics.ETH_LOGS_RAW, Topics.ETH_CHAIN, Topics.ETH_LOGS,
      Topics.FLOW_BLOCKS_RAW, Topics.FLOW_CHAIN, Topics.FLOW_EVENTS, Topics.DEAD_LETTERS);

  public TopicNames {
    for (String name : new String[] {nearBlocksRaw, nearEventsBlocks, nearEvents, ethBlocksRaw, ethLogsRaw, ethChain,
        ethLogs, flowBlocksRaw, flowChain, flowEvents, deadLetters}) {
      if (Objects.requireNonNull(name, "topic name").isBlank()) {
        throw new IllegalArgumentException("a topic name is empty");
      }
    }
    if (ethBlocksRaw.equals(ethLogsRaw)) {
      throw new IllegalArgumentException("the raw Ethereum block and log topics must differ: " + ethBlocksRaw);
    }
  }

  /** These names with every input (raw) topic renamed by {@code rename}; outputs unchanged. */
  public TopicNames withInputs(UnaryOperator<String> rename) {
    return new TopicNames(rename.apply(nearBlocksRaw), nearEventsBlocks, nearEvents, rename.apply(ethBlocksRaw),
        rename.apply(ethLogsRaw), ethChain, ethLogs, rename.apply(flowBlocksRaw), flowChain, flowEvents, deadLetters);
  }

  /** These names with every output topic (dead letters included) renamed by {@code rename}; inputs unchanged. */
  public TopicNames withOutputs(UnaryOperator<String> rename) {
    return new TopicNames(nearBlocksRaw, rename.apply(nearEventsBlocks), rename.apply(nearEvents), ethBlocksRaw,
        ethLogsRaw, rename.apply(ethChain), rename.apply(ethLogs), flowBlocksRaw, rename.apply(flowChain),
        rename.apply(flowEvents), rename.apply(deadLetters));
  }

  /** Each default name ({@link Topics}) mapped to this set's name for the same role, in a stable order. */
  public Map<String, String> byDefaultName() {
    final Map<String, String> names = new LinkedHashMap<>();
    names.put(Topics.NEAR_BLOCKS_RAW, nearBlocksRaw);
    names.put(Topics.NEAR_EVENTS_BLOCKS, nearEventsBlocks);
    names.put(Topics.NEAR_EVENTS, nearEvents);
    names.put(Topics.ETH_BLOCKS_RAW, ethBlocksRaw);
    names.put(Topics.ETH_LOGS_RAW, ethLogsRaw);
    names.put(Topics.ETH_CHAIN, ethChain);
    names.put(Topics.ETH_LOGS, ethLogs);
    names.put(Topics.FLOW_BLOCKS_RAW, flowBlocksRaw);
    names.put(Topics.FLOW_CHAIN, flowChain);
    names.put(Topics.FLOW_EVENTS, flowEvents);
    names.put(Topics.DEAD_LETTERS, deadLetters);
    return names;
  }
}
