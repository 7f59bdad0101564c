package dev.blockwire.ingest.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.blockwire.processor.BlockwireProcessor;
import dev.blockwire.processor.ProcessorConfig;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.Topics;
import dev.blockwire.schemas.common.DeadLetter;
import dev.blockwire.schemas.eth.EthBlock;
import dev.blockwire.schemas.eth.EthChainUpdate;
import dev.blockwire.schemas.flow.FlowBlock;
import dev.blockwire.schemas.flow.FlowBlockStatus;
import dev.blockwire.schemas.flow.FlowChainUpdate;
import dev.blockwire.schemas.near.NearBlock;
import dev.blockwire.schemas.near.NearBlockEvents;

/** The generated chains through the production topology: accepted whole, reorgs resolved, nothing dead-lettered but the invalid lines. */
class LoadChainsProcessorTest {

  @TempDir
  Path stateDir;

  private TopologyTestDriver driver;

  @BeforeEach
  void startDriver() {
    driver = new TopologyTestDriver(BlockwireProcessor.buildTopology(),
        ProcessorConfig.defaults().withStateDir(stateDir).streamsProperties());
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  @Test
  void shouldAcceptEveryNearBlockAndDeadLetterOnlyTheInvalidLines() {
    final LoadProfile profile = LoadProfile.near(0, 60, 21, 0);
    final NearLoadChain chain = new NearLoadChain(profile);
    final TestInputTopic<byte[], byte[]> raw = driver.createInputTopic(Topics.NEAR_BLOCKS_RAW,
        new ByteArraySerializer(), new ByteArraySerializer());
    long eventLines = 0;
    for (int i = 0; i < 100; i++) {
      final NearBlock block = chain.next();
      eventLines += chain.eventCount(block);
      raw.pipeInput(new TestRecord<>(Serdes.NETWORK_KEY.encode(Serdes.networkKey(profile.network())),
          Serdes.NEAR_BLOCK.encode(block), null, block.getTimestampNanos() / 1_000_000L));
    }
    final List<NearBlockEvents> blocks = driver.createOutputTopic(Topics.NEAR_EVENTS_BLOCKS,
        Serdes.NETWORK_KEY.deserializer(), Serdes.NEAR_BLOCK_EVENTS.deserializer()).readValuesToList();
    final long events = driver.createOutputTopic(Topics.NEAR_EVENTS,
        Serdes.NEAR_EVENT_KEY.deserializer(), Serdes.NEAR_EVENT.deserializer()).getQueueSize();
    final List<DeadLetter> deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS,
        Serdes.NETWORK_KEY.deserializer(), Serdes.DEAD_LETTER.deserializer()).readValuesToList();

    assertThat(blocks).hasSize(100);
    assertThat(deadLetters).isNotEmpty()
        .allSatisfy(letter -> assertThat(letter.getCode()).isNotIn("stale_block", "invalid_block", "undecodable_record"));
    assertThat(events + deadLetters.size()).isEqualTo(eventLines);
    assertThat(blocks.stream().mapToLong(b -> b.getEvents().size()).sum()).isEqualTo(events);
  }

  @Test
  void shouldResolveEveryEthereumReorgWithNoDeadLetter() {
    final int every = 8;
    final int depth = 3;
    final LoadProfile profile = LoadProfile.eth(0, 40, every, depth, 33, 0);
    final EthLoadChain chain = new EthLoadChain(profile);
    final TestInputTopic<byte[], byte[]> raw = driver.createInputTopic(Topics.ETH_BLOCKS_RAW,
        new ByteArraySerializer(), new ByteArraySerializer());
    final int cycles = 6;
    for (int i = 0; i < cycles * (every + depth); i++) {
      final EthBlock block = chain.next();
      raw.pipeInput(new TestRecord<>(Serdes.NETWORK_KEY.encode(Serdes.networkKey(profile.network())),
          Serdes.ETH_BLOCK.encode(block), null, block.getHeader().getTimestamp() * 1000L));
    }
    final List<EthChainUpdate> updates = driver.createOutputTopic(Topics.ETH_CHAIN,
        Serdes.NETWORK_KEY.deserializer(), Serdes.ETH_CHAIN_UPDATE.deserializer()).readValuesToList();
    final long deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS,
        Serdes.NETWORK_KEY.deserializer(), Serdes.DEAD_LETTER.deserializer()).getQueueSize();

    assertThat(deadLetters).isZero();
    assertThat(updates).hasSize(cycles * (every + depth));
    final List<EthChainUpdate> reorgs = updates.stream().filter(u -> !u.getDropped().isEmpty()).toList();
    assertThat(reorgs).hasSize(cycles - 1 + 1)
        .allSatisfy(u -> {
          assertThat(u.getDropped()).hasSize(depth);
          assertThat(u.getRemovedLogs()).isNotEmpty().allSatisfy(log -> assertThat(log.getRemoved()).isTrue());
        });
  }

  @Test
  void shouldAcceptEveryFlowRecordWithNoDeadLetterAndKeyEverySealedEvent() {
    final LoadProfile profile = LoadProfile.flow(0, 40, 44, 0);
    final FlowLoadChain chain = new FlowLoadChain(profile);
    final TestInputTopic<byte[], byte[]> raw = driver.createInputTopic(Topics.FLOW_BLOCKS_RAW,
        new ByteArraySerializer(), new ByteArraySerializer());
    long sealedEvents = 0;
    long sealed = 0;
    for (int i = 0; i < 200; i++) {
      final FlowBlock block = chain.next();
      if (block.getStatus() == FlowBlockStatus.SEALED) {
        sealed++;
        sealedEvents += chain.eventCount(block);
      }
      raw.pipeInput(new TestRecord<>(Serdes.NETWORK_KEY.encode(Serdes.networkKey(profile.network())),
          Serdes.FLOW_BLOCK.encode(block), null, block.getHeader().getTimestampMs()));
    }
    final List<FlowChainUpdate> updates = driver.createOutputTopic(Topics.FLOW_CHAIN,
        Serdes.NETWORK_KEY.deserializer(), Serdes.FLOW_CHAIN_UPDATE.deserializer()).readValuesToList();
    final long events = driver.createOutputTopic(Topics.FLOW_EVENTS,
        Serdes.FLOW_EVENT_KEY.deserializer(), Serdes.FLOW_CONTRACT_EVENT.deserializer()).getQueueSize();
    final long deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS,
        Serdes.NETWORK_KEY.deserializer(), Serdes.DEAD_LETTER.deserializer()).getQueueSize();

    assertThat(deadLetters).isZero();
    assertThat(updates).hasSize(200);
    assertThat(sealed).isGreaterThan(90);
    assertThat(events).isEqualTo(sealedEvents).isGreaterThan(sealed * 20);
    final FlowChainUpdate lastSealed = updates.stream().filter(u -> u.getStatus() == FlowBlockStatus.SEALED)
        .reduce((a, b) -> b).orElseThrow();
    assertThat(lastSealed.getFinalizedHeight() - lastSealed.getSealedHeight()).isEqualTo(FlowLoadChain.SEAL_LAG);
  }
}
