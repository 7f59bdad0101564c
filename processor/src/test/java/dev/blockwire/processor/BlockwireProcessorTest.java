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
  void shouldBuildTheNearAndFlowNodesIntoTheFullTopology() {
    final TopologyDescription description = BlockwireProcessor.buildTopology().describe();
    assertThat(nodeNames(description)).containsExactlyInAnyOrder(
        "near-blocks-source", "near-blocks-processor", "near-events-blocks-sink", "near-events-sink",
        "near-dead-letters-sink",
        "flow-blocks-source", "flow-blocks-processor", "flow-chain-sink", "flow-events-sink",
        "flow-dead-letters-sink");
    assertThat(description.subtopologies()).hasSize(2);
    assertThat(description.subtopologies().stream().flatMap(s -> s.nodes().stream()))
        .filteredOn(n -> n instanceof TopologyDescription.Processor)
        .extracting(n -> n.name() + ":" + ((TopologyDescription.Processor) n).stores())
        .containsExactlyInAnyOrder("near-blocks-processor:[near-chain-head]", "flow-blocks-processor:[flow-chain-head]");
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

  private static Set<String> nodeNames(TopologyDescription description) {
    return description.subtopologies().stream()
        .flatMap(s -> s.nodes().stream())
        .map(TopologyDescription.Node::name)
        .collect(Collectors.toSet());
  }
}
