package dev.blockwire.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.blockwire.processor.near.NearEventsTopology;

/** Lifecycle without a broker (the topology itself is tested on TopologyTestDriver). */
class BlockwireProcessorTest {

  @TempDir
  Path stateDir;

  @Test
  void shouldBuildTheNearEthereumAndFlowNodesIntoTheFullTopology() {
    final TopologyDescription description = BlockwireProcessor.buildTopology().describe();
    assertThat(nodeNames(description)).containsExactlyInAnyOrder(
        "near-blocks-source", "near-blocks-processor", "near-events-blocks-sink", "near-events-sink",
        "near-dead-letters-sink",
        "eth-blocks-source", "eth-logs-source", "eth-chain-processor", "eth-chain-sink", "eth-logs-sink",
        "eth-dead-letters-sink",
        "flow-blocks-source", "flow-blocks-processor", "flow-chain-sink", "flow-events-sink",
        "flow-dead-letters-sink");
    assertThat(description.subtopologies()).hasSize(3);
    assertThat(processor(description, "near-blocks-processor").stores()).containsExactly("near-chain-head");
    assertThat(processor(description, "eth-chain-processor").stores()).containsExactlyInAnyOrder(
        "eth-chain-head", "eth-chain-canonical", "eth-chain-blocks");
    assertThat(processor(description, "flow-blocks-processor").stores()).containsExactly("flow-chain-head");
  }

  @Test
  void shouldFeedBothEthereumRawTopicsToOneProcessorInOneSubtopology() {
    final TopologyDescription description = BlockwireProcessor.buildTopology().describe();
    final TopologyDescription.Subtopology eth = description.subtopologies().stream()
        .filter(s -> s.nodes().stream().anyMatch(n -> n.name().equals("eth-chain-processor")))
        .findFirst().orElseThrow();
    assertThat(eth.nodes()).extracting(TopologyDescription.Node::name).containsExactlyInAnyOrder(
        "eth-blocks-source", "eth-logs-source", "eth-chain-processor", "eth-chain-sink", "eth-logs-sink",
        "eth-dead-letters-sink");
    assertThat(processor(description, "eth-chain-processor").predecessors())
        .extracting(TopologyDescription.Node::name)
        .containsExactlyInAnyOrder("eth-blocks-source", "eth-logs-source");
  }

  @Test
  void shouldAddNearNodesBesideOtherChains() {
    final Topology topology = new Topology();
    topology.addSource("eth-blocks-source", "eth.blocks.raw");
    topology.addSink("eth-chain-sink", "eth.chain", "eth-blocks-source");
    NearEventsTopology.addTo(topology);
    assertThat(topology.describe().subtopologies()).hasSize(2);
  }

  @Test
  void shouldStayCreatedUntilStartedAndCloseCleanly() throws Exception {
    final ProcessorConfig config = ProcessorConfig.defaults().withBootstrapServers("127.0.0.1:1").withStateDir(stateDir);
    try (BlockwireProcessor processor = new BlockwireProcessor(config)) {
      assertThat(processor.state()).isEqualTo(KafkaStreams.State.CREATED);
      assertThat(processor.awaitRunning(Duration.ofMillis(20))).isFalse();
      processor.close();
      assertThat(processor.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
      assertThatThrownBy(() -> processor.awaitRunning(Duration.ofSeconds(5)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("the processor is NOT_RUNNING and will not run");
    }
  }

  private static TopologyDescription.Processor processor(TopologyDescription description, String name) {
    return description.subtopologies().stream()
        .flatMap(s -> s.nodes().stream())
        .filter(n -> n.name().equals(name))
        .map(TopologyDescription.Processor.class::cast)
        .findFirst().orElseThrow();
  }

  private static Set<String> nodeNames(TopologyDescription description) {
    return description.subtopologies().stream()
        .flatMap(s -> s.nodes().stream())
        .map(TopologyDescription.Node::name)
        .collect(Collectors.toSet());
  }
}
