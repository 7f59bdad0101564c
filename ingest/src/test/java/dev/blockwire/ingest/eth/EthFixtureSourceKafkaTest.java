package dev.blockwire.ingest.eth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.blockwire.broker.EmbeddedKafkaBroker;
import dev.blockwire.broker.TopicAdmin;
import dev.blockwire.ingest.fixture.FixtureReplay;
import dev.blockwire.ingest.fixture.FixtureSource;
import dev.blockwire.ingest.fixture.FixtureSourceConfig;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.Topics;
import dev.blockwire.schemas.common.NetworkKey;
import dev.blockwire.schemas.eth.EthBlock;

/** The Ethereum fixture source against a real in-process KRaft broker. */
class EthFixtureSourceKafkaTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir static Path dataDir;
  static EmbeddedKafkaBroker broker;
  static EthFixtureChain chain;

  @BeforeAll
  static void startBroker() throws IOException {
    broker = EmbeddedKafkaBroker.start(dataDir);
    TopicAdmin.ensureTopics(broker.bootstrapServers(), List.of(new Topics.Spec("eth-write", 1),
        new Topics.Spec("eth-resume", 1)), (short) 1);
    chain = EthFixtureChain.load("", "eth-mainnet", new GethBlocks(MAPPER));
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void shouldWriteBlocksThatReadBackWithTheSerdesAcrossTheLoopBoundary() throws IOException {
    try (FixtureSource<EthBlock> source = source("eth-write")) {
      assertThat(source.runOnce(45)).isEqualTo(45);
    }

    final List<ConsumerRecord<NetworkKey, EthBlock>> records = readAll("eth-write", 45);
    final FixtureReplay<EthBlock> expected = FixtureReplay.fromStart(chain, true);
    for (ConsumerRecord<NetworkKey, EthBlock> record : records) {
      final EthBlock block = expected.next();
      assertThat(record.key().getNetwork()).isEqualTo("eth-mainnet");
      assertThat(record.value()).isEqualTo(block);
      assertThat(record.timestamp()).isEqualTo(block.getHeader().getTimestamp() * 1000L);
    }
    EthFixtureReplayTest.assertWrittenInNodeOrder(records.stream().map(ConsumerRecord::value).toList());
  }

  @Test
  void shouldResumeAfterTheLastWrittenBlockNotTheHighest() throws IOException {
    // 30 blocks end with the new branch's first block (+25), below the old head (+27)
    try (FixtureSource<EthBlock> first = source("eth-resume")) {
      assertThat(first.runOnce(30)).isEqualTo(30);
    }
    try (FixtureSource<EthBlock> second = source("eth-resume")) {
      assertThat(second.runOnce(15)).isEqualTo(15);
    }

    final List<EthBlock> written = readAll("eth-resume", 45).stream().map(ConsumerRecord::value).toList();
    assertThat(written).hasSize(45);
    final FixtureReplay<EthBlock> expected = FixtureReplay.fromStart(chain, true);
    for (EthBlock block : written) {
      assertThat(block).isEqualTo(expected.next());
    }
  }

  private static FixtureSource<EthBlock> source(String topic) throws IOException {
    final FixtureSourceConfig config = FixtureSourceConfig.ETH.defaults(broker.bootstrapServers())
        .withTopic(topic).withBlocksPerSecond(0);
    return new FixtureSource<>(config, EthFixtureChain.load(config, MAPPER));
  }

  private static List<ConsumerRecord<NetworkKey, EthBlock>> readAll(String topic, int count) {
    final Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    final List<ConsumerRecord<NetworkKey, EthBlock>> records = new ArrayList<>();
    try (KafkaConsumer<NetworkKey, EthBlock> consumer = new KafkaConsumer<>(props,
        Serdes.NETWORK_KEY.deserializer(), Serdes.ETH_BLOCK.deserializer())) {
      final TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      final long deadline = System.nanoTime() + WAIT.toNanos();
      while (records.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      }
    }
    assertThat(records).as("records in " + topic).hasSizeGreaterThanOrEqualTo(count);
    return records;
  }
}
