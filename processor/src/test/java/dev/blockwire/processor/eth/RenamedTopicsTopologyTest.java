package dev.blockwire.processor.eth;

import static dev.blockwire.processor.eth.EthTestData.NETWORK;
import static dev.blockwire.processor.eth.EthTestData.block;
import static dev.blockwire.processor.eth.EthTestData.rawLog;
import static dev.blockwire.processor.eth.EthTestData.usual;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.blockwire.processor.BlockwireProcessor;
import dev.blockwire.processor.ProcessorConfig;
import dev.blockwire.processor.TopicNames;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.Topics;
import dev.blockwire.schemas.eth.EthBlock;

/** The production topology on renamed topics (as {@code blockwire replay} runs it): reads and writes only those. */
class RenamedTopicsTopologyTest {

  private static final TopicNames RENAMED = TopicNames.DEFAULT.withInputs(n -> "in." + n).withOutputs(n -> n + ".r1");

  @TempDir
  Path stateDir;

  @Test
  void shouldReadAndWriteOnlyTheGivenTopicNames() {
    final TopologyDescription description =
        BlockwireProcessor.buildTopology(ProcessorConfig.defaults(), RENAMED).describe();
    final Set<String> topics = new HashSet<>();
    description.subtopologies().forEach(s -> s.nodes().forEach(node -> {
      if (node instanceof TopologyDescription.Source source) {
        topics.addAll(source.topicSet());
      } else if (node instanceof TopologyDescription.Sink sink) {
        topics.add(sink.topic());
      }
    }));
    assertThat(topics).containsExactlyInAnyOrder("in.near.blocks.raw", "near.events.blocks.r1", "near.events.r1",
        "in.eth.blocks.raw", "in.eth.logs.raw", "eth.chain.r1", "eth.logs.r1", "in.flow.blocks.raw", "flow.chain.r1",
        "flow.events.r1", "blockwire.dlq.r1");
  }

  @Test
  void shouldTellRenamedRawBlocksFromRenamedRawLogs() {
    try (TopologyTestDriver driver = new TopologyTestDriver(
        BlockwireProcessor.buildTopology(ProcessorConfig.defaults(), RENAMED),
        ProcessorConfig.defaults().withStateDir(stateDir).streamsProperties())) {
      final TestInputTopic<byte[], byte[]> blocks = driver.createInputTopic("in." + Topics.ETH_BLOCKS_RAW,
          new ByteArraySerializer(), new ByteArraySerializer());
      final TestInputTopic<byte[], byte[]> logs = driver.createInputTopic("in." + Topics.ETH_LOGS_RAW,
          new ByteArraySerializer(), new ByteArraySerializer());
      final byte[] key = Serdes.NETWORK_KEY.encode(Serdes.networkKey(NETWORK));
      final EthBlock a = block("a", "genesis", 0, usual("a"));
      blocks.pipeInput(key, Serdes.ETH_BLOCK.encode(a));
      logs.pipeInput(key, Serdes.ETH_RAW_LOG.encode(rawLog(a, 1, true)));

      assertThat(driver.createOutputTopic("eth.chain.r1", Serdes.NETWORK_KEY.deserializer(),
          Serdes.ETH_CHAIN_UPDATE.deserializer()).readValuesToList()).hasSize(2);
      assertThat(driver.createOutputTopic("eth.logs.r1", Serdes.ETH_LOG_KEY.deserializer(),
          Serdes.ETH_LOG.deserializer()).readValuesToList()).extracting(l -> l.getRemoved())
          .containsExactly(false, false, true);
      assertThat(driver.createOutputTopic("blockwire.dlq.r1", Serdes.NETWORK_KEY.deserializer(),
          Serdes.DEAD_LETTER.deserializer()).isEmpty()).isTrue();
    }
  }
}
